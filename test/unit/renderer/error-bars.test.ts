// Error bars of the true-against-predicted charts: points carry y ± std only where the run has a
// std, and the chart.js plugin strokes one vertical bar per such point, in its data set's colour.
import { describe, expect, it } from 'vitest';
import type { Chart } from 'chart.js';
import { errorBars, type ErrorBarPoint, type ErrorBarsOptions } from '../../../src-renderer/src/components/error-bars.ts';
import { predictionPoints } from '../../../src-renderer/src/lib/prediction-points.ts';

const base = {
  runId: 'r',
  split: 'validation' as const,
  count: 2,
  indices: Int32Array.of(3, 8),
  predictions: Float64Array.of(1, 5, 9, 2, 6, 10),
  truth: Float64Array.of(1.5, 5, 8, 2, 7, 11),
};

describe('predictionPoints', () => {
  it('puts y ± std on each point of a run with a std, and spans the true and predicted values', () => {
    const { points, lo, hi } = predictionPoints({ ...base, std: Float64Array.of(0.5, 0.1, 0.2, 0.25, 0.3, 0.4) }, 'd');
    expect(points).toEqual([
      { x: 8, y: 9, yMin: 9 - 0.2, yMax: 9 + 0.2 },
      { x: 11, y: 10, yMin: 10 - 0.4, yMax: 10 + 0.4 },
    ]);
    expect([lo, hi]).toEqual([8, 11]);
  });

  it('has no bars without a std, and no points without an answer key', () => {
    expect(predictionPoints({ ...base, std: null }, 'alpha').points).toEqual([
      { x: 1.5, y: 1 },
      { x: 2, y: 2 },
    ]);
    expect(predictionPoints({ ...base, truth: null, std: null }, 'xi')).toEqual({ points: [], lo: Infinity, hi: -Infinity });
  });
});

/** A canvas context that records the path it is asked to draw. */
function recordingContext() {
  const calls: [string, ...unknown[]][] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) =>
      void calls.push([name, ...args]);
  const ctx = {
    strokeStyle: '',
    lineWidth: 0,
    globalAlpha: 1,
    save: record('save'),
    restore: record('restore'),
    beginPath: record('beginPath'),
    rect: record('rect'),
    clip: record('clip'),
    moveTo: record('moveTo'),
    lineTo: record('lineTo'),
    stroke: () => calls.push(['stroke', ctx.strokeStyle]),
  };
  return { ctx, calls };
}

/** A chart whose y pixel is 100 - 10 y, with its data sets' points at pixel x = 10 * (k + 1). */
function fakeChart(datasets: { data: ErrorBarPoint[]; borderColor: string; hidden?: boolean }[]) {
  const { ctx, calls } = recordingContext();
  const chart = {
    ctx,
    chartArea: { left: 0, top: 0, right: 200, bottom: 100 },
    options: { color: '#000' },
    data: { datasets },
    scales: { y: { getPixelForValue: (value: number) => 100 - 10 * value } },
    isDatasetVisible: (index: number) => !datasets[index].hidden,
    getDatasetMeta: (index: number) => ({ data: datasets[index].data.map((_, k) => ({ x: 10 * (k + 1), y: 0 })) }),
  };
  return { chart: chart as unknown as Chart, calls };
}

function draw(chart: Chart, options: ErrorBarsOptions): void {
  (errorBars.beforeDatasetsDraw as (chart: Chart, args: object, options: ErrorBarsOptions) => void)(chart, {}, options);
}

describe('the errorBars plugin', () => {
  it('strokes one bar from yMax to yMin per point that has them, in the data set colour', () => {
    const { chart, calls } = fakeChart([
      { data: [{ x: 1, y: 5, yMin: 4, yMax: 6 }, { x: 2, y: 3 }, { x: 3, y: 2, yMin: 1.5, yMax: 2.5 }], borderColor: 'red' },
      { data: [{ x: 1, y: 1 }], borderColor: 'blue' },
      { data: [{ x: 1, y: 1, yMin: 0, yMax: 2 }], borderColor: 'green', hidden: true },
    ]);
    draw(chart, { display: true, capWidth: 0 });
    const path = calls.filter(([name]) => name === 'moveTo' || name === 'lineTo');
    expect(path).toEqual([
      ['moveTo', 10, 40],
      ['lineTo', 10, 60],
      ['moveTo', 30, 75],
      ['lineTo', 30, 85],
    ]);
    // Only the data set with bars is stroked, once; the hidden one is skipped.
    expect(calls.filter(([name]) => name === 'stroke')).toEqual([['stroke', 'red']]);
    expect(calls[0][0]).toBe('save');
    expect(calls.at(-1)![0]).toBe('restore');
  });

  it('adds caps when asked, and draws nothing when hidden', () => {
    const { chart, calls } = fakeChart([{ data: [{ x: 1, y: 5, yMin: 4, yMax: 6 }], borderColor: 'red' }]);
    draw(chart, { capWidth: 2 });
    expect(calls.filter(([name]) => name === 'moveTo')).toEqual([
      ['moveTo', 10, 40],
      ['moveTo', 8, 40],
      ['moveTo', 8, 60],
    ]);
    const hidden = fakeChart([{ data: [{ x: 1, y: 5, yMin: 4, yMax: 6 }], borderColor: 'red' }]);
    draw(hidden.chart, { display: false });
    expect(hidden.calls).toEqual([]);
  });
});
