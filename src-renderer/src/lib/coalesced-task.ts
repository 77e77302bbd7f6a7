// A task asked for again and again (on every event of a busy stream) that runs one at a time: asks
// while it runs or waits make exactly one more run, at least `gapMs` after the last one ended.

export interface CoalescedTask {
  /** Runs the task soon, or once more after the run in progress. */
  request(): void;
  /** No further runs; one in progress finishes. */
  stop(): void;
}

export function coalescedTask(task: () => Promise<void>, gapMs: number): CoalescedTask {
  let running = false;
  let pending = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function run(): Promise<void> {
    timer = null;
    if (stopped) return;
    running = true;
    pending = false;
    try {
      await task();
    } catch {
      // The task shows its own failures; one that throws must not end the later runs.
    } finally {
      running = false;
      // A debounce would starve under a steady stream of asks: this runs again, spaced by the gap.
      if (pending && !stopped) timer = setTimeout(run, gapMs);
    }
  }

  return {
    request() {
      if (stopped) return;
      if (running || timer !== null) pending = true;
      else timer = setTimeout(run, 0);
    },
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
