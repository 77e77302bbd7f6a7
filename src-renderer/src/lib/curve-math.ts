// Arithmetic on curve pages for the Curves and Explorer views: |M|, Re and Im of interleaved
// curves, the pulse and echo samples, and which curves fall inside parameter ranges.

export type Quantity = 'abs' | 're' | 'im';

export const QUANTITY_LABELS: Record<Quantity, string> = { abs: '|M|', re: 'Re M', im: 'Im M' };

/** One quantity of `count` curves laid out count x length x 2 (Re, Im), as count x length values. */
export function curveValues(curves: ArrayLike<number>, count: number, length: number, quantity: Quantity): Float32Array {
  const values = new Float32Array(count * length);
  for (let k = 0, n = count * length; k < n; k++) {
    const re = curves[2 * k];
    const im = curves[2 * k + 1];
    values[k] = quantity === 'abs' ? Math.hypot(re, im) : quantity === 're' ? re : im;
  }
  return values;
}

/** The samples of the pi pulse and of the echo: a curve has nTau samples before the pulse and 2 nTau after it. */
export function pulseAndEcho(length: number): { pulse: number; echo: number } {
  const nTau = Math.round(length / 3);
  return { pulse: nTau, echo: 2 * nTau - 1 };
}

export interface ParameterRange {
  readonly lo: number | null;
  readonly hi: number | null;
}

/** alpha, xi and d ranges; an open end (null) does not limit. */
export type ParameterRanges = readonly [ParameterRange, ParameterRange, ParameterRange];

/** Indices of the rows (count x 3 labels) inside every range, in order; all rows without labels. */
export function filterIndices(labels: Float64Array | null, count: number, ranges: ParameterRanges): Int32Array {
  if (!labels) return Int32Array.from({ length: count }, (_, k) => k);
  const kept: number[] = [];
  for (let row = 0; row < count; row++) {
    let inside = true;
    for (let p = 0; p < 3 && inside; p++) {
      const value = labels[row * 3 + p];
      const { lo, hi } = ranges[p];
      if ((lo !== null && value < lo) || (hi !== null && value > hi)) inside = false;
    }
    if (inside) kept.push(row);
  }
  return Int32Array.from(kept);
}

/** At most `n` of the indices, spread evenly over them (all of them when there are n or fewer). */
export function spreadEvenly(indices: Int32Array, n: number): Int32Array {
  if (indices.length <= n) return indices;
  return Int32Array.from({ length: n }, (_, k) => indices[Math.floor((k * indices.length) / n)]);
}
