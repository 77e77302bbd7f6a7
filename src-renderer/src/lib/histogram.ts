// Bins one column of interleaved rows (labels are count x 3: alpha, xi, d) for the label histograms,
// on round edges.
import { roundBins } from '../components/plot-axes.ts';

export interface Histogram {
  /** bins + 1 round edges (multiples of the bin width), low to high; about as many bins as asked. */
  readonly edges: number[];
  readonly counts: number[];
  /** Rows whose value was not a finite number. */
  readonly skipped: number;
}

export function histogram(rows: ArrayLike<number>, columns: number, column: number, bins: number): Histogram {
  const values: number[] = [];
  let skipped = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = column; k < rows.length; k += columns) {
    const value = rows[k];
    if (!Number.isFinite(value)) {
      skipped++;
      continue;
    }
    values.push(value);
    if (value < lo) lo = value;
    if (value > hi) hi = value;
  }
  if (values.length === 0 || bins < 1) return { edges: [], counts: [], skipped };
  const { start, width, bins: count } = roundBins(lo, hi, bins);
  const edges = Array.from({ length: count + 1 }, (_, k) => Number((start + k * width).toPrecision(12)));
  const counts = new Array<number>(count).fill(0);
  for (const value of values) counts[Math.min(count - 1, Math.max(0, Math.floor((value - start) / width)))]++;
  return { edges, counts, skipped };
}
