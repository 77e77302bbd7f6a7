// The long jobs of the workbench (imports, simulations): an id for each, progress and outcome as
// contract events, cancellation through an AbortSignal, and the list a reconnecting page asks for.
import type { EventMessage, Job } from '../api/contract.ts';
import { CancelledError, describeError } from '../errors.ts';
import type { Progress } from '../progress.ts';

type JobKind = Job['kind'];
export type JobWork = (signal: AbortSignal, onProgress: (progress: Progress) => void) => Promise<unknown>;

interface RunningJob {
  info: Job;
  readonly controller: AbortController;
  readonly settled: Promise<void>;
  lastEmitted: number;
}

/** Progress events at most this often per job (the last one always goes out). */
const PROGRESS_INTERVAL_MS = 100;

export class JobRegistry {
  private readonly jobs = new Map<string, RunningJob>();
  private counter = 0;

  constructor(private readonly emit: (event: EventMessage) => void) {}

  /** Starts `work` as a job and returns its id at once; its outcome arrives as a jobFinished event. */
  start(kind: JobKind, label: string, work: JobWork): string {
    const jobId = `${kind}-${++this.counter}`;
    const controller = new AbortController();
    const job: RunningJob = {
      info: { jobId, kind, label, done: 0, total: 0, etaSeconds: null },
      controller,
      lastEmitted: 0,
      settled: Promise.resolve()
        .then(() => work(controller.signal, (progress) => this.progress(job, progress)))
        .then(
          () => this.finish(job, 'done', null),
          (error: unknown) =>
            error instanceof CancelledError || controller.signal.aborted ? this.finish(job, 'cancelled', null) : this.finish(job, 'failed', describeError(error)),
        ),
    };
    this.jobs.set(jobId, job);
    return jobId;
  }

  /** Asks a job to stop; false when no such job is running. */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) return false;
    job.controller.abort();
    return true;
  }

  list(): Job[] {
    return Array.from(this.jobs.values(), (job) => job.info);
  }

  /** Cancels every job and waits for them to clean up. */
  async close(): Promise<void> {
    const running = Array.from(this.jobs.values());
    for (const job of running) job.controller.abort();
    await Promise.all(running.map((job) => job.settled));
  }

  private progress(job: RunningJob, progress: Progress): void {
    job.info = { ...job.info, done: progress.done, total: progress.total, etaSeconds: progress.etaSeconds };
    const now = performance.now();
    if (progress.done < progress.total && now - job.lastEmitted < PROGRESS_INTERVAL_MS) return;
    job.lastEmitted = now;
    this.emit({ type: 'event', name: 'jobProgress', payload: { jobId: job.info.jobId, done: progress.done, total: progress.total, etaSeconds: progress.etaSeconds } });
  }

  private finish(job: RunningJob, outcome: 'done' | 'failed' | 'cancelled', message: string | null): void {
    this.jobs.delete(job.info.jobId);
    this.emit({ type: 'event', name: 'jobFinished', payload: { jobId: job.info.jobId, kind: job.info.kind, outcome, message } });
  }
}
