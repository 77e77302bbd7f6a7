// Fault injection: import, train, simulate and export, each in a process of its own, killed with
// SIGKILL at seeded random moments (at least 20 kills each). After every kill the workspace opens
// with a sound database, no orphan left (what the open removed is reported), every array file
// readable, every epoch the killed process announced kept, and no half-written output file under a
// real name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DATABASE_FILE } from '../../src-main/core/store/database.ts';
import { openWorkspace, type Workspace } from '../../src-main/core/workspace/workspace.ts';
import { writeChallengeFolder } from './challenge-fixture.ts';
import { addTinyDataset, TINY_OVERRIDES } from './tiny-dataset.ts';

const WORKER = fileURLToPath(new URL('./fixtures/fault-worker.ts', import.meta.url));
const KILLS = 20;
const TEMPORARY = /^\..+\.tmp$/;

let root: string;

/** The seeded random moments: a linear congruential generator, as tiny-dataset.ts uses. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Outcome {
  readonly lines: string[];
  /** Killed before it said "done". */
  readonly killed: boolean;
  /** From "started" to "done" (or to its end). */
  readonly ms: number;
  readonly stderr: string;
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** When to kill: `ms` after the worker prints the line `after` ("started" unless said). */
interface KillMoment {
  readonly ms: number;
  readonly after?: string;
}

/** Runs the worker in its own process group, and SIGKILLs the whole group (its trainer too) at `kill`. */
async function runWorker(args: readonly string[], kill: KillMoment | null): Promise<Outcome> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const lines: string[] = [];
  let started = 0;
  let finished = 0;
  let timer: NodeJS.Timeout | undefined;
  // A worker that never prints the awaited line would otherwise run (and train) for ever.
  let stuck = false;
  const guard = setTimeout(() => {
    stuck = true;
    if (groupAlive(child.pid!)) process.kill(-child.pid!, 'SIGKILL');
  }, 120_000);
  for await (const line of createInterface({ input: child.stdout })) {
    lines.push(line);
    if (line === 'done') finished = performance.now();
    if (line === 'started') started = performance.now();
    if (kill && timer === undefined && line === (kill.after ?? 'started')) {
      timer = setTimeout(() => groupAlive(child.pid!) && process.kill(-child.pid!, 'SIGKILL'), kill.ms);
    }
  }
  const signal = await exited;
  clearTimeout(timer);
  clearTimeout(guard);
  if (stuck) throw new Error(`worker ${args.join(' ')} never said '${kill?.after}': ${lines.slice(-3).join(' | ')} ${stderr}`);
  const ms = (finished || performance.now()) - started;
  // The group's other members (a trainer) die with it; the next opener must not meet them.
  while (groupAlive(child.pid!)) await new Promise((resolve) => setTimeout(resolve, 20));
  if (signal === null && !lines.includes('done')) throw new Error(`worker ${args.join(' ')} failed: ${stderr}`);
  return { lines, killed: signal === 'SIGKILL' && !lines.includes('done'), ms, stderr };
}

/** Workspace-relative paths of every temporary file under `dir`. */
function temporaries(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && TEMPORARY.test(entry.name))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/**
 * Checks a workspace a killed process owned: a sound database before anything of ours touches it,
 * then an open that leaves no orphan (reporting what it removed) and every data set readable.
 */
async function checkWorkspace(dir: string, inspect: (workspace: Workspace) => Promise<void> | void = () => {}): Promise<void> {
  const raw = new BetterSqlite3(join(dir, DATABASE_FILE));
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  raw.close();
  const leftovers = temporaries(dir);
  const workspace = await openWorkspace(dir);
  try {
    expect(workspace.orphans.kept).toEqual([]);
    // Each leftover is reported removed, itself or with the half-written folder it was in.
    for (const path of leftovers) expect(workspace.orphans.removed.some((removed) => path === removed || path.startsWith(`${removed}/`)), path).toBe(true);
    expect(temporaries(dir)).toEqual([]);
    const datasetFolders = new Set(workspace.datasets.list().map((dataset) => dataset.directory));
    for (const name of existsSync(join(dir, 'datasets')) ? readdirSync(join(dir, 'datasets')) : []) expect(datasetFolders).toContain(`datasets/${name}`);
    const runFolders = new Set(workspace.runs.list().map((run) => run.directory));
    for (const name of existsSync(join(dir, 'runs')) ? readdirSync(join(dir, 'runs')) : []) expect(runFolders).toContain(`runs/${name}`);
    for (const dataset of workspace.datasets.list()) await workspace.datasets.loadArrays(dataset.id);
    await inspect(workspace);
  } finally {
    await workspace.close();
  }
}

/**
 * Kills the job at random moments until KILLS kills have landed before its end, checking after
 * each. The moments are drawn by `moment` from a seeded generator; by default uniformly over the
 * time one whole run of the job takes (run first, as the reference).
 */
