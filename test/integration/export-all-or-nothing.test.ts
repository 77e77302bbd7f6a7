// An export writes every file or none: a missing data-set file, a full disk, a damaged prediction
// file, a folder that cannot be written or a cancel leave the target folder exactly as it was.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, promises as fsPromises, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, InputError } from '../../src-main/core/errors.ts';
import { DamagedFileError } from '../../src-main/core/files/damaged-file.ts';
import { DATASET_FILES } from '../../src-main/core/formats/dataset-files.ts';
import { resolveExportFolder } from '../../src-main/core/workspace/submissions.ts';
import { openWorkspace, type Workspace } from '../../src-main/core/workspace/workspace.ts';
import { execCli } from './cli-process.ts';
import { addTinyDataset, TINY_OVERRIDES } from './tiny-dataset.ts';

let root: string;
let workspace: Workspace;
let gaussRun: string;
let rkkyRun: string;
let datasetDir: string;

/** Every entry of `dir` (files with their bytes; the `folders` by name alone): what an export may touch. */
function snapshot(dir: string, folders: readonly string[] = []): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const name of readdirSync(dir)) entries[name] = folders.includes(name) ? 'folder' : readFileSync(join(dir, name)).toString('base64');
  return entries;
}

function helperFolders(dir: string): string[] {
  return readdirSync(join(dir, '..')).filter((name) => name.startsWith('.'));
}

/** A folder that already holds an earlier export (of the RKKY run alone) and a file of the user's. */
async function exportedBefore(): Promise<string> {
  const out = join(mkdtempSync(join(root, 'target-')), 'submission');
  await workspace.submissions.export({ outDir: out, rkky: rkkyRun });
  writeFileSync(join(out, 'notes.txt'), 'mine\n');
  return out;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'spin-echo-export-'));
  workspace = await openWorkspace(join(root, 'workspace'));
  const gauss = await addTinyDataset(workspace, 1, 2);
  datasetDir = join(workspace.dir, gauss.directory);
  const rkky = await addTinyDataset(workspace, 3, 4, 'RKKY');
  const train = async (datasetId: string) => {
    const { run, settled } = await workspace.runs.train({ datasetId, preset: 'seed-mlp', overrides: TINY_OVERRIDES, epochs: 1, backend: 'cpu' });
    expect((await settled).status).toBe('finished');
    return run.id;
  };
  gaussRun = await train(gauss.id);
  rkkyRun = await train(rkky.id);
});

