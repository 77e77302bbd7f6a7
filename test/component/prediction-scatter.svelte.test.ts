// The true-against-predicted chart draws ±1 std error bars for a run that estimates its
// uncertainty and none for one that does not; chart.js is replaced by a recording double.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const recorded = vi.hoisted(() => ({
  registered: [] as { id?: string }[],
  created: [] as { config: { type: string; data: { datasets: { label: string; data: Record<string, number>[] }[] }; options: Record<string, unknown> } }[],
}));

vi.mock('chart.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('chart.js')>();
  class RecordingChart {
    static readonly defaults = { color: '', borderColor: '', font: { family: '' } };
    static register(...items: { id?: string }[]): void {
      recorded.registered.push(...items);
    }
    constructor(_canvas: unknown, config: (typeof recorded.created)[number]['config']) {
      recorded.created.push({ config });
    }
    update(): void {}
    destroy(): void {}
  }
  return { ...actual, Chart: RecordingChart };
});

const { default: PredictionScatter } = await import('../../src-renderer/src/components/PredictionScatter.svelte');

const predictions = (runId: string, std: Float64Array | null) => ({
  runId,
  split: 'validation' as const,
  count: 2,
  indices: Int32Array.of(0, 1),
  predictions: Float64Array.of(1, 5, 9, 2, 6, 10),
  truth: Float64Array.of(1.5, 5, 8, 2, 7, 11),
  std,
});

let target: HTMLElement;

beforeEach(() => {
  recorded.created.length = 0;
  target = document.createElement('div');
  document.body.append(target);
});

afterEach(() => target.remove());

describe('PredictionScatter', () => {
  it('gives the points of a run with a std their ±1 std bars, and those of a run without none', () => {
    const entries = [
      { runId: 'uncertain', index: 0, predictions: predictions('uncertain', Float64Array.of(0.5, 0.1, 0.2, 0.25, 0.3, 0.4)) },
      { runId: 'plain', index: 1, predictions: predictions('plain', null) },
    ];
    const component = mount(PredictionScatter, { target, props: { entries, parameter: 'alpha' } });
    flushSync();
    // The chart component registers the plugin that draws the bars.
    expect(recorded.registered.map((item) => item.id)).toContain('errorBars');
    const [{ config }] = recorded.created;
    const byLabel = Object.fromEntries(config.data.datasets.map((dataset) => [dataset.label, dataset.data]));
    expect(byLabel.uncertain).toEqual([
      { x: 1.5, y: 1, yMin: 0.5, yMax: 1.5 },
      { x: 2, y: 2, yMin: 1.75, yMax: 2.25 },
    ]);
    expect(byLabel.plain).toEqual([
      { x: 1.5, y: 1 },
      { x: 2, y: 2 },
    ]);
    expect(target.querySelector('[data-scatter="alpha"]')?.getAttribute('data-error-bars')).toBe('true');
    expect(target.querySelector('[role="img"]')?.getAttribute('aria-label')).toMatch(/±1 std error bars/);
    unmount(component);
  });

  it('says there are no bars when no run has a std', () => {
    const component = mount(PredictionScatter, { target, props: { entries: [{ runId: 'plain', index: 0, predictions: predictions('plain', null) }], parameter: 'd' } });
    flushSync();
    expect(target.querySelector('[data-scatter="d"]')?.getAttribute('data-error-bars')).toBe('false');
    expect(recorded.created[0].config.data.datasets[0].data.every((point) => !('yMin' in point))).toBe(true);
    unmount(component);
  });
});
