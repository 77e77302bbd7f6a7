import { describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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
      // The trainer may have checkpointed an epoch after its owner died, whose metrics never reached
      // the database: the resume then continues from that checkpoint, after a gap in the history.
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
      expect(epochs).toEqual([...stored.filter((epoch) => epoch < resumedEpochs[0]), ...resumedEpochs]);
    } finally {
      await workspace.close();
    }
  });
});
