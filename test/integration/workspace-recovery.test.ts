// What the next open makes of a workspace a crash or a person left in a bad state: an empty or
// missing database beside stored work, the leftovers of a killed owner, an import cut short.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CancelledError, EchoFileError } from '../../src-main/core/errors.ts';
import { challengeFileName } from '../../src-main/core/formats/challenge-files.ts';
import { DATABASE_FILE, DamagedDatabaseError } from '../../src-main/core/store/database.ts';
import { DATASET_FILES, INCOMPLETE_MARKER } from '../../src-main/core/formats/dataset-files.ts';
import { openWorkspace, type Workspace } from '../../src-main/core/workspace/workspace.ts';
import { writeChallengeFolder } from './challenge-fixture.ts';
import { addTinyDataset } from './tiny-dataset.ts';

const CLI = fileURLToPath(new URL('../../bin/spin-echo.mjs', import.meta.url));

function temporary(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `spin-echo-${prefix}-`));
}

/** A workspace holding one data set, closed. */
async function workspaceWithDataset(): Promise<{ dir: string; datasetDir: string }> {
  const dir = temporary('recovery');
  const workspace = await openWorkspace(dir);
  const dataset = await addTinyDataset(workspace, 1, 2);
  await workspace.close();
  return { dir, datasetDir: join(dir, dataset.directory) };
}

