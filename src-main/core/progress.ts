// Progress reports of long jobs: done, total and an ETA from the observed rate.

export interface Progress {
  readonly done: number;
  readonly total: number;
  /** Seconds left at the rate seen so far; null before the first unit is done. */
  readonly etaSeconds: number | null;
  readonly elapsedSeconds: number;
}

export type ProgressListener = (progress: Progress) => void;

/**
 * Seconds on a monotonic clock. Not performance.now(): its first use loads perf_hooks, which costs
 * a short command (inspect) several milliseconds at start.
 */
function clockSeconds(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

/** Tracks a job's progress and computes its ETA. */
export class ProgressMeter {
  private readonly started = clockSeconds();
  private doneUnits = 0;

  constructor(
    readonly total: number,
    private readonly listener?: ProgressListener,
  ) {}

  advance(units = 1): Progress {
    // Progress never goes back: a negative or non-finite step is the caller's bug, refused here
    // rather than sent on as an event the contract drops.
    if (!(units >= 0) || !Number.isFinite(units)) throw new RangeError(`progress cannot advance by ${units}`);
    this.doneUnits += units;
    const progress = this.snapshot();
    this.listener?.(progress);
    return progress;
  }

  /**
   * done, total and an ETA that are never negative: work that outgrows its estimate (a file that
   * grew after it was measured) reports total = done and an ETA of 0.
   */
  snapshot(): Progress {
    const elapsedSeconds = clockSeconds() - this.started;
    const total = Math.max(this.total, this.doneUnits);
    const etaSeconds = this.doneUnits > 0 ? (elapsedSeconds / this.doneUnits) * (total - this.doneUnits) : null;
    return { done: this.doneUnits, total, etaSeconds, elapsedSeconds };
  }
}
