// Writes label files (`*_mat_info_*.txt`): rows of alpha, xi, d, tab-separated, atomically.
import { writeFileAtomic } from '../files/atomic-write.ts';
import type { LabelSet } from './curves.ts';

/**
 * Formats labels as text. String(x) is JavaScript's shortest round-trip form, so each value
 * reads back bit-identical as float64; only negative zero needs help, as String(-0) is '0'.
 */
export function formatLabelRows(labels: LabelSet): string {
  const rows: string[] = new Array(labels.count);
  const { data } = labels;
  const text = (value: number) => (Object.is(value, -0) ? '-0' : String(value));
  for (let row = 0; row < labels.count; row++) {
    rows[row] = `${text(data[row * 3])}\t${text(data[row * 3 + 1])}\t${text(data[row * 3 + 2])}`;
  }
  return rows.length === 0 ? '' : rows.join('\n') + '\n';
}

/** Writes a label file atomically (temporary file, then rename). Refuses non-finite values. */
export async function writeLabelFile(path: string, labels: LabelSet): Promise<void> {
  const bad = labels.data.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) {
    throw new RangeError(`${path}: label row ${Math.floor(bad / 3) + 1} column ${(bad % 3) + 1} is not finite`);
  }
  await writeFileAtomic(path, formatLabelRows(labels));
}
