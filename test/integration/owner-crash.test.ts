import { describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DATABASE_FILE } from '../../src-main/core/store/database.ts';
import { openWorkspace } from '../../src-main/core/workspace/workspace.ts';

const OWNER = fileURLToPath(new URL('./fixtures/train-owner.ts', import.meta.url));

describe('the owning process killed with SIGKILL mid-run', () => {
  it('leaves a sound database with every announced epoch, and an interrupted run that resumes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spin-echo-crash-'));
    const owner = spawn(process.execPath, ['--import', 'tsx', OWNER, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    owner.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => owner.on('exit', (_code, signal) => resolve(signal)));

    const announced: number[] = [];
    let runId = '';
    for await (const line of createInterface({ input: owner.stdout })) {
      const [, id, epoch] = line.split(' ');
      runId = id;
      announced.push(Number(epoch));
      if (announced.length >= 3) {
        owner.kill('SIGKILL');
        break;
      }
    }
    expect(await exited, stderr).toBe('SIGKILL');

    // Checked on a plain connection first, before anything of ours touches the file.
    const raw = new BetterSqlite3(join(dir, DATABASE_FILE));
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = (raw.prepare('SELECT epoch FROM epoch_metrics WHERE run_id = ? ORDER BY epoch').all(runId) as { epoch: number }[]).map((row) => row.epoch);
    for (const epoch of announced) expect(stored).toContain(epoch);
    expect(raw.prepare('SELECT status FROM runs WHERE id = ?').get(runId)).toEqual({ status: 'running' });
    raw.close();

    // The next owner takes over the dead one's lock, marks the run interrupted and can resume it.
    const workspace = await openWorkspace(dir);
    try {
      expect(workspace.interruptedAtOpen).toEqual([runId]);
      const run = workspace.runs.get(runId);
      expect(run.status).toBe('interrupted');
      // The trainer may have checkpointed epochs whose metrics never reached the database before its
      // owner died: the resume records them from the checkpoint, so the history has no gap.
      const target = stored[stored.length - 1] + 5;
      const resumedEpochs: number[] = [];
      workspace.subscribe((event) => {
        if (event.type === 'run-epoch') resumedEpochs.push(event.metrics.epoch);
      });
      const resumed = await (await workspace.runs.resume(runId, { epochs: target })).settled;
      expect(resumed.status).toBe('finished');
      expect(resumedEpochs.length).toBeGreaterThan(0);
      expect(resumedEpochs[resumedEpochs.length - 1]).toBe(target);
      // A checkpoint is written just after its epoch is sent, so it is never more than one behind.
      expect(resumedEpochs[0]).toBeGreaterThanOrEqual(stored[stored.length - 1]);
      expect(resumedEpochs).toEqual(Array.from({ length: target - resumedEpochs[0] + 1 }, (_, i) => resumedEpochs[0] + i));
      const epochs = workspace.runs.show(runId).epochs.map((row) => row.epoch);
      expect(epochs).toEqual(Array.from({ length: target }, (_, i) => i + 1));
    } finally {
      await workspace.close();
    }
  });
});

/** The live trainer processes `pid` started (Linux: from /proc), a zombie counting as gone; tsx's esbuild service is left out. */
function trainerProcesses(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (command) state ppid ...": the command may hold spaces, so read after its last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === pid && state !== 'Z' && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('trainer-process')) children.push(Number(entry));
    } catch {
      // It ended while we looked.
    }
  }
  return children;
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe.runIf(process.platform === 'linux')('the owning process killed with SIGKILL while two trainers train', () => {
  it('takes both trainers with it, and both runs resume from their checkpoints with no epoch lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spin-echo-crash-pool-'));
    const owner = spawn(process.execPath, ['--import', 'tsx', OWNER, dir, '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    owner.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => owner.on('exit', (_code, signal) => resolve(signal)));

    const announced = new Map<string, number[]>();
    let trainers: number[] = [];
    for await (const line of createInterface({ input: owner.stdout })) {
      const [, id, epoch] = line.split(' ');
      announced.set(id, [...(announced.get(id) ?? []), Number(epoch)]);
      if (announced.size === 2 && [...announced.values()].every((epochs) => epochs.length >= 3)) {
        trainers = trainerProcesses(owner.pid!);
        owner.kill('SIGKILL');
        break;
      }
    }
    expect(await exited, stderr).toBe('SIGKILL');
    // Each run trained in its own process, and both end with their owner (they watch its IPC channel).
    expect(trainers).toHaveLength(2);
    await expect.poll(() => trainers.filter(alive), { timeout: 10_000 }).toEqual([]);

    const workspace = await openWorkspace(dir, { trainers: 2 });
    try {
      const runIds = [...announced.keys()];
      expect([...workspace.interruptedAtOpen].sort()).toEqual([...runIds].sort());
      const storedRows = new Map(runIds.map((id) => [id, workspace.runs.show(id).epochs]));
      const stored = new Map(runIds.map((id) => [id, storedRows.get(id)!.map((row) => row.epoch)]));
      for (const id of runIds) {
        expect(workspace.runs.get(id).status).toBe('interrupted');
        for (const epoch of announced.get(id)!) expect(stored.get(id)).toContain(epoch);
      }
      // Both resume at once, each from the checkpoint that continues its stored history.
      const resumed = await Promise.all(runIds.map(async (id) => workspace.runs.resume(id, { epochs: stored.get(id)!.at(-1)! + 4 })));
      const from = new Map(resumed.map(({ run, note }) => [run.id, Number(/^resuming from its checkpoint of epoch (\d+)(; epochs \d+-\d+ recorded from it)?$/.exec(note)?.[1])]));
      const finals = await Promise.all(resumed.map(({ settled }) => settled));
      for (const final of finals) {
        expect(final.status).toBe('finished');
        const rows = workspace.runs.show(final.id).epochs;
        // No lost history: every epoch from the first to the last, those up to the checkpoint kept as they were.
        expect(rows.map((row) => row.epoch)).toEqual(Array.from({ length: final.epochs }, (_, i) => i + 1));
        expect(from.get(final.id)).toBeGreaterThanOrEqual(stored.get(final.id)!.at(-1)!);
        // The epochs recorded before the crash are kept as they were.
        const before = storedRows.get(final.id)!;
        expect(rows.slice(0, before.length).map((row) => row.loss)).toEqual(before.map((row) => row.loss));
      }
    } finally {
      await workspace.close();
    }
  });
});
