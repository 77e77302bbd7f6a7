// The numbers behind the Compare view: hyperparameter diffs, best and chosen-epoch metrics with
// the best run marked, residuals, shared histogram bins, and saliency laid out over time.
import { describe, expect, it } from 'vitest';
import type { EpochMetrics, Run } from '../../../src-main/core/api/contract.ts';
import { hyperparameterRows, metricRows, residuals, rootMeanSquare, saliencyOverTime, sharedHistogram } from '../../../src-renderer/src/lib/compare.ts';
import { termName } from '../../../src-renderer/src/lib/glossary.ts';

function run(id: string, hyperparameters: Record<string, unknown>, scores: Partial<Run> = {}): Run {
  return {
    id, datasetId: 'ds-1', preset: 'mlp', status: 'finished', backendRequested: 'auto', backend: 'wasm', backendNotes: null, seed: 1, epochs: 3,
    hyperparameters, createdAt: '', startedAt: null, finishedAt: null, trainingSeconds: null, bestEpoch: 2, bestValLoss: null, bestValMse: null, valErr: null,
    valPerElement: null, result: null, tags: [], notes: '', parentRunId: null, errorMessage: null, ...scores,
  };
}

function epoch(n: number, valLoss: number | null): EpochMetrics {
  return { epoch: n, loss: 1 / n, valLoss, lr: 0.001, valMseAlpha: null, valMseXi: null, valMseD: null, seconds: 0.1, samplesPerSecond: null };
}

describe('compare', () => {
  it('lists hyperparameters side by side, and only the differing ones on request', () => {
    const runs = [run('a', { learningRate: 0.01, hiddenUnits: [8, 8], epochs: 3 }), run('b', { learningRate: 0.001, hiddenUnits: [8, 8], dropout: 0.1, epochs: 3 })];
    const all = hyperparameterRows(runs, false);
    expect(all.map((row) => row.key)).toEqual(['data set', 'preset', 'backend', 'dropout', 'epochs', 'hiddenUnits', 'learningRate']);
    expect(all.find((row) => row.key === 'hiddenUnits')).toEqual({ key: 'hiddenUnits', values: [[8, 8], [8, 8]], differs: false });
    expect(hyperparameterRows(runs, true).map((row) => row.key)).toEqual(['dropout', 'learningRate']);
    expect(hyperparameterRows(runs, true)[0].values).toEqual([undefined, 0.1]);
  });

  it('puts best metrics or those of a chosen epoch side by side, marking the lowest, each named from the glossary', () => {
    const runs = [run('a', {}, { bestValLoss: 0.5, valPerElement: 0.2 }), run('b', {}, { bestValLoss: 0.3, valPerElement: null })];
    const best = metricRows(runs, [null, null], null);
    expect(best.map((row) => row.term)).toEqual(['bestEpoch', 'valLoss', 'valMseAlpha', 'valMseXi', 'valMseD', 'valErr', 'valPerElement']);
    for (const row of best) expect(row.label).toBe(termName(row.term));
    expect(best.find((row) => row.term === 'valLoss')).toEqual({ term: 'valLoss', label: 'val loss', values: [0.5, 0.3], best: 1 });
    expect(best.find((row) => row.term === 'valPerElement')?.best).toBe(0);
    expect(best.find((row) => row.term === 'bestEpoch')?.best).toBeNull();
    const at2 = metricRows(runs, [[epoch(1, 0.9), epoch(2, 0.4)], [epoch(1, 0.8)]], 2);
    expect(at2.map((row) => row.term)).toEqual(['trainLoss', 'valLoss', 'valMseAlpha', 'valMseXi', 'valMseD', 'learningRate']);
    expect(at2.find((row) => row.term === 'valLoss')).toEqual({ term: 'valLoss', label: 'val loss', values: [0.4, null], best: 0 });
  });

  it('takes residuals per parameter and bins several series on the same edges', () => {
    const predictions = {
      runId: 'a', split: 'validation' as const, count: 2, indices: Int32Array.from([4, 7]),
      predictions: Float64Array.from([1, 5, 9, 2, 6, 10]), truth: Float64Array.from([1.5, 5, 8, 2, 7, 10]), std: null,
    };
    expect(Array.from(residuals(predictions, 'alpha'))).toEqual([-0.5, 0]);
    expect(Array.from(residuals(predictions, 'xi'))).toEqual([0, -1]);
    expect(residuals({ ...predictions, truth: null }, 'd').length).toBe(0);
    expect(rootMeanSquare(Float64Array.from([3, -4]))).toBeCloseTo(Math.sqrt(12.5));
    const histogram = sharedHistogram([Float64Array.from({ length: 200 }, (_, k) => k % 4), Float64Array.from([3, 3, 100])], 3);
    expect(histogram.counts.map((counts) => counts.reduce((sum, n) => sum + n, 0))).toEqual([200, 3]);
    // Round edges 0, 1, 2 and 3, the last bin holding its upper edge.
    expect([histogram.start, histogram.width]).toEqual([0, 1]);
    expect(histogram.centres).toEqual([0.5, 1.5, 2.5]);
    // The wild 100 is counted in the last bin, not given a range of its own.
    expect(histogram.counts[1]).toEqual([0, 0, 3]);
    const residualBins = sharedHistogram([Float64Array.from({ length: 200 }, (_, k) => Math.sin(k) * 0.437 + 0.04)], 24);
    expect(residualBins.width).toBe(0.05);
    expect(Number.isInteger(Number((residualBins.start / residualBins.width).toPrecision(9)))).toBe(true);
  });

  it('lays a channel-major saliency map out over the samples, scaled per output', () => {
    const layout = { windowStart: 10, windowEnd: 13, channels: ['re', 'im'], arrangement: 'flat' as const };
    // 3 outputs x (2 channels x 3 samples); alpha's largest magnitude is -4 (im, t=1).
    const signed = Float64Array.from([1, 2, 3, 0, -4, 1, ...new Array(12).fill(0)]);
    const heatmap = { runId: 'a', features: 6, layout, signed, absolute: signed.map(Math.abs) };
    expect(saliencyOverTime(heatmap, 'alpha', 0, 'signed')).toEqual([{ x: 10, y: 0.25 }, { x: 11, y: 0.5 }, { x: 12, y: 0.75 }]);
    expect(saliencyOverTime(heatmap, 'alpha', 1, 'signed').map((point) => point.y)).toEqual([0, -1, 0.25]);
    expect(saliencyOverTime(heatmap, 'xi', 0, 'absolute').map((point) => point.y)).toEqual([0, 0, 0]);
  });
});
