// A run's training time is the sum of its stored epochs' seconds: epochs retrained after a resume
// replace the old ones, and the time a run lay interrupted never counts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/core/store/database.ts';
import { truncateEpochsAfter, upsertEpochMetrics } from '../../../src-main/core/store/epoch-metrics.ts';
import { trainingSecondsByRun } from '../../../src-main/core/store/run-training-time.ts';
import { addDataset, addRun, temporaryFolder } from './fixtures.ts';

const epoch = (n: number, seconds: number | null) => ({ epoch: n, loss: 1, valLoss: 1, lr: 0.001, valMseAlpha: 1, valMseXi: 1, valMseD: 1, seconds, samplesPerSecond: null });

describe('trainingSecondsByRun', () => {
  it('sums the seconds of each run’s stored epochs, and leaves out runs without a timed epoch', () => {
    const { db } = openDatabase(join(temporaryFolder(), 'workbench.sqlite'));
    addDataset(db);
    for (const id of ['run-0000000a', 'run-0000000b', 'run-0000000c']) addRun(db, id);
    upsertEpochMetrics(db, 'run-0000000a', epoch(1, 2));
    upsertEpochMetrics(db, 'run-0000000a', epoch(2, 3));
    upsertEpochMetrics(db, 'run-0000000a', epoch(3, 4));
    // Resumed from the checkpoint of epoch 2: epoch 3 trains again and replaces the old one.
    truncateEpochsAfter(db, 'run-0000000a', 2);
    upsertEpochMetrics(db, 'run-0000000a', epoch(3, 1.5));
    upsertEpochMetrics(db, 'run-0000000b', epoch(1, null));
    const seconds = trainingSecondsByRun(db, ['run-0000000a', 'run-0000000b', 'run-0000000c', 'run-gone']);
    expect([...seconds]).toEqual([['run-0000000a', 6.5]]);
    expect(trainingSecondsByRun(db, [])).toEqual(new Map());
  });
});
