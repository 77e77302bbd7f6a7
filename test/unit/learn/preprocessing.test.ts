import { describe, expect, it } from 'vitest';
import {
  extractFeatures,
  labelRangeOf,
  outputsToLabels,
  prepareSplits,
  splitIndices,
  transformLabels,
  untransformLabels,
  type InputLayout,
  type PreprocessingState,
} from '../../../src-main/core/learn/preprocessing.ts';
import { Random } from '../../../src-main/core/random.ts';
import { inverseTransform, transform } from '../../../src-main/core/learn/standard-scaler.ts';
import { syntheticCurves } from './synthetic-data.ts';

// Two curves of 4 samples: Re = 10 c + t, Im = -(10 c + t) / 2.
const curves = {
  count: 2,
  length: 4,
  data: Float64Array.from({ length: 16 }, (_, i) => {
    const c = Math.floor(i / 8);
    const t = Math.floor((i % 8) / 2);
    return i % 2 === 0 ? 10 * c + t : -(10 * c + t) / 2;
  }),
};

describe('features', () => {
  it('flat layout: the Re block then the Im block over the window, as np.concatenate((real, imag), axis=1)', () => {
    const layout: InputLayout = { windowStart: 1, windowEnd: 3, channels: ['re', 'im'], arrangement: 'flat' };
    expect(Array.from(extractFeatures(curves, null, layout))).toEqual([1, 2, -0.5, -1, 11, 12, -5.5, -6]);
  });

  it('sequence layout: time-major rows of channels, and |M| and phase channels', () => {
    const layout: InputLayout = { windowStart: 2, windowEnd: 4, channels: ['abs', 'phase'], arrangement: 'sequence' };
    const rows = extractFeatures(curves, [1], layout);
    const abs = (v: number) => Math.hypot(v, v / 2);
    expect(rows[0]).toBeCloseTo(abs(12), 5);
    expect(rows[1]).toBeCloseTo(Math.atan2(-6, 12), 6);
    expect(rows[2]).toBeCloseTo(abs(13), 5);
    expect(rows[3]).toBeCloseTo(Math.atan2(-6.5, 13), 6);
  });

  it('refuses a window outside the curves', () => {
    expect(() => extractFeatures(curves, null, { windowStart: 2, windowEnd: 5, channels: ['re'], arrangement: 'flat' })).toThrow(/outside/);
  });
});

describe('label transforms', () => {
  const labels = Float64Array.of(8.181, 6.72, 6.5, 0.5, 110, 13.9, 19.9, 3.5, 6.0);

  it('ln xi and Gamma = 2.5 * 10^(-d/2) invert exactly (to rounding)', () => {
    const transformed = transformLabels(labels, { xi: 'log-xi', d: 'Gamma' });
    expect(transformed[1]).toBeCloseTo(Math.log(6.72), 14);
    expect(transformed[2]).toBeCloseTo(2.5 * 10 ** (-6.5 / 2), 14);
    expect(transformed[8]).toBeCloseTo(0.0025, 14);
    const back = untransformLabels(transformed, { xi: 'log-xi', d: 'Gamma' });
    back.forEach((v, i) => expect(v).toBeCloseTo(labels[i], 11));
  });

  it('standardisation inverts, and outputs map back to physical labels through both steps', () => {
    const scaler = { mean: Float64Array.of(1, 2, 3), scale: Float64Array.of(2, 0.5, 4), variance: Float64Array.of(4, 0.25, 16), count: 3 };
    const back = inverseTransform(scaler, transform(scaler, labels));
    back.forEach((v, i) => expect(v).toBeCloseTo(labels[i], 12));
    const labelTransform = { xi: 'log-xi', d: 'Gamma' } as const;
    // A target scaler of the size the data would give: Gamma is of order 1e-3.
    const targetScaler = { mean: Float64Array.of(10, 2, 0.0012), scale: Float64Array.of(5.8, 0.6, 0.0007), variance: new Float64Array(3), count: 3 };
    const outputs = transform(targetScaler, transformLabels(labels, labelTransform));
    const state: PreprocessingState = {
      layout: { windowStart: 0, windowEnd: 1, channels: ['re'], arrangement: 'flat' },
      featureScaler: null,
      labelTransform,
      targetScaler,
      labelScaler: scaler,
      labelRange: null,
    };
    outputsToLabels(outputs, state).forEach((v, i) => expect(v).toBeCloseTo(labels[i], 10));
    // With a range, every predicted parameter stays within it; those inside are untouched.
    const range = labelRangeOf(labels);
    const wild = Float64Array.from(labels, (v, i) => (i === 2 ? range.max[2] + 5 : i === 3 ? range.min[0] - 1 : v));
    const clipped = outputsToLabels(transform(targetScaler, transformLabels(wild, labelTransform)), { ...state, labelRange: range });
    expect(clipped[2]).toBeCloseTo(range.max[2], 10);
    expect(clipped[3]).toBeCloseTo(range.min[0], 10);
    clipped.forEach((v, i) => i !== 2 && i !== 3 && expect(v).toBeCloseTo(labels[i], 10));
  });
});