afterAll(async () => {
  await workspace?.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('an export', () => {
  it('replaces the files of an earlier export, keeps the user\'s, and leaves no helper folder', async () => {
    const out = await exportedBefore();
    const { paths } = await workspace.submissions.export({ outDir: out, gauss: gaussRun, rkky: rkkyRun });
    expect(paths.map((path) => path.slice(out.length + 1))).toEqual(['RKKY_mat_info_eval.txt', 'gauss_mat_info_eval.txt', 'report.html', 'summary.json']);
    expect(readdirSync(out).sort()).toEqual(['RKKY_mat_info_eval.txt', 'gauss_mat_info_eval.txt', 'notes.txt', 'report.html', 'summary.json']);
    expect(helperFolders(out)).toEqual([]);
  });

  it('leaves the folder as it was when a data-set file is missing', async () => {
    const out = await exportedBefore();
    const before = snapshot(out);
    const truth = join(datasetDir, DATASET_FILES.evalTruth);
    renameSync(truth, `${truth}.away`);
    try {
      await expect(workspace.submissions.export({ outDir: out, gauss: gaussRun, rkky: rkkyRun })).rejects.toThrow(/ENOENT/);
    } finally {
      renameSync(`${truth}.away`, truth);
    }
    expect(snapshot(out)).toEqual(before);
    expect(helperFolders(out)).toEqual([]);
  });

  it('leaves the folder as it was when the disk fills while the files are written', async () => {
    const out = await exportedBefore();
    const before = snapshot(out);
    const probe = await fsPromises.open(join(root, 'probe'), 'w');
    const handle = Object.getPrototypeOf(probe) as { writeFile(data: unknown): Promise<void> };
    await probe.close();
    const writeFile = handle.writeFile;
    let writes = 0;
    vi.spyOn(handle, 'writeFile').mockImplementation(function (this: unknown, data: unknown) {
      writes += 1;
      if (writes === 3) return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
      return writeFile.call(this, data);
    });
    await expect(workspace.submissions.export({ outDir: out, gauss: gaussRun, rkky: rkkyRun })).rejects.toThrow(/ENOSPC/);
    expect(snapshot(out)).toEqual(before);
    expect(helperFolders(out)).toEqual([]);
  });

  it('puts every file back when moving them into place fails half way', async () => {
    const out = await exportedBefore();
    const before = snapshot(out);
    const rename = fsPromises.rename.bind(fsPromises);
    let moves = 0;
    vi.spyOn(fsPromises, 'rename').mockImplementation(async (from, to) => {
      if (String(to).startsWith(`${out}/`) && String(from).includes('.staging-') && ++moves === 3) {
        throw Object.assign(new Error('ENOSPC: no space left on device, rename'), { code: 'ENOSPC' });
      }
      return rename(from, to);
    });
    await expect(workspace.submissions.export({ outDir: out, gauss: gaussRun, rkky: rkkyRun })).rejects.toThrow(/ENOSPC/);
    expect(moves).toBe(3);
    expect(snapshot(out)).toEqual(before);
    expect(helperFolders(out)).toEqual([]);
  });

  it('never replaces (nor removes) a folder of the user\'s named like one of its files', async () => {
    const out = await exportedBefore();
    const folder = join(out, 'gauss_mat_info_eval.txt');
    mkdirSync(folder);
    writeFileSync(join(folder, 'inside.txt'), 'kept\n');
    const before = snapshot(out, ['gauss_mat_info_eval.txt']);
    await expect(workspace.submissions.export({ outDir: out, gauss: gaussRun, rkky: rkkyRun })).rejects.toThrow(`${folder} is a folder, not a regular file`);
    expect(snapshot(out, ['gauss_mat_info_eval.txt'])).toEqual(before);
    expect(readFileSync(join(folder, 'inside.txt'), 'utf8')).toBe('kept\n');
    expect(helperFolders(out)).toEqual([]);
  });

  it('refuses predictions overwritten with random bytes of the same size, naming the file', async () => {
    const out = await exportedBefore();
    const before = snapshot(out);
    const artifact = workspace.runs.show(gaussRun).artifacts.find((candidate) => candidate.kind === 'eval-predictions');
    const path = join(workspace.dir, artifact!.path);
    const good = readFileSync(path);
    writeFileSync(path, randomBytes(good.length));
    try {
      await expect(workspace.submissions.export({ outDir: out, gauss: gaussRun })).rejects.toThrow(DamagedFileError);
      await expect(workspace.submissions.export({ outDir: out, gauss: gaussRun })).rejects.toThrow(`${path}: the file is damaged`);
    } finally {
      writeFileSync(path, good);
    }
    expect(snapshot(out)).toEqual(before);
  });

  it('stops on a cancel, leaving the folder as it was', async () => {
    const out = await exportedBefore();
    const before = snapshot(out);
    const controller = new AbortController();
    // Cancelled at its first step, as the export job of the UI is.
    const { result } = workspace.jobs.run('export', 'export both', (signal, onProgress) =>
      workspace.submissions.export({ outDir: out, gauss: gaussRun, rkky: rkkyRun, signal, onProgress }),
      { signal: controller.signal },
    );
    const events: string[] = [];
    const stop = workspace.subscribe((event) => {
      if (event.type === 'job-progress' && event.kind === 'export') controller.abort();
      if (event.type === 'job-finished') events.push(`${event.jobId} ${event.outcome}`);
    });
    try {
      await expect(result).rejects.toThrow(CancelledError);
      await new Promise((resolve) => setImmediate(resolve));
      expect(events).toEqual([expect.stringMatching(/^export-\d+ cancelled$/)]);
    } finally {
      stop();
    }
    expect(snapshot(out)).toEqual(before);
    expect(helperFolders(out)).toEqual([]);
  });

  it('refuses a folder under /proc at once instead of spinning', async () => {
    const started = Date.now();
    await expect(workspace.submissions.export({ outDir: '/proc/spin-echo-export', gauss: gaussRun })).rejects.toThrow(InputError);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 20_000);

  it('gives up on a file operation that does not return, after its deadline', async () => {
    const out = join(mkdtempSync(join(root, 'target-')), 'slow');
    mkdirSync(out);
    const rename = fsPromises.rename.bind(fsPromises);
    vi.spyOn(fsPromises, 'rename').mockImplementation((from, to) => (String(from).includes('.staging-') ? new Promise(() => {}) : rename(from, to)));
    await expect(workspace.submissions.export({ outDir: out, gauss: gaussRun, timeoutMs: 300 })).rejects.toThrow(/took longer than 300 ms and was given up/);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('the export folder', () => {
  it('is taken from the home folder when relative, never from the working folder', () => {
    expect(resolveExportFolder('submission', '/home/ada')).toBe('/home/ada/submission');
    expect(resolveExportFolder('~/out/x', '/home/ada')).toBe('/home/ada/out/x');
    expect(resolveExportFolder('~', '/home/ada')).toBe('/home/ada');
    expect(resolveExportFolder('/srv/out/', '/home/ada')).toBe('/srv/out');
    expect(() => resolveExportFolder('  ', '/home/ada')).toThrow(InputError);
  });

  it('from the CLI: a damaged prediction file fails in one line and writes nothing', async () => {
    // The CLI opens the workspace itself: ours lets go of it first.
    await workspace.close();
    try {
      const path = join(workspace.dir, `runs/${gaussRun}/eval-predictions.f64`);
      const good = readFileSync(path);
      writeFileSync(path, randomBytes(good.length));
      const result = await execCli(['export', '--gauss', gaussRun, '--out', join(root, 'cli-out'), '--workspace', workspace.dir]);
      writeFileSync(path, good);
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(`${path}: the file is damaged`);
      expect(existsSync(join(root, 'cli-out'))).toBe(false);
    } finally {
      workspace = await openWorkspace(workspace.dir);
    }
  });
});
