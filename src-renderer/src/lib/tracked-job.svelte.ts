// Follows one long job that a view started: its progress from the jobs store, and how it ended,
// so that the view can show both inline beside the form that started it.
import type { EventPayload } from '../../../src-main/core/api/contract.ts';
import { messageOf } from './call-error.ts';
import { jobs } from './jobs.svelte.ts';
import { api } from './workbench.ts';

export type JobOutcome = 'done' | 'failed' | 'cancelled';

export class TrackedJob {
  jobId = $state<string | null>(null);
  /** Null before the first start. */
  state = $state<'starting' | 'running' | JobOutcome | null>(null);
  /** Why it failed, word for word as the core said it. */
  message = $state<string | null>(null);
  readonly progress = $derived(this.jobId === null ? null : (jobs.running.find((job) => job.jobId === this.jobId) ?? null));
  readonly busy = $derived(this.state === 'starting' || this.state === 'running');

  /** Starts a job and resolves with how it ended; a start the core refuses is a failure with its reason. */
  async run(start: () => Promise<{ jobId: string }>): Promise<JobOutcome> {
    this.jobId = null;
    this.state = 'starting';
    this.message = null;
    // The end of a quick job may arrive before the reply that names it: keep ends until then.
    const early = new Map<string, EventPayload<'jobFinished'>>();
    let settle: (finished: EventPayload<'jobFinished'>) => void = () => {};
    const ended = new Promise<EventPayload<'jobFinished'>>((resolve) => (settle = resolve));
    const stop = api.on('jobFinished', (finished) => {
      if (this.jobId === null) early.set(finished.jobId, finished);
      else if (finished.jobId === this.jobId) settle(finished);
    });
    try {
      const { jobId } = await start();
      this.jobId = jobId;
      this.state = 'running';
      const already = early.get(jobId);
      if (already) settle(already);
      const finished = await ended;
      this.state = finished.outcome;
      this.message = finished.message;
      return finished.outcome;
    } catch (error) {
      this.state = 'failed';
      this.message = messageOf(error);
      return 'failed';
    } finally {
      stop();
    }
  }

  /** Forgets how the last job ended (a running one stays). */
  clear(): void {
    if (this.busy) return;
    this.jobId = null;
    this.state = null;
    this.message = null;
  }

  cancel(): void {
    if (this.jobId !== null && this.busy) void jobs.cancel(this.jobId);
  }
}

/** "about 12 s left", "about 3 min left", or nothing before the first estimate. */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '';
  return seconds < 90 ? `about ${Math.ceil(seconds)} s left` : `about ${Math.ceil(seconds / 60)} min left`;
}
