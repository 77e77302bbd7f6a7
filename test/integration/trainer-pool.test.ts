// Several trainers: runs train at once in their own processes, queued ones wait for a free trainer
// first in, first out, and cancelling one run leaves the others training.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatasetRecord } from '../../src-main/core/store/datasets.ts';
import type { RunStatus } from '../../src-main/core/store/runs.ts';
import { openWorkspace, type Workspace } from '../../src-main/core/workspace/workspace.ts';
import { addTinyDataset, TINY_OVERRIDES, TINY_STUDY_SETTINGS } from './tiny-dataset.ts';

let workspace: Workspace;
let dataset: DatasetRecord;
/** When each run entered each status, in this process's clock. */
const entered = new Map<string, Map<RunStatus, number>>();
const epochs = new Map<string, number[]>();

beforeAll(async () => {
  workspace = await openWorkspace(mkdtempSync(join(tmpdir(), 'spin-echo-pool-')), { trainers: 2 });
  workspace.subscribe((event) => {
    if (event.type === 'run-state') {
      const times = entered.get(event.run.id) ?? new Map<RunStatus, number>();
      times.set(event.run.status, performance.now());
      entered.set(event.run.id, times);
    }
    if (event.type === 'run-epoch') epochs.set(event.runId, [...(epochs.get(event.runId) ?? []), event.metrics.epoch]);
  });
  dataset = await addTinyDataset(workspace, 1, 2);
});

afterAll(async () => {
  await workspace?.close();
});

function createRun(epochCount: number, seed: number) {
  return workspace.runs.create({ datasetId: dataset.id, preset: 'seed-mlp', overrides: TINY_OVERRIDES, epochs: epochCount, seed, backend: 'cpu' });
}

/** Resolves once every run named has stored `epoch` epochs. */
async function reached(runIds: string[], epoch: number): Promise<void> {
  await expect.poll(() => runIds.every((id) => (epochs.get(id) ?? []).length >= epoch), { timeout: 60_000, interval: 20 }).toBe(true);
}

/** [start, end] of a run's training: from 'running' to its final status. */
function interval(runId: string, final: RunStatus): [number, number] {
  const times = entered.get(runId)!;
  return [times.get('running')!, times.get(final)!];
}

describe('a pool of two trainers', () => {
  it('trains two runs at once, keeps a third queued until a trainer is free, and cancels only the run asked', async () => {
    expect(workspace.trainers()).toMatchObject({ count: 2, fromFlag: true });
    const [a, b, c] = [await createRun(400, 1), await createRun(30, 2), await createRun(3, 3)];
    const settled = [a, b, c].map((run) => workspace.runs.start(run.id));
    await reached([a.id, b.id], 2);
    // Both train at this moment, while the third waits.
    expect([a, b, c].map((run) => workspace.runs.get(run.id).status)).toEqual(['running', 'running', 'queued']);

    workspace.runs.cancel(a.id);
    const [finalA, finalB, finalC] = await Promise.all(settled);
    expect(finalA.status).toBe('cancelled');
    expect(finalB.status).toBe('finished');
    expect(epochs.get(b.id)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(finalC.status).toBe('finished');

    const [startA, endA] = interval(a.id, 'cancelled');
    const [startB, endB] = interval(b.id, 'finished');
    const [startC] = interval(c.id, 'finished');
    // Their running intervals overlap: each started before the other ended.
    expect(startA).toBeLessThan(endB);
    expect(startB).toBeLessThan(endA);
    // The third started only once a trainer was free: after the first of the two settled.
    expect(startC).toBeGreaterThanOrEqual(Math.min(endA, endB));
  });

  it('applies a new count at once: with one trainer, runs train one after the other', async () => {
    expect(workspace.setTrainers(1)).toMatchObject({ count: 1, setting: 1, fromFlag: false });
    const [d, e] = [await createRun(4, 4), await createRun(4, 5)];
    const [finalD, finalE] = await Promise.all([workspace.runs.start(d.id), workspace.runs.start(e.id)]);
    expect([finalD.status, finalE.status]).toEqual(['finished', 'finished']);
    const [, endD] = interval(d.id, 'finished');
    const [startE] = interval(e.id, 'finished');
    expect(startE).toBeGreaterThanOrEqual(endD);
    expect(workspace.setTrainers(null)).toMatchObject({ setting: null, count: workspace.trainers().default });
  });

  it('runs a study two trials at a time, each run queued once per rung, promoting the best of each complete rung', async () => {
    workspace.setTrainers(2);
    const queued = new Map<string, number>();
    const stop = workspace.subscribe((event) => {
      if (event.type === 'run-state' && event.run.status === 'queued') queued.set(event.run.id, (queued.get(event.run.id) ?? 0) + 1);
    });
    let training = 0;
    let mostAtOnce = 0;
    const promotions: { bracket: number; runIds: readonly string[] }[] = [];
    const study = workspace.studies.create({ datasetId: dataset.id, budget: { kind: 'trials', count: 6 }, settings: TINY_STUDY_SETTINGS });
    const done = await workspace.studies.run(study.id, {
      onEvent: (event) => {
        if (event.type === 'trial-started') mostAtOnce = Math.max(mostAtOnce, ++training);
        if (event.type === 'trial-settled') training -= 1;
        if (event.type === 'promoted') promotions.push(event);
      },
    });
    stop();
    expect(done.status).toBe('finished');
    expect(mostAtOnce).toBe(2);
    const trials = workspace.studies.trials(study.id);
    expect(trials).toHaveLength(6);
    for (const trial of trials) {
      expect(trial.run.status).toBe('finished');
      expect(trial.run.epochs).toBe(TINY_STUDY_SETTINGS.rungs[trial.rung]);
      // Created (queued) once, and queued again once per promotion: never twice for one rung.
      expect(queued.get(trial.runId)).toBe(trial.rung + 1);
    }
    // Each bracket of three promoted one of its own trials, in whichever order the brackets completed
    // (which trial: the unit test of study-halving checks).
    expect(promotions.map((promotion) => promotion.bracket).sort()).toEqual([0, 1]);
    for (const { bracket, runIds } of promotions) {
      expect(runIds).toHaveLength(1);
      expect(trials.find((trial) => trial.runId === runIds[0])).toMatchObject({ bracket, rung: 1 });
    }
  });
});