describe('split and fitting', () => {
  it('draws ceil(10%) validation curves, reproducibly from the seed, disjoint from training', () => {
    const a = splitIndices(95, 0.1, new Random(4));
    const b = splitIndices(95, 0.1, new Random(4));
    const c = splitIndices(95, 0.1, new Random(5));
    expect(a.validation.length).toBe(10);
    expect(a.train.length).toBe(85);
    expect(Array.from(a.validation)).toEqual(Array.from(b.validation));
    expect(Array.from(a.validation)).not.toEqual(Array.from(c.validation));
    expect(new Set([...a.train, ...a.validation]).size).toBe(95);
  });

  it('fits the feature and label scalers on the training split only', () => {
    const { curves: set, labels } = syntheticCurves(40, 30, 9);
    const split = splitIndices(40, 0.25, new Random(1));
    const layout: InputLayout = { windowStart: 0, windowEnd: 30, channels: ['re', 'im'], arrangement: 'flat' };
    const { state, train, validation } = prepareSplits(set, labels.data, split, layout, { featureScaling: 'standard', labelTransform: { xi: 'xi', d: 'd' }, clipToLabelRange: true });
    // Training inputs and targets are standardised: mean 0, population std 1 per column.
    for (const [rows, width] of [[train.inputs, 60], [train.targets, 3]] as const) {
      for (const column of [0, width - 1]) {
        const values = Array.from({ length: rows.length / width }, (_, r) => rows[r * width + column]);
        const mean = values.reduce((a, v) => a + v, 0) / values.length;
        const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
        expect(mean).toBeCloseTo(0, 5);
        expect(variance).toBeCloseTo(1, 4);
      }
    }
    const trainAlpha = Array.from(split.train, (i) => labels.data[i * 3]);
    expect(state.labelScaler.mean[0]).toBeCloseTo(trainAlpha.reduce((a, v) => a + v, 0) / trainAlpha.length, 10);
    expect(validation.indices).toBe(split.validation);
    // Predictions are clipped to the training labels' range, not the validation labels'.
    expect(Array.from(state.labelRange!.min)).toEqual([0, 1, 2].map((j) => Math.min(...Array.from(split.train, (i) => labels.data[i * 3 + j]))));
    expect(Array.from(state.labelRange!.max)).toEqual([0, 1, 2].map((j) => Math.max(...Array.from(split.train, (i) => labels.data[i * 3 + j]))));
    const unclipped = prepareSplits(set, labels.data, split, layout, { featureScaling: 'standard', labelTransform: { xi: 'xi', d: 'd' }, clipToLabelRange: false });
    expect(unclipped.state.labelRange).toBeNull();
  });
});
