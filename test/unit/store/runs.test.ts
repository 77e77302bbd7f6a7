import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../../src-main/core/store/database.ts';
import { listEpochMetrics, truncateEpochsAfter, upsertEpochMetrics, type EpochMetrics } from '../../../src-main/core/store/epoch-metrics.ts';
import { flattenHyperparameters, getRun, queryRuns, readHyperparameterRows, setRunStatus, setRunTags } from '../../../src-main/core/store/runs.ts';
import { InputError } from '../../../src-main/core/errors.ts';
import { addDataset, addRun, temporaryFolder } from './fixtures.ts';

function freshDatabase() {
  const { db } = openDatabase(join(temporaryFolder(), 'workbench.sqlite'));
  addDataset(db);
  return db;
}

function epoch(epoch: number, valLoss: number | null, loss = 1): EpochMetrics {
  return { epoch, loss, valLoss, lr: 0.001, valMseAlpha: valLoss, valMseXi: valLoss, valMseD: valLoss, seconds: 0.5, samplesPerSecond: 1000 };
}

describe('runs', () => {
  it('are rows, queued, before they start, with their hyperparameters stored twice', () => {
    const db = freshDatabase();
    const hyperparameters = { learningRate: 0.001, hidden: [64, 32], schedule: { kind: 'cosine', warmup: 3 } };
    const run = addRun(db, 'run-00000001', hyperparameters);
    expect(run.status).toBe('queued');
    expect(run.startedAt).toBeNull();
    expect(run.hyperparameters).toEqual(hyperparameters);
    expect(Object.fromEntries(readHyperparameterRows(db, run.id))).toEqual({
      learningRate: 0.001,
      hidden: [64, 32],
      'schedule.kind': 'cosine',
      'schedule.warmup': 3,
    });
    db.close();
  });

  it('move only along allowed transitions, stamping start and end', () => {
    const db = freshDatabase();
    addRun(db, 'run-00000001');
    expect(() => setRunStatus(db, 'run-00000001', 'finished')).toThrow(InputError);
    const running = setRunStatus(db, 'run-00000001', 'running');
    expect(running.startedAt).not.toBeNull();
    const failed = setRunStatus(db, 'run-00000001', 'failed', { errorMessage: 'loss became NaN' });
    expect(failed.finishedAt).not.toBeNull();
    expect(failed.errorMessage).toBe('loss became NaN');
    // A late 'finished' event must not revive a failed run.
    expect(() => setRunStatus(db, 'run-00000001', 'finished')).toThrow(/is failed; it cannot become finished/);
    expect(() => setRunStatus(db, 'run-nope', 'running')).toThrow(/no run 'run-nope'/);

    addRun(db, 'run-00000002');
    setRunStatus(db, 'run-00000002', 'running');
    setRunStatus(db, 'run-00000002', 'interrupted');
    const resumed = setRunStatus(db, 'run-00000002', 'queued');
    expect(resumed.finishedAt).toBeNull();
    expect(setRunStatus(db, 'run-00000002', 'running').startedAt).toBe(resumed.startedAt);
    db.close();
  });

  it('filter and sort by any hyperparameter, numbers as numbers', () => {
    const db = freshDatabase();
    addRun(db, 'run-0000000a', { learningRate: 0.01, batchSize: 64, optimizer: { name: 'adam' }, batchNorm: true });
    addRun(db, 'run-0000000b', { learningRate: 0.001, batchSize: 128, optimizer: { name: 'sgd' }, batchNorm: false });
    addRun(db, 'run-0000000c', { learningRate: 0.0001, batchSize: 32, optimizer: { name: 'adam' }, batchNorm: true });
    addRun(db, 'run-0000000d', { batchSize: 256 });
    const ids = (runs: { id: string }[]) => runs.map((run) => run.id);

    // 0.01 > 0.001 > 0.0001 numerically, although '0.0001' < '0.001' < '0.01' as text would agree too;
    // batch sizes tell numbers from text: as text '128' < '256' < '32' < '64'.
    expect(ids(queryRuns(db, { orderBy: [{ field: 'hp.batchSize', direction: 'asc' }] }))).toEqual(['run-0000000c', 'run-0000000a', 'run-0000000b', 'run-0000000d']);
    expect(ids(queryRuns(db, { orderBy: [{ field: 'hp.learningRate', direction: 'desc' }] }))).toEqual(['run-0000000a', 'run-0000000b', 'run-0000000c', 'run-0000000d']);
    // Runs without the key sort last in either direction.
    expect(ids(queryRuns(db, { orderBy: [{ field: 'hp.learningRate', direction: 'asc' }] }))).toEqual(['run-0000000c', 'run-0000000b', 'run-0000000a', 'run-0000000d']);

    expect(ids(queryRuns(db, { where: [{ field: 'hp.learningRate', op: '<', value: 0.005 }], orderBy: [{ field: 'id' }] }))).toEqual(['run-0000000b', 'run-0000000c']);
    expect(ids(queryRuns(db, { where: [{ field: 'hp.optimizer.name', op: '=', value: 'adam' }], orderBy: [{ field: 'id' }] }))).toEqual(['run-0000000a', 'run-0000000c']);
    expect(ids(queryRuns(db, { where: [{ field: 'hp.batchNorm', op: '=', value: false }] }))).toEqual(['run-0000000b']);
    expect(ids(queryRuns(db, { where: [{ field: 'hp.learningRate', op: '=', value: null }] }))).toEqual(['run-0000000d']);
    expect(
      ids(queryRuns(db, { where: [{ field: 'hp.batchSize', op: '>=', value: 64 }, { field: 'hp.optimizer.name', op: '!=', value: 'sgd' }] })),
    ).toEqual(['run-0000000a']);
    db.close();
  });

  it('filter and sort by metrics, status and tag, and refuse unknown fields', () => {
    const db = freshDatabase();
    for (const [id, best] of [['run-0000000a', 0.3], ['run-0000000b', 0.1], ['run-0000000c', 0.2]] as const) {
      addRun(db, id);
      upsertEpochMetrics(db, id, epoch(1, best));
    }
    addRun(db, 'run-0000000d');
    setRunStatus(db, 'run-0000000b', 'running');
    setRunTags(db, 'run-0000000c', ['baseline', 'baseline', 'v2']);
    const ids = (runs: { id: string }[]) => runs.map((run) => run.id);
    expect(ids(queryRuns(db, { orderBy: [{ field: 'bestValLoss' }] }))).toEqual(['run-0000000b', 'run-0000000c', 'run-0000000a', 'run-0000000d']);
    expect(ids(queryRuns(db, { where: [{ field: 'bestValLoss', op: '<=', value: 0.2 }], orderBy: [{ field: 'bestValLoss', direction: 'desc' }] }))).toEqual(['run-0000000c', 'run-0000000b']);
    expect(ids(queryRuns(db, { status: ['running'] }))).toEqual(['run-0000000b']);
    expect(ids(queryRuns(db, { tag: 'baseline' }))).toEqual(['run-0000000c']);
    expect(getRun(db, 'run-0000000c')?.tags).toEqual(['baseline', 'v2']);
    expect(ids(queryRuns(db, { orderBy: [{ field: 'bestValLoss' }], limit: 2 }))).toEqual(['run-0000000b', 'run-0000000c']);
    expect(() => queryRuns(db, { orderBy: [{ field: 'best_val_loss; DROP TABLE runs' as 'id' }] })).toThrow(/unknown run field/);
    expect(() => queryRuns(db, { status: 'sleeping' as 'running' })).toThrow(/unknown run status/);
    db.close();
  });
});

