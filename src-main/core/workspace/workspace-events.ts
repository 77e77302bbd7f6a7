// The events a workspace emits for its faces (UI bridges, CLI progress lines) to forward.
import type { Progress } from '../progress.ts';
import type { DatasetRecord } from '../store/datasets.ts';
import type { EpochMetrics } from '../store/epoch-metrics.ts';
import type { RunRecord } from '../store/runs.ts';

/** The kinds of long job the workspace's job registry runs. */
export const JOB_KINDS = ['import', 'simulate', 'fit', 'export', 'augment'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_OUTCOMES = ['done', 'failed', 'cancelled'] as const;
export type JobOutcome = (typeof JOB_OUTCOMES)[number];

export type WorkspaceEvent =
  /** A run's row changed status (queued, running, finished ...), or learned its backend. */
  | { readonly type: 'run-state'; readonly run: RunRecord }
  /** An epoch was stored. `totalEpochs` and `backend` let a face draw a progress line with an ETA. */
  | {
      readonly type: 'run-epoch';
      readonly runId: string;
      readonly metrics: EpochMetrics;
      readonly totalEpochs: number;
      readonly startEpoch: number;
      readonly backend: string;
    }
  | { readonly type: 'dataset-ready'; readonly dataset: DatasetRecord }
  /** A long job of the workspace (an import, a simulation, a fit, an export, a run's augmentation curves) moved on. */
  | { readonly type: 'job-progress'; readonly jobId: string; readonly kind: JobKind; readonly progress: Progress }
  /** A job ended; `message` says why one failed. */
  | { readonly type: 'job-finished'; readonly jobId: string; readonly kind: JobKind; readonly outcome: JobOutcome; readonly message: string | null };

export type WorkspaceListener = (event: WorkspaceEvent) => void;

/** The listeners of one workspace; a listener that throws never stops the others or the workspace. */
export class WorkspaceEvents {
  private readonly listeners = new Set<WorkspaceListener>();

  subscribe(listener: WorkspaceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: WorkspaceEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // A face's bug must not break the store's bookkeeping; it is reported, not swallowed silently.
        process.emitWarning(`workspace listener failed on ${event.type}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