/** Every file under `dir` with its bytes, to see that nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[join(entry.parentPath, entry.name).slice(dir.length)] = readFileSync(join(entry.parentPath, entry.name)).toString('base64');
  }
  return files;
}

function foldersIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('a workspace whose database is empty or missing beside its data sets', () => {
  it('is refused as damaged when the file is empty (moved aside), keeps everything, and starts afresh only when asked', async () => {
    const { dir, datasetDir } = await workspaceWithDataset();
    const datasets = snapshot(datasetDir);
    writeFileSync(join(dir, DATABASE_FILE), '');
    rmSync(join(dir, `${DATABASE_FILE}-wal`), { force: true });

    const refusal = await openWorkspace(dir).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DamagedDatabaseError);
    expect((refusal as Error).message).toMatch(/the database is damaged \(empty, while the workspace still holds datasets\/\); it was kept as .*workbench\.sqlite\.damaged-/);
    expect(existsSync((refusal as DamagedDatabaseError).movedTo!)).toBe(true);
    // A second start keeps refusing rather than quietly opening an empty workspace.
    await expect(openWorkspace(dir)).rejects.toThrow(DamagedDatabaseError);
    await expect(openWorkspace(dir, { readonly: true })).rejects.toThrow();

    const fresh = await openWorkspace(dir, { recreateIfDamaged: true });
    try {
      expect(fresh.datasets.list()).toEqual([]);
      expect(fresh.orphans.removed).toEqual([]);
      expect(fresh.orphans.kept.map((orphan) => orphan.path)).toEqual([datasetDir.slice(dir.length + 1)]);
    } finally {
      await fresh.close();
    }
    expect(snapshot(datasetDir)).toEqual(datasets);
  });

  it('is refused when the file is gone, changing nothing, and starts afresh only when asked', async () => {
    const { dir, datasetDir } = await workspaceWithDataset();
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, DATABASE_FILE + suffix), { force: true });
    const before = snapshot(dir);
    const datasets = snapshot(datasetDir);
    await expect(openWorkspace(dir)).rejects.toThrow(/the database is damaged \(missing, while the workspace still holds datasets\/\); nothing was moved or changed/);
    expect(snapshot(dir)).toEqual(before);

    const fresh = await openWorkspace(dir, { recreateIfDamaged: true });
    expect(fresh.recovered).toEqual({ movedTo: null, reason: 'missing, while the workspace still holds datasets/' });
    await fresh.close();
    expect(snapshot(datasetDir)).toEqual(datasets);
  });

  it('is a new workspace in a brand-new folder, as before', async () => {
    const dir = temporary('new');
    const workspace = await openWorkspace(dir);
    expect(workspace.recovered).toBeNull();
    expect(workspace.datasets.list()).toEqual([]);
    await workspace.close();
  });
});

describe('the leftovers of an owner killed mid-write', () => {
  it('are removed at the next open when certainly garbage, never a stored file nor a live writer\'s', async () => {
    const { dir, datasetDir } = await workspaceWithDataset();
    const dead = await deadPid();
    const live = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    try {
      // A data set cut short while writing, an empty one, one without its header or marker (it may
      // hold an earlier database's data: only reported), an empty run folder,
      // temporary files of a dead writer and of a live one, and a marker whose removal was lost.
      mkdirSync(join(dir, 'datasets', 'ds-cut00001'));
      writeFileSync(join(dir, 'datasets', 'ds-cut00001', INCOMPLETE_MARKER), '');
      writeFileSync(join(dir, 'datasets', 'ds-cut00001', DATASET_FILES.model), 'partial');
      writeFileSync(join(dir, 'datasets', 'ds-cut00001', DATASET_FILES.header), '{}');
      mkdirSync(join(dir, 'datasets', 'ds-cut00002'));
      mkdirSync(join(dir, 'datasets', 'ds-unknown'));
      writeFileSync(join(dir, 'datasets', 'ds-unknown', DATASET_FILES.model), 'maybe data');
      mkdirSync(join(dir, 'runs', 'run-cut00001'), { recursive: true });
      writeFileSync(join(dir, 'runs', 'run-cut00001', `.last.ckpt.${dead}-0123456789ab.tmp`), 'half');
      writeFileSync(join(datasetDir, `.${DATASET_FILES.labels}.${dead}-0123456789ab.tmp`), 'half');
      writeFileSync(join(dir, `.demo-seeded.json.${live.pid}-0123456789ab.tmp`), 'being written');
      writeFileSync(join(datasetDir, INCOMPLETE_MARKER), '');
      const stored = snapshot(datasetDir);

      const workspace = await openWorkspace(dir);
      try {
        const datasetPath = datasetDir.slice(dir.length + 1);
        expect([...workspace.orphans.removed].sort()).toEqual(
          [
            'datasets/ds-cut00001',
            'datasets/ds-cut00002',
            `${datasetPath}/${INCOMPLETE_MARKER}`,
            'runs/run-cut00001',
            `${datasetPath}/.${DATASET_FILES.labels}.${dead}-0123456789ab.tmp`,
          ].sort(),
        );
        expect(workspace.orphans.kept).toEqual([{ path: 'datasets/ds-unknown', reason: expect.stringMatching(/without its header .* it may hold data/) }]);
        const { [`/${INCOMPLETE_MARKER}`]: _marker, [`/.${DATASET_FILES.labels}.${dead}-0123456789ab.tmp`]: _tmp, ...expected } = stored;
        expect(snapshot(datasetDir)).toEqual(expected);
        expect((await workspace.datasets.loadArrays(workspace.datasets.list()[0].id)).model.count).toBe(48);
        expect(existsSync(join(dir, `.demo-seeded.json.${live.pid}-0123456789ab.tmp`))).toBe(true);
        expect(readdirSync(join(dir, 'datasets')).sort()).toEqual([datasetDir.split('/').pop(), 'ds-unknown'].sort());
      } finally {
        await workspace.close();
      }
    } finally {
      live.kill();
    }
  });
});

describe('importing a challenge folder', () => {
  async function bothModels(): Promise<string> {
    const folder = temporary('both');
    await writeChallengeFolder(folder, 'gauss', { modelCount: 24, evalCount: 6, truth: true, seed: 1 });
    await writeChallengeFolder(folder, 'RKKY', { modelCount: 24, evalCount: 6, truth: true, seed: 2 });
    return folder;
  }

  /** Runs `use` on a new workspace, closing it after. */
  async function inNewWorkspace(use: (workspace: Workspace) => Promise<void>): Promise<void> {
    const workspace = await openWorkspace(temporary('import'));
    try {
      await use(workspace);
    } finally {
      await workspace.close();
    }
  }

  it('is all or nothing: a bad RKKY file beside good gauss files adds neither', async () => {
    const folder = await bothModels();
    const labels = join(folder, challengeFileName('RKKY', 'modelLabels'));
    writeFileSync(labels, readFileSync(labels, 'utf8').replace(/^[^\t]+/, 'oops'));
    await inNewWorkspace(async (workspace) => {
      await expect(workspace.datasets.importFolder(folder)).rejects.toThrow(EchoFileError);
      expect(workspace.datasets.list()).toEqual([]);
      expect(foldersIn(join(workspace.dir, 'datasets'))).toEqual([]);
    });
  });

  it('stops on a cancel that comes while the arrays are written, storing nothing', async () => {
    const folder = await bothModels();
    await inNewWorkspace(async (workspace) => {
      const controller = new AbortController();
      // The second model's files all read: what follows is the writing of both data sets.
      let modelsRead = 0;
      const onProgress = ({ done, total }: { done: number; total: number }) => {
        if (done === total && ++modelsRead === 2) controller.abort();
      };
      await expect(workspace.datasets.importFolder(folder, { signal: controller.signal, onProgress })).rejects.toThrow(CancelledError);
      expect(modelsRead).toBe(2);
      expect(workspace.datasets.list()).toEqual([]);
      expect(foldersIn(join(workspace.dir, 'datasets'))).toEqual([]);
    });
  });

  it('refuses a challenge file that links to a FIFO at once instead of waiting for a writer', async () => {
    const folder = await bothModels();
    const link = join(folder, challengeFileName('gauss', 'modelReal'));
    const fifo = join(temporary('fifo'), 'pipe');
    execFileSync('mkfifo', [fifo]);
    rmSync(link);
    symlinkSync(fifo, link);
    await inNewWorkspace(async (workspace) => {
      await expect(workspace.datasets.importFolder(folder, { model: 'gauss' })).rejects.toThrow(/gauss_echos_model_r\.txt:1:1: cannot read: not a regular file/);
    });
  }, 20_000);
});

describe('Ctrl-C during datasets import on the command line', () => {
  it('cancels even while the arrays are being written: exit 130, nothing stored', async () => {
    const folder = temporary('cli-import');
    await writeChallengeFolder(folder, 'gauss', { modelCount: 600, evalCount: 200, truth: true, seed: 1 });
    await writeChallengeFolder(folder, 'RKKY', { modelCount: 600, evalCount: 200, truth: true, seed: 2 });
    const dir = temporary('cli-import-ws');
    mkdirSync(join(dir, 'datasets'));
    // The first data-set folder appearing is the start of the writing: Ctrl-C then.
    let interrupted = false;
    const watcher = watch(join(dir, 'datasets'), () => {
      if (interrupted) return;
      interrupted = true;
      child.kill('SIGINT');
    });
    const child = spawn(process.execPath, [CLI, 'datasets', 'import', folder, '--workspace', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    watcher.close();
    expect(interrupted).toBe(true);
    expect(code, stderr).toBe(130);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    const workspace = await openWorkspace(dir);
    try {
      expect(workspace.datasets.list()).toEqual([]);
      expect(workspace.orphans.removed).toEqual([]);
      expect(readdirSync(join(dir, 'datasets'))).toEqual([]);
    } finally {
      await workspace.close();
    }
  }, 120_000);
});