describe('epoch metrics', () => {
  it('upsert an epoch sent again and keep the best epoch in step', () => {
    const db = freshDatabase();
    addRun(db, 'run-00000001');
    upsertEpochMetrics(db, 'run-00000001', epoch(1, 0.5));
    upsertEpochMetrics(db, 'run-00000001', epoch(2, 0.3));
    upsertEpochMetrics(db, 'run-00000001', epoch(3, 0.4));
    expect(getRun(db, 'run-00000001')).toMatchObject({ bestEpoch: 2, bestValLoss: 0.3, bestValMse: { alpha: 0.3, xi: 0.3, d: 0.3 } });

    // Resumed from the checkpoint of epoch 1, the run trains epochs 2 and 3 again.
    truncateEpochsAfter(db, 'run-00000001', 1);
    expect(getRun(db, 'run-00000001')).toMatchObject({ bestEpoch: 1, bestValLoss: 0.5 });
    upsertEpochMetrics(db, 'run-00000001', epoch(1, 0.45, 0.9));
    upsertEpochMetrics(db, 'run-00000001', epoch(2, 0.35));
    const stored = listEpochMetrics(db, 'run-00000001');
    expect(stored.map((row) => [row.epoch, row.loss, row.valLoss])).toEqual([[1, 0.9, 0.45], [2, 1, 0.35]]);
    expect(getRun(db, 'run-00000001')).toMatchObject({ bestEpoch: 2, bestValLoss: 0.35 });
    db.close();
  });

  it('store a diverged epoch with null losses, and never pick it as best', () => {
    const db = freshDatabase();
    addRun(db, 'run-00000001');
    upsertEpochMetrics(db, 'run-00000001', epoch(1, 0.5));
    upsertEpochMetrics(db, 'run-00000001', epoch(2, Number.NaN, Number.POSITIVE_INFINITY));
    expect(listEpochMetrics(db, 'run-00000001')[1]).toMatchObject({ epoch: 2, loss: null, valLoss: null });
    expect(getRun(db, 'run-00000001')?.bestEpoch).toBe(1);
    expect(() => upsertEpochMetrics(db, 'run-00000001', epoch(0, 0.1))).toThrow(RangeError);
    db.close();
  });
});

describe('flattenHyperparameters', () => {
  it('keeps arrays whole and nests objects under dotted keys', () => {
    expect(flattenHyperparameters({ a: 1, b: { c: [1, 2], d: { e: 'x' } }, f: null })).toEqual([
      ['a', '1'],
      ['b.c', '[1,2]'],
      ['b.d.e', '"x"'],
      ['f', 'null'],
    ]);
  });
});
