// What the Compare view draws for each run, fetched once per run and kept: its epochs, its
// validation predictions with the truth, and its saliency map; and a few curves of a data set
// for the background of the saliency charts. A run that cannot answer one of them says why.
import type { CallResult, EpochMetrics } from '../../../src-main/core/api/contract.ts';
import { messageOf } from './call-error.ts';
import { api } from './workbench.ts';

export interface RunDetails {
  /** The run's status when these were fetched: a run that changed since is fetched again. */
  readonly status: string;
  readonly epochs: readonly EpochMetrics[] | null;
  readonly predictions: CallResult<'getRunPredictions'> | null;
  readonly heatmap: CallResult<'getRunHeatmap'> | null;
  /** Plain sentences: what is missing and why. */
  readonly problems: readonly string[];
}

export interface ContextCurves {
  readonly length: number;
  readonly count: number;
  readonly curves: Float32Array;
}

async function attempt<T>(what: string, problems: string[], call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    problems.push(`no ${what}: ${messageOf(error)}`);
    return null;
  }
}

class CompareData {
  /** Details by run id; replaced whole, never deeply proxied (they hold typed arrays). */
  details = $state.raw<Record<string, RunDetails>>({});
  curves = $state.raw<Record<string, ContextCurves | null>>({});
  private readonly pending = new Set<string>();

  /** Fetches a run's details unless those kept were fetched at the same status. */
  async load(runId: string, status: string): Promise<void> {
    if (this.details[runId]?.status === status || this.pending.has(runId)) return;
    this.pending.add(runId);
    const problems: string[] = [];
    try {
      const [metrics, predictions, heatmap] = await Promise.all([
        attempt('learning curves', problems, () => api.call('getRunMetrics', { runId })),
        attempt('predictions', problems, () => api.call('getRunPredictions', { runId, split: 'validation' })),
        attempt('saliency map', problems, () => api.call('getRunHeatmap', { runId })),
      ]);
      this.details = { ...this.details, [runId]: { status, epochs: metrics?.epochs ?? null, predictions, heatmap, problems } };
    } finally {
      this.pending.delete(runId);
    }
  }

  /** A few curves of a data set, once. */
  async loadCurves(datasetId: string): Promise<void> {
    if (datasetId in this.curves) return;
    this.curves = { ...this.curves, [datasetId]: null };
    try {
      const page = await api.call('getCurves', { datasetId, limit: 24 });
      this.curves = { ...this.curves, [datasetId]: { length: page.length, count: page.indices.length, curves: page.curves } };
    } catch {
      // The saliency charts simply go without their grey background.
    }
  }
}

export const compareData = new CompareData();
