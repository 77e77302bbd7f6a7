// Spearman's rank correlation, and the check it serves: does a model's predicted spread rank its
// curves by how wrong it is (the uncertainty is informative) or not.
import { LABEL_NAMES, type LabelName } from '../formats/curves.ts';

/** 1-based ranks, ties sharing the mean of the ranks they span. */
function ranks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, index) => index).sort((a, b) => values[a] - values[b]);
  const rank = new Float64Array(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const shared = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) rank[order[k]] = shared;
    start = end;
  }
  return rank;
}

/** Pearson's correlation of the ranks; NaN when either side is constant or has fewer than 2 values. */
export function spearmanCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`${a.length} values against ${b.length}`);
  const n = a.length;
  if (n < 2) return NaN;
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (n + 1) / 2;
  let covariance = 0;
  let varianceA = 0;
  let varianceB = 0;
  for (let k = 0; k < n; k++) {
    const da = ra[k] - mean;
    const db = rb[k] - mean;
    covariance += da * db;
    varianceA += da * da;
    varianceB += db * db;
  }
  return varianceA === 0 || varianceB === 0 ? NaN : covariance / Math.sqrt(varianceA * varianceB);
}

/**
 * Per parameter, the Spearman correlation between the predicted std and the absolute error
 * (rows of 3: alpha, xi, d). Above 0 the spread flags the worse predictions; 0 means it says nothing.
 */
export function spreadErrorCorrelation(predicted: Float64Array, std: Float64Array, truth: Float64Array): Record<LabelName, number> {
  if (predicted.length !== truth.length || std.length !== truth.length) throw new RangeError('predictions, std and truth must have the same rows');
  const rows = truth.length / 3;
  const result = {} as Record<LabelName, number>;
  LABEL_NAMES.forEach((name, column) => {
    const spread = new Float64Array(rows);
    const error = new Float64Array(rows);
    for (let row = 0; row < rows; row++) {
      spread[row] = std[row * 3 + column];
      error[row] = Math.abs(predicted[row * 3 + column] - truth[row * 3 + column]);
    }
    result[name] = spearmanCorrelation(spread, error);
  });
  return result;
}
