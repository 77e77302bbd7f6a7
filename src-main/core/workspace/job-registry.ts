// The one job system of a workspace: every long job (an import, a simulation, a fit, an export, a
// run's augmentation curves) gets its id here, reports its progress and end as workspace events,
// can be cancelled by its id, and is listed for a page that reconnects.
import { CancelledError, describeError } from '../errors.ts';
import type { Progress } from '../progress.ts';
import type { JobKind, JobOutcome, WorkspaceEvents } from './workspace-events.ts';

export interface JobInfo {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly label: string;
  readonly done: number;
  readonly total: number;
  readonly etaSeconds: number | null;
}

export type JobWork<T> = (signal: AbortSignal, onProgress: (progress: Progress) => void) => Promise<T>;

export interface JobOptions {
  /** Also stops the job (a run's cancel stops its augmentation). */
  readonly signal?: AbortSignal;
  /** Names the job `<kind>-<key>` instead of `<kind>-<n>`, for a job that belongs to something with an id (a run). */
  readonly key?: string;
}

interface RunningJob {
  info: JobInfo;
  readonly controller: AbortController;
  settled: Promise<void>;
}

export class JobRegistry {
  private readonly jobs = new Map<string, RunningJob>();
  private counter = 0;

  constructor(private readonly events: WorkspaceEvents) {}

  /** Starts `work` as a job; its result (or error) arrives through `result`, its end as a job-finished event too. */
  run<T>(kind: JobKind, label: string, work: JobWork<T>, options: JobOptions = {}): { jobId: string; result: Promise<T> } {
    const jobId = `${kind}-${options.key ?? ++this.counter}`;
    if (this.jobs.has(jobId)) throw new Error(`job ${jobId} is already running`);
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([controller.signal, options.signal]) : controller.signal;
    const job: RunningJob = { info: { jobId, kind, label, done: 0, total: 0, etaSeconds: null }, controller, settled: Promise.resolve() };
    this.jobs.set(jobId, job);
    // The work starts after run() has returned, so that a caller holds the id before any event names it.
    const result = Promise.resolve().then(() => work(signal, (progress) => this.progress(job, progress)));
    job.settled = result.then(
      () => this.finish(job, 'done', null),
      (error: unknown) => (error instanceof CancelledError || signal.aborted ? this.finish(job, 'cancelled', null) : this.finish(job, 'failed', describeError(error))),
    );
    return { jobId, result };
  }

  /** Starts `work` as a job and returns its id at once; how it ends arrives as a job-finished event only. */
  start(kind: JobKind, label: string, work: JobWork<unknown>, options: JobOptions = {}): string {
    const { jobId, result } = this.run(kind, label, work, options);
    // Its failure is the job-finished event's message: nobody awaits the result.
    result.catch(() => {});
    return jobId;
  }

  /** Asks a job to stop; false when no such job is running. */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) return false;
    job.controller.abort();
    return true;
  }

  list(): JobInfo[] {
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
    this.events.emit({ type: 'job-progress', jobId: job.info.jobId, kind: job.info.kind, progress });
  }

  private finish(job: RunningJob, outcome: JobOutcome, message: string | null): void {
    this.jobs.delete(job.info.jobId);
    this.events.emit({ type: 'job-finished', jobId: job.info.jobId, kind: job.info.kind, outcome, message });
  }
}
