// The run table's score columns read the answer-key score and the std/error correlation from a run's result.
import { describe, expect, it } from 'vitest';
import type { Run } from '../../../src-main/core/contract.ts';
import { runColumns } from '../../../src-renderer/src/lib/run-columns.ts';

function runWith(result: Record<string, unknown> | null): Run {
  return {
    id: 'run-1', datasetId: 'ds-1', preset: 'ensemble', status: 'finished', backendRequested: 'none', backend: null, backendNotes: null,
    seed: 0, epochs: 1, hyperparameters: {}, createdAt: '', startedAt: null, finishedAt: null, bestEpoch: null, bestValLoss: null,
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
