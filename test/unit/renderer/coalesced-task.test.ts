// A coalesced task: asks during a run make one more run after it, spaced by the gap, never two
// at once; a steady stream of asks still gets runs (unlike a debounce); stop ends it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalescedTask } from '../../../src-renderer/src/lib/coalesced-task.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A task that takes `ms` and records when each run starts and whether two overlap. */
function slowTask(ms: number) {
  const starts: number[] = [];
  let active = 0;
  let overlapped = false;
  const task = async () => {
    starts.push(Date.now());
    active++;
    if (active > 1) overlapped = true;
    await new Promise((resolve) => setTimeout(resolve, ms));
    active--;
  };
  return { task, starts, overlapped: () => overlapped };
}

describe('coalescedTask', () => {
  it('runs once for many asks made while it runs, after the gap', async () => {
    const { task, starts, overlapped } = slowTask(100);
    const t0 = Date.now();
    const refresher = coalescedTask(task, 50);
    refresher.request();
    await vi.advanceTimersByTimeAsync(10);
    for (let k = 0; k < 5; k++) refresher.request();
    await vi.advanceTimersByTimeAsync(1000);
    expect(starts.map((at) => at - t0)).toEqual([0, 150]);
    expect(overlapped()).toBe(false);
  });

  it('keeps running under a steady stream of asks', async () => {
    const { task, starts } = slowTask(20);
    const refresher = coalescedTask(task, 30);
    for (let k = 0; k < 100; k++) {
      refresher.request();
      await vi.advanceTimersByTimeAsync(10);
    }
    // 1000 ms of asks every 10 ms: a run every 20 + 30 ms.
    expect(starts.length).toBeGreaterThanOrEqual(18);
    expect(starts.length).toBeLessThanOrEqual(21);
  });

  it('runs again after a failed run, and no more once stopped', async () => {
    let runs = 0;
    const refresher = coalescedTask(async () => {
      runs++;
      throw new Error('refused');
    }, 10);
    refresher.request();
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    refresher.request();
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(2);
    refresher.stop();
    refresher.request();
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(2);
  });
});
