// Reads a label file (`*_mat_info_*.txt`): one row of alpha, xi, d per curve.
import { EchoFileError } from '../errors.ts';
import { ProgressMeter, type ProgressListener } from '../progress.ts';
import { totalFileSize } from './chunked-file.ts';
import type { LabelSet } from './curves.ts';
import { readNumberTable } from './number-table.ts';

/** A row count the file must have, named for the messages: "curves in gauss_echos_model_r.txt". */
export interface RowMatch {
  readonly count: number;
  readonly what: string;
}

export interface LabelReadOptions {
  readonly signal?: AbortSignal;
  /** Bytes done; ignored when `meter` is given. */
  readonly onProgress?: ProgressListener;
  readonly meter?: ProgressMeter;
  /** The rows must match this count (the curves they label, or the truth they are scored against). */
  readonly rows?: RowMatch;
}

/** Reads exactly 3 columns per row; with `rows`, exactly that many rows. */
export async function readLabelFile(path: string, options: LabelReadOptions = {}): Promise<LabelSet> {
  const meter = options.meter ?? new ProgressMeter(await totalFileSize([path]), options.onProgress);
  const { rows } = options;
  const table = await readNumberTable(path, {
    columns: { count: 3, why: '(alpha, xi, d)' },
    maxRows: rows && { max: rows.count, reason: `more rows than the ${rows.count} ${rows.what}` },
    signal: options.signal,
    meter,
  });
  if (rows && table.rows < rows.count) {
    throw new EchoFileError(path, table.endLine, 1, `only ${table.rows} rows for the ${rows.count} ${rows.what}`);
  }
  return { count: table.rows, data: table.values };
}