async function killRepeatedly(
  seed: number,
  args: readonly string[],
  check: (outcome: Outcome) => Promise<void>,
  moment?: (next: () => number) => KillMoment,
): Promise<number> {
  const next = random(seed);
  const window = moment ? 0 : (await runWorker(args, null)).ms;
  const draw = moment ?? ((uniform: () => number) => ({ ms: uniform() * window }));
  let landed = 0;
  for (let attempt = 0; landed < KILLS && attempt < 3 * KILLS; attempt++) {
    const outcome = await runWorker(args, draw(next));
    if (outcome.killed) landed += 1;
    await check(outcome);
  }
  expect(landed).toBe(KILLS);
  return landed;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'spin-echo-faults-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('kill -9 at random moments', () => {
  it('during import: a sound workspace, both models or neither, no orphan', async () => {
    const folder = join(root, 'challenge');
    mkdirSync(folder);
    await writeChallengeFolder(folder, 'gauss', { modelCount: 40, evalCount: 10, truth: true, seed: 1 });
    await writeChallengeFolder(folder, 'RKKY', { modelCount: 40, evalCount: 10, truth: true, seed: 2 });
    const dir = join(root, 'import');
    await killRepeatedly(11, ['import', dir, folder], () =>
      checkWorkspace(dir, (workspace) => {
        expect(workspace.datasets.list().length % 2).toBe(0);
      }),
    );
  }, 600_000);

  it('during training: a sound workspace, every announced epoch kept, and the run goes on', async () => {
    const dir = join(root, 'train');
    const setup = await openWorkspace(dir);
    await addTinyDataset(setup, 1, 2);
    await setup.close();
    const announcedRuns = new Set<string>();
    // A quarter of the kills while the run is resumed and the trainer starts, the rest among its
    // epochs and checkpoints (the trainer's start-up alone takes seconds on a busy machine).
    await killRepeatedly(
      12,
      ['train', dir],
      (outcome) =>
        checkWorkspace(dir, (workspace) => {
          for (const line of outcome.lines.filter((text) => text.startsWith('epoch '))) {
            const [, runId, epoch] = line.split(' ');
            announcedRuns.add(runId);
            expect(workspace.runs.show(runId).epochs.map((row) => row.epoch)).toContain(Number(epoch));
          }
        }),
      (next) => (next() < 0.25 ? { ms: 1500 * next() } : { ms: 1500 * next(), after: 'running' }),
    );
    // The kills did not stop the work: epochs were announced, and stored.
    expect(announcedRuns.size).toBeGreaterThan(0);
  }, 600_000);

  it('during simulate: no half-written file under a real name, and the next simulation clears what the killed one left', async () => {
    const reference = join(root, 'simulated-reference');
    await runWorker(['simulate', reference], null);
    const referenceFiles = readdirSync(reference);
    const out = join(root, 'simulated');
    const checkOutput = () => {
      for (const name of readdirSync(out).filter((entry) => !entry.startsWith('.'))) {
        expect(referenceFiles).toContain(name);
        if (name === 'manifest.json') expect(JSON.parse(readFileSync(join(out, name), 'utf8')).counts).toEqual({ model: 12, eval: 6 });
        else expect(readFileSync(join(out, name)).equals(readFileSync(join(reference, name))), name).toBe(true);
      }
    };
    await killRepeatedly(13, ['simulate', out], async () => checkOutput());
    await runWorker(['simulate', out], null);
    checkOutput();
    expect(readdirSync(out).sort()).toEqual([...referenceFiles].sort());
  }, 600_000);

  it('during export: a sound workspace, whole files under real names, and the next export clears what the killed one left', async () => {
    const dir = join(root, 'export');
    const setup = await openWorkspace(dir);
    const gauss = await addTinyDataset(setup, 1, 2);
    const rkky = await addTinyDataset(setup, 3, 4, 'RKKY');
    const runIds: string[] = [];
    for (const dataset of [gauss, rkky]) {
      const { run, settled } = await setup.runs.train({ datasetId: dataset.id, preset: 'seed-mlp', overrides: TINY_OVERRIDES, epochs: 1, backend: 'cpu' });
      expect((await settled).status).toBe('finished');
      runIds.push(run.id);
    }
    await setup.close();

    const out = join(root, 'submission');
    const args = ['export', dir, out, ...runIds];
    await runWorker(args, null);
    const submissions = ['gauss_mat_info_eval.txt', 'RKKY_mat_info_eval.txt'].map((name) => [name, readFileSync(join(out, name))] as const);
    const checkOutput = () => {
      for (const [name, bytes] of submissions) expect(readFileSync(join(out, name)).equals(bytes), name).toBe(true);
      expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).format).toBe('spin-echo-export/1');
      expect(readFileSync(join(out, 'report.html'), 'utf8').trimEnd().endsWith('</html>')).toBe(true);
    };
    await killRepeatedly(14, args, async () => {
      checkOutput();
      await checkWorkspace(dir);
    });
    await runWorker(args, null);
    checkOutput();
    expect(readdirSync(root).filter((name) => name.startsWith('.submission.'))).toEqual([]);
  }, 600_000);
});
