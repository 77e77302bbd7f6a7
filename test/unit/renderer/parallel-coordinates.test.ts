// Parallel coordinates of study trials: which axes appear, numeric axes scaled min to max,
// categorical ones spread evenly, and missing values left off the axis.
import { describe, expect, it } from 'vitest';
import type { Run, StudyTrial } from '../../../src-main/core/api/contract.ts';
import { axisPosition, buildAxes, categoryOf, ERROR_KEY, nearestLine, rowPositions, trialRows, type ParallelRow } from '../../../src-renderer/src/lib/parallel-coordinates.ts';

function row(runId: string, error: number, values: Record<string, unknown>): ParallelRow {
  return { runId, error, values };
}

function trial(id: string, valPerElement: number | null, preset: string, hyperparameters: Record<string, unknown>): StudyTrial {
  const run = { id, preset, epochs: 2, valPerElement, hyperparameters } as unknown as Run;
  return { trial: 0, bracket: 0, rung: 0, run };
}

describe('trialRows', () => {
  it('keeps the scored trials, with preset and epochs beside the hyperparameters', () => {
    const rows = trialRows([trial('a', 0.5, 'mlp', { learningRate: 0.001 }), trial('b', null, 'cnn1d', {})]);
    expect(rows).toEqual([{ runId: 'a', error: 0.5, values: { preset: 'mlp', epochs: 2, learningRate: 0.001 } }]);
  });
});

describe('buildAxes', () => {
  const rows = [
    row('a', 0.2, { preset: 'mlp', epochs: 4, learningRate: 0.001, batchSize: 32, hiddenUnits: [64, 32], seedKey: 'same' }),
    row('b', 0.4, { preset: 'cnn1d', epochs: 4, learningRate: 0.003, batchSize: 128, kernelSize: 5, seedKey: 'same' }),
    row('c', 0.1, { preset: 'mlp', epochs: 12, learningRate: 0.002, batchSize: 64, hiddenUnits: [128], seedKey: 'same' }),
  ];

  it('draws preset and epochs first, then the settings that differ in name order, then the error; shared ones are left out', () => {
    const axes = buildAxes(rows, 'val error');
    expect(axes.map((axis) => axis.key)).toEqual(['preset', 'epochs', 'batchSize', 'hiddenUnits', 'kernelSize', 'learningRate', ERROR_KEY]);
    expect(axes.map((axis) => axis.kind)).toEqual(['categorical', 'numeric', 'numeric', 'categorical', 'numeric', 'numeric', 'numeric']);
    expect(axes.at(-1)).toMatchObject({ label: 'val error', min: 0.1, max: 0.4 });
    expect(axes[5]).toMatchObject({ label: 'learning rate', min: 0.001, max: 0.003 });
  });

  it('sorts categories, numerically when they all read as numbers', () => {
    const axes = buildAxes([row('a', 1, { x: '10' }), row('b', 2, { x: '9' }), row('c', 3, { x: '100' })]);
    expect(axes[0]).toMatchObject({ kind: 'categorical', categories: ['9', '10', '100'] });
    expect(buildAxes(rows)[0]).toMatchObject({ categories: ['cnn1d', 'mlp'] });
  });

  it('places numbers min to max, categories evenly, and missing values nowhere', () => {
    const axes = buildAxes(rows);
    const byKey = Object.fromEntries(axes.map((axis) => [axis.key, axis]));
    expect(axisPosition(byKey.learningRate, 0.001)).toBe(0);
    expect(axisPosition(byKey.learningRate, 0.003)).toBe(1);
    expect(axisPosition(byKey.learningRate, 0.002)).toBeCloseTo(0.5, 12);
    expect(axisPosition(byKey.preset, 'cnn1d')).toBe(0);
    expect(axisPosition(byKey.preset, 'mlp')).toBe(1);
    expect(axisPosition(byKey.kernelSize, undefined)).toBeNull();
    expect(axisPosition(byKey.hiddenUnits, [64, 32])).not.toBeNull();
    expect(axisPosition(byKey.preset, 'seed-mlp')).toBeNull();
    const three = buildAxes([row('a', 1, { o: 'x' }), row('b', 2, { o: 'y' }), row('c', 3, { o: 'z' })])[0];
    expect(['x', 'y', 'z'].map((value) => axisPosition(three, value))).toEqual([0, 0.5, 1]);
  });

  it('puts a single value in the middle of its axis, and gives a row its position on every axis', () => {
    const axes = buildAxes([row('a', 0.3, { lr: 1 }), row('b', 0.3, { lr: 2 })]);
    expect(axes.at(-1)).toMatchObject({ min: 0.3, max: 0.3 });
    expect(rowPositions(axes, row('a', 0.3, { lr: 1 }))).toEqual([0, 0.5]);
    expect(rowPositions(axes, row('b', 0.3, { lr: 2 }))).toEqual([1, 0.5]);
  });

  it('treats mixed numbers and words as categories, and writes lists and booleans as words', () => {
    const axes = buildAxes([row('a', 1, { m: 3 }), row('b', 2, { m: 'auto' })]);
    expect(axes[0]).toMatchObject({ kind: 'categorical', categories: ['3', 'auto'] });
    expect(categoryOf([8, 8])).toBe('8, 8');
    expect(categoryOf(false)).toBe('false');
    expect(categoryOf(null)).toBeNull();
  });
});

describe('nearestLine', () => {
  const xs = [0, 100, 200];
  const ys = [
    [10, 10, 10],
    [90, 50, 10],
    [50, null, 50],
  ];

  it('picks the line whose height where it crosses the pointer is nearest', () => {
    expect(nearestLine(xs, ys, 50, 12, 8)).toBe(0);
    // Line 1 runs from 90 to 50 over the first segment: 70 at x = 50.
    expect(nearestLine(xs, ys, 50, 68, 8)).toBe(1);
    expect(nearestLine(xs, ys, 150, 31, 8)).toBe(1);
  });

  it('finds nothing farther than the tolerance, nor on a segment a line lacks', () => {
    expect(nearestLine(xs, ys, 50, 40, 8)).toBeNull();
    expect(nearestLine(xs, ys, 50, 50, 8)).toBeNull();
    expect(nearestLine(xs, ys, 300, 10, 8)).toBeNull();
  });
});
