// Bins one column of interleaved rows (labels are count x 3: alpha, xi, d) for the label histograms.

export interface Histogram {
  /** bins + 1 edges, low to high. */
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
  if (hi === lo) [lo, hi] = [lo - 0.5, hi + 0.5];
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, k) => lo + k * width);
  const counts = new Array<number>(bins).fill(0);
  for (const value of values) counts[Math.min(bins - 1, Math.floor((value - lo) / width))]++;
  return { edges, counts, skipped };
}
