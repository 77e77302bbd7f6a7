// Reactive state of the workbench's long jobs: those running with their progress, and those that
// failed or were cancelled until the user dismisses them.
import type { EventPayload, Job } from '../../../src-main/core/api/contract.ts';
import { messageOf } from './call-error.ts';
import { api } from './workbench.ts';

export interface EndedJob {
  readonly jobId: string;
  readonly label: string;
  readonly outcome: 'failed' | 'cancelled';
  readonly message: string | null;
}

class JobsState {
  running = $state<Job[]>([]);
  ended = $state<EndedJob[]>([]);

  constructor() {
    api.on('jobProgress', (progress) => this.progress(progress));
    api.on('jobFinished', (finished) => this.finish(finished));
    // A page that (re)connects asks what is still going.
    api.onLinkState((state) => {
      if (state === 'open') void this.refresh();
    });
  }

  async refresh(): Promise<void> {
    try {
      this.running = await api.call('listJobs');
    } catch {
      // The link banner already says the workbench is unreachable.
    }
  }

  async cancel(jobId: string): Promise<void> {
    try {
      await api.call('cancelJob', { jobId });
    } catch (error) {
      this.ended.push({ jobId, label: jobId, outcome: 'failed', message: `could not cancel: ${messageOf(error)}` });
    }
  }

  dismiss(jobId: string): void {
    this.ended = this.ended.filter((job) => job.jobId !== jobId);
  }

  private progress(progress: EventPayload<'jobProgress'>): void {
    const job = this.running.find((candidate) => candidate.jobId === progress.jobId);
    if (job) Object.assign(job, progress);
    else void this.refresh();
  }

  private finish({ jobId, outcome, message }: EventPayload<'jobFinished'>): void {
    const label = this.running.find((job) => job.jobId === jobId)?.label ?? jobId;
    this.running = this.running.filter((job) => job.jobId !== jobId);
    if (outcome !== 'done') this.ended.push({ jobId, label, outcome, message });
  }
}

export const jobs = new JobsState();
