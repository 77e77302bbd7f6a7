// Progress reports of long jobs: done, total and an ETA from the observed rate.

export interface Progress {
  readonly done: number;
  readonly total: number;
  /** Seconds left at the rate seen so far; null before the first unit is done. */
  readonly etaSeconds: number | null;
  readonly elapsedSeconds: number;
}

export type ProgressListener = (progress: Progress) => void;

/** Tracks a job's progress and computes its ETA. */
export class ProgressMeter {
  private readonly started = performance.now();
  private doneUnits = 0;

  constructor(
    readonly total: number,
    private readonly listener?: ProgressListener,
  ) {}

  advance(units = 1): Progress {
    this.doneUnits += units;
    const progress = this.snapshot();
    this.listener?.(progress);
    return progress;
  }

  snapshot(): Progress {
    const elapsedSeconds = (performance.now() - this.started) / 1000;
    const etaSeconds =
      this.doneUnits > 0 ? (elapsedSeconds / this.doneUnits) * (this.total - this.doneUnits) : null;
    return { done: this.doneUnits, total: this.total, etaSeconds, elapsedSeconds };
  }
}
