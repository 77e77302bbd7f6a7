// Pages of a stored data set's curves for the UI: the arrays of the last data sets read stay in
// memory, so that paging through a set reads its files once.
import { InputError } from '../errors.ts';
import type { DatasetArrays } from '../formats/dataset-files.ts';

export interface CurveSelection {
  readonly split: 'model' | 'eval';
  readonly offset?: number;
  readonly limit?: number;
  readonly indices?: readonly number[];
}

export interface CurvePage {
  readonly total: number;
  readonly length: number;
  readonly indices: Int32Array;
  /** count x length x 2. */
  readonly curves: Float32Array;
  /** count x 3, or null where the split has no labels. */
  readonly labels: Float64Array | null;
}

const DEFAULT_LIMIT = 100;
const CACHED_DATASETS = 2;

export class CurvePages {
  private readonly cache = new Map<string, Promise<DatasetArrays>>();

  constructor(private readonly load: (datasetId: string) => Promise<DatasetArrays>) {}

  async page(datasetId: string, selection: CurveSelection): Promise<CurvePage> {
    const arrays = await this.arraysOf(datasetId);
    const set = selection.split === 'model' ? arrays.model : arrays.eval;
    const labelSet = selection.split === 'model' ? arrays.labels : arrays.evalTruth;
    const total = set?.count ?? 0;
    const length = arrays.header.length;
    const indices = selection.indices
      ? Int32Array.from(selection.indices)
      : Int32Array.from({ length: Math.max(0, Math.min(selection.limit ?? DEFAULT_LIMIT, total - (selection.offset ?? 0))) }, (_, k) => (selection.offset ?? 0) + k);
    const outside = indices.find((index) => index >= total);
    if (outside !== undefined) throw new InputError(`curve ${outside} is outside the ${selection.split} curves of ${datasetId} (${total})`);
    const stride = length * 2;
    const curves = new Float32Array(indices.length * stride);
    const labels = labelSet ? new Float64Array(indices.length * 3) : null;
    indices.forEach((index, row) => {
      curves.set(set!.data.subarray(index * stride, (index + 1) * stride), row * stride);
      labels?.set(labelSet!.data.subarray(index * 3, index * 3 + 3), row * 3);
    });
    return { total, length, indices, curves, labels };
  }

  /** Every label of a split (count x 3), a copy; null where the split has none. */
  async labels(datasetId: string, split: 'model' | 'eval'): Promise<{ count: number; labels: Float64Array | null }> {
    const arrays = await this.arraysOf(datasetId);
    const set = split === 'model' ? arrays.model : arrays.eval;
    const labelSet = split === 'model' ? arrays.labels : arrays.evalTruth;
    return { count: set?.count ?? 0, labels: labelSet ? Float64Array.from(labelSet.data) : null };
  }

  private arraysOf(datasetId: string): Promise<DatasetArrays> {
    let arrays = this.cache.get(datasetId);
    if (arrays) {
      // Most recently used last, so the oldest is the first key.
      this.cache.delete(datasetId);
    } else {
      arrays = this.load(datasetId);
      arrays.catch(() => this.cache.delete(datasetId));
    }
    this.cache.set(datasetId, arrays);
    while (this.cache.size > CACHED_DATASETS) this.cache.delete(this.cache.keys().next().value as string);
    return arrays;
  }
}
