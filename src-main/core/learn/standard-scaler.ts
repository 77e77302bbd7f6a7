// Standardisation as scikit-learn's StandardScaler does it: per column, subtract the mean and divide
// by the population standard deviation, with scale 1 for columns indistinguishable from constant.
import { InputError } from '../errors.ts';

export interface StandardScaler {
  readonly mean: Float64Array;
  /** Population standard deviation per column, or 1 for a constant column. */
  readonly scale: Float64Array;
  /** Population variance per column (before the constant-column rule). */
  readonly variance: Float64Array;
  /** Rows the scaler was fitted on. */
  readonly count: number;
}

/**
 * Fits on `values`, rows x columns row-major (for labels: data of a LabelSet with 3 columns).
 * Means and variances use compensated sums and the corrected two-pass formula, as sklearn does;
 * a column counts as constant when its variance is within the error bound of that formula.
 */
export function fitScaler(values: ArrayLike<number>, columns: number): StandardScaler {
  if (!Number.isInteger(columns) || columns < 1) throw new InputError(`a scaler needs at least one column, got ${columns}`);
  if (values.length === 0 || values.length % columns !== 0) {
    throw new InputError(`cannot fit a scaler: ${values.length} values do not make rows of ${columns}`);
  }
  const count = values.length / columns;
  const mean = new Float64Array(columns);
  const variance = new Float64Array(columns);
  const scale = new Float64Array(columns);
  for (let column = 0; column < columns; column++) {
    let sum = 0;
    let compensation = 0;
    for (let row = 0; row < count; row++) {
      const value = values[row * columns + column];
      if (!Number.isFinite(value)) throw new InputError(`cannot fit a scaler: row ${row + 1}, column ${column + 1} is ${value}`);
      // Neumaier's compensated sum keeps the mean accurate whatever the order of the rows.
      const next = sum + value;
      compensation += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
      sum = next;
    }
    const columnMean = (sum + compensation) / count;
    let squares = 0;
    let deviations = 0;
    for (let row = 0; row < count; row++) {
      const deviation = values[row * columns + column] - columnMean;
      squares += deviation * deviation;
      deviations += deviation;
    }
    const columnVariance = Math.max(0, (squares - (deviations * deviations) / count) / count);
    mean[column] = columnMean;
    variance[column] = columnVariance;
    const bound = count * Number.EPSILON * columnVariance + (count * columnMean * Number.EPSILON) ** 2;
    scale[column] = columnVariance <= bound ? 1 : Math.sqrt(columnVariance);
  }
  return { mean, scale, variance, count };
}

/** (value - mean) / scale for every value, rows x columns as fitted. */
export function transform(scaler: StandardScaler, values: ArrayLike<number>): Float64Array {
  const columns = checkShape(scaler, values);
  const result = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) {
    const column = k % columns;
    result[k] = (values[k] - scaler.mean[column]) / scaler.scale[column];
  }
  return result;
}

/** value * scale + mean: back to physical units. */
export function inverseTransform(scaler: StandardScaler, values: ArrayLike<number>): Float64Array {
  const columns = checkShape(scaler, values);
  const result = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) {
    const column = k % columns;
    result[k] = values[k] * scaler.scale[column] + scaler.mean[column];
  }
  return result;
}

function checkShape(scaler: StandardScaler, values: ArrayLike<number>): number {
  const columns = scaler.mean.length;
  if (values.length % columns !== 0) throw new InputError(`${values.length} values do not make rows of ${columns}`);
  return columns;
}
