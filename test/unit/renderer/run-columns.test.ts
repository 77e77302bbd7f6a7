// The run table's score columns read the answer-key score and the std/error correlation from a run's result.
import { describe, expect, it } from 'vitest';
import type { Run } from '../../../src-main/core/api/contract.ts';
import { runDuration } from '../../../src-renderer/src/lib/format.ts';
import { bestRunPerDataset, checkFilterValue, numericHyperparameters, runColumns } from '../../../src-renderer/src/lib/run-columns.ts';

function runWith(result: Record<string, unknown> | null): Run {
  return {
    id: 'run-1', datasetId: 'ds-1', preset: 'ensemble', status: 'finished', backendRequested: 'none', backend: null, backendNotes: null,
    seed: 0, epochs: 1, hyperparameters: {}, createdAt: '', startedAt: null, finishedAt: null, trainingSeconds: null, bestEpoch: null, bestValLoss: null,
    bestValMse: null, valErr: null, valPerElement: null, result, tags: [], notes: '', parentRunId: null, errorMessage: null,
  };
}

describe('run columns', () => {
  const column = (id: string) => runColumns([]).find((c) => c.id === id)!;

  it('show the answer-key score and the Spearman correlation of std against error', () => {
    const run = runWith({ evalScore: { perElement: 0.125, spreadErrorSpearman: { alpha: 0.41, xi: 0.2, d: 0.55 } } });
    expect(column('evalPerElement').value(run)).toBe(0.125);
    expect(column('spreadSpearmanAlpha').value(run)).toBe(0.41);
    expect(column('spreadSpearmanD').value(run)).toBe(0.55);
  });

  it('leave them empty for runs without an answer key or a std', () => {
    expect(column('evalPerElement').value(runWith(null))).toBeNull();
    expect(column('evalPerElement').value(runWith({ evalScore: null }))).toBeNull();
    expect(column('spreadSpearmanXi').value(runWith({ evalScore: { perElement: 0.2 } }))).toBeNull();
  });
});

describe('run table rules', () => {
  const base = runWith(null);
  const run = (id: string, datasetId: string, valPerElement: number | null, status: Run['status'] = 'finished'): Run => ({ ...base, id, datasetId, valPerElement, status });

  it('marks the finished run of lowest validation score per element in each data set', () => {
    const best = bestRunPerDataset([run('a', 'ds-1', 0.3), run('b', 'ds-1', 0.1), run('c', 'ds-1', 0.05, 'running'), run('d', 'ds-2', 0.4), run('e', 'ds-3', null)]);
    expect([...best]).toEqual([['ds-1', 'b'], ['ds-2', 'd']]);
  });

  it('refuses a value that is not a number for a numeric column, with the reason', () => {
    const numeric = { label: 'Val Err/3n', numeric: true };
    expect(checkFilterValue(numeric, ' 0.5 ')).toEqual({ value: 0.5 });
    expect(checkFilterValue(numeric, '1e-3')).toEqual({ value: 0.001 });
    expect(checkFilterValue(numeric, 'null')).toEqual({ value: null });
    expect(checkFilterValue(numeric, 'abc')).toEqual({ error: '"abc" is not a number: Val Err/3n compares with numbers.' });
    expect(checkFilterValue(numeric, '0.5.1')).toHaveProperty('error');
    expect(checkFilterValue(numeric, '  ')).toHaveProperty('error');
    expect(checkFilterValue({ label: 'Status', numeric: false }, 'finished')).toEqual({ value: 'finished' });
  });

  it('takes a hyperparameter as numeric when every run that has it holds a number', () => {
    const runs = [{ ...base, hyperparameters: { learningRate: 0.01, optimizer: 'adam', dropout: null } }, { ...base, hyperparameters: { learningRate: 0.1, optimizer: 'sgd', dropout: 0.2 } }];
    expect([...numericHyperparameters(runs)].sort()).toEqual(['dropout', 'learningRate']);
    expect(runColumns(['learningRate', 'optimizer'], numericHyperparameters(runs)).filter((c) => c.id.startsWith('hp.')).map((c) => c.numeric)).toEqual([true, false]);
  });

  it('counts a run’s training time from its epochs, and its start to end only without them', () => {
    const timed = { ...base, startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-03T00:00:00Z', trainingSeconds: 42 };
    expect(runDuration(timed)).toBe(42);
    expect(runDuration({ ...timed, trainingSeconds: null })).toBe(2 * 86400);
    expect(runColumns([]).find((c) => c.id === 'duration')!.value(timed)).toBe(42);
  });
});
