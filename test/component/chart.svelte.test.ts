// The chart.js wrapper makes its chart once, updates it in place when its data or options change,
// and destroys it on unmount; chart.js itself is replaced by a recording double (happy-dom has no canvas).
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChartData } from 'chart.js';

const recorded = vi.hoisted(() => ({
  created: [] as { canvas: unknown; config: { type: string; data: unknown; options: Record<string, unknown> } }[],
  updates: [] as { mode: string | undefined; data: unknown; options: Record<string, unknown> }[],
  destroyed: 0,
}));

vi.mock('chart.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('chart.js')>();
  class RecordingChart {
    static readonly defaults = { color: '', borderColor: '', font: { family: '' } };
    static register(): void {}
    data: unknown;
    options: Record<string, unknown>;
    constructor(canvas: unknown, config: { type: string; data: unknown; options: Record<string, unknown> }) {
      recorded.created.push({ canvas, config });
      this.data = config.data;
      this.options = config.options;
    }
    update(mode?: string): void {
      recorded.updates.push({ mode, data: this.data, options: this.options });
    }
    destroy(): void {
      recorded.destroyed++;
    }
  }
  return { ...actual, Chart: RecordingChart };
});

const { default: Chart } = await import('../../src-renderer/src/components/Chart.svelte');

function lineData(values: number[]): ChartData<'line'> {
  return { labels: values.map((_, k) => k), datasets: [{ label: 'loss', data: values }] };
}

let target: HTMLElement;

beforeEach(() => {
  recorded.created.length = 0;
  recorded.updates.length = 0;
  recorded.destroyed = 0;
  target = document.createElement('div');
  document.body.append(target);
});

afterEach(() => target.remove());

describe('Chart', () => {
  it('makes the chart once, on its own canvas, with the data and no animation', () => {
    const props = $state({ type: 'line' as const, data: lineData([3, 2, 1]), label: 'Loss per epoch' });
    const component = mount(Chart, { target, props });
    flushSync();
    expect(recorded.created).toHaveLength(1);
    const [{ canvas, config }] = recorded.created;
    expect(canvas).toBe(target.querySelector('canvas'));
    expect(config.type).toBe('line');
    expect(config.data).toEqual(lineData([3, 2, 1]));
    expect(config.options).toMatchObject({ animation: false, responsive: true });
    expect(target.querySelector('[role="img"]')?.getAttribute('aria-label')).toBe('Loss per epoch');
    expect(recorded.updates).toHaveLength(0);
    unmount(component);
  });

  it('updates the same chart, without animation, each time the data change', () => {
    const props = $state({ type: 'line' as const, data: lineData([3, 2, 1]), label: 'Loss' });
    const component = mount(Chart, { target, props });
    flushSync();
    props.data = lineData([5, 4]);
    flushSync();
    expect(recorded.updates).toHaveLength(1);
    expect(recorded.updates[0].mode).toBe('none');
    expect(recorded.updates[0].data).toEqual(lineData([5, 4]));
    // A change deep inside state data is seen too.
    props.data.datasets[0].data.push(3);
    flushSync();
    expect(recorded.updates).toHaveLength(2);
    expect(recorded.updates[1].data).toEqual({ labels: [0, 1], datasets: [{ label: 'loss', data: [5, 4, 3] }] });
    expect(recorded.created).toHaveLength(1);
    expect(target.querySelector('canvas')?.dataset.chartUpdates).toBe('2');
    unmount(component);
  });

  it('switches the y axis to logarithmic (with round ticks) and back as an update', () => {
    const props = $state({ type: 'line' as const, data: lineData([1, 0.1]), label: 'Loss', logY: false, options: { scales: { y: { title: { display: true, text: 'MSE' } } } } });
    const component = mount(Chart, { target, props });
    flushSync();
    props.logY = true;
    flushSync();
    expect(recorded.updates.at(-1)?.options.scales).toEqual({
      y: { type: 'logarithmic', title: { display: true, text: 'MSE' }, afterBuildTicks: expect.any(Function), ticks: { callback: expect.any(Function) } },
    });
    const y = (recorded.updates.at(-1)?.options.scales as { y: { ticks: { callback: (value: number) => string } } }).y;
    expect([0.02, 5, 1e-5].map((value) => y.ticks.callback(value))).toEqual(['0.02', '5', '1e-5']);
    props.logY = false;
    flushSync();
    expect(recorded.updates.at(-1)?.options.scales).toEqual({ y: { title: { display: true, text: 'MSE' } } });
    expect(recorded.created).toHaveLength(1);
    unmount(component);
  });

  it('destroys the chart when it unmounts, and tells the owner', () => {
    const seen: unknown[] = [];
    const props = $state({ type: 'bar' as const, data: { labels: ['a'], datasets: [{ data: [1] }] }, label: 'Counts', onchart: (chart: unknown) => seen.push(chart) });
    const component = mount(Chart, { target, props });
    flushSync();
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toBeNull();
    expect(recorded.destroyed).toBe(0);
    unmount(component);
    flushSync();
    expect(recorded.destroyed).toBe(1);
    expect(seen).toEqual([seen[0], null]);
    expect(target.querySelector('canvas')).toBeNull();
  });
});
