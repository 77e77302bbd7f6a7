// Compared runs of different kernels or data sets: grouped by either, and the warning that says which.
import { describe, expect, it } from 'vitest';
import type { Dataset, Run } from '../../../src-main/core/api/contract.ts';
import { groupRuns, mixedSourcesWarning } from '../../../src-renderer/src/lib/compare-sources.ts';

const stats = { mean: 0, std: 1, min: 0, max: 1 };

function dataset(id: string, name: string, model: 'gauss' | 'RKKY'): Dataset {
  return {
    id, name, model, source: 'simulated', provenance: {}, modelCount: 10, evalCount: 0, hasEvalTruth: false, length: 471,
    labelStats: { alpha: stats, xi: stats, d: stats }, createdAt: '',
  };
}

function run(id: string, datasetId: string): Run {
  return {
    id, datasetId, preset: 'mlp', status: 'finished', backendRequested: 'auto', backend: 'wasm', backendNotes: null, seed: 1, epochs: 3,
    hyperparameters: {}, createdAt: '', startedAt: null, finishedAt: null, trainingSeconds: null, bestEpoch: 2, bestValLoss: null, bestValMse: null,
    valErr: null, valPerElement: null, result: null, tags: [], notes: '', parentRunId: null, errorMessage: null,
  };
}

const datasets = [dataset('g1', 'small gauss', 'gauss'), dataset('g2', 'big gauss', 'gauss'), dataset('r1', 'small RKKY', 'RKKY')];

describe('compared runs and where they come from', () => {
  it('says nothing when every run comes from one data set', () => {
    expect(mixedSourcesWarning([run('a', 'g1'), run('b', 'g1')], datasets)).toBeNull();
  });

  it('warns of different data sets of one kernel, naming each with its runs', () => {
    expect(mixedSourcesWarning([run('a', 'g1'), run('b', 'g2'), run('c', 'g1')], datasets)).toEqual({
      mixes: 'dataset',
      text: 'These runs come from 2 different data sets (small gauss: a, c; big gauss: b): their validation curves differ, so their scores are not measured on the same curves.',
    });
  });

  it('warns of different kernels first, a data set that is gone counting as an unknown kernel', () => {
    const warning = mixedSourcesWarning([run('a', 'g1'), run('b', 'r1'), run('c', 'g2'), run('d', 'gone')], datasets);
    expect(warning?.mixes).toBe('kernel');
    expect(warning?.text).toContain('3 different kernels (gauss: a, c; RKKY: b; unknown kernel: d)');
  });

  it('groups the runs by data set or by kernel, in the order they first appear', () => {
    const runs = [run('a', 'r1'), run('b', 'g1'), run('c', 'g2'), run('d', 'r1')];
    expect(groupRuns(runs, 'kernel', datasets)).toEqual([
      { key: 'RKKY', label: 'RKKY', runIds: ['a', 'd'] },
      { key: 'gauss', label: 'gauss', runIds: ['b', 'c'] },
    ]);
    expect(groupRuns(runs, 'dataset', datasets).map((group) => [group.label, group.runIds])).toEqual([
      ['small RKKY', ['a', 'd']],
      ['small gauss', ['b']],
      ['big gauss', ['c']],
    ]);
  });
});
