// Reads a challenge pair of echo files (`*_echos_*_r.txt` and `*_echos_*_i.txt`) into one curve set,
// checking that the real and imaginary files agree row for row.
import { basename } from 'node:path';
import { EchoFileError } from '../errors.ts';
import { ProgressMeter, type ProgressListener } from '../progress.ts';
import { totalFileSize } from './chunked-file.ts';
import type { CurveSet } from './curves.ts';
import { readNumberTable, type ColumnRule } from './number-table.ts';
import type { TableShape } from './table-pieces.ts';

/** A curve set read from text: always float64, laid out as CurveSet describes. */
export interface EchoCurves extends CurveSet {
  readonly data: Float64Array;
}

export interface EchoReadOptions {
  readonly signal?: AbortSignal;
  /** Bytes done over both files; ignored when `meter` is given. */
  readonly onProgress?: ProgressListener;
  /** A meter shared with other files, advanced by the bytes read. */
  readonly meter?: ProgressMeter;
  /** Time points every curve must have, and why (for instance the model curves' length). */
  readonly length?: ColumnRule;
}

/** Curves counted, not kept: what checkEchoPair learns from a pair. */
export interface CurveShape {
  readonly count: number;
  readonly length: number;
}

/** Reads the real and imaginary parts; the first data row of the real file sets T unless `length` does. */
export async function readEchoPair(realPath: string, imaginaryPath: string, options: EchoReadOptions = {}): Promise<EchoCurves> {
  const pair = await readPair(realPath, imaginaryPath, options, true);
  return { count: pair.count, length: pair.length, data: pair.data! };
}

/**
 * Checks a pair exactly as readEchoPair reads it (the same rules, the same errors) but keeps no
 * value, so that checking a folder allocates no curve arrays.
 */
export async function checkEchoPair(realPath: string, imaginaryPath: string, options: EchoReadOptions = {}): Promise<CurveShape> {
  const { count, length } = await readPair(realPath, imaginaryPath, options, false);
  return { count, length };
}

/**
 * What checkEchoPair returns for two files whose shapes were read without rules (null for a file
 * that did not read cleanly), or null when only checkEchoPair can tell, and name the exact error.
 * A rule-free read fails wherever a read with rules does, save for the rules themselves, which
 * are the shape comparisons made here.
 */
export function pairShapeFrom(real: TableShape | null, imaginary: TableShape | null, length?: ColumnRule): CurveShape | null {
  if (!real || !imaginary) return null;
  if (length && real.columns !== length.count) return null;
  if (imaginary.columns !== real.columns || imaginary.rows !== real.rows) return null;
  return { count: real.rows, length: real.columns };
}

async function readPair(realPath: string, imaginaryPath: string, options: EchoReadOptions, keep: boolean): Promise<CurveShape & { data: Float64Array | null }> {
  const meter = options.meter ?? new ProgressMeter(await totalFileSize([realPath, imaginaryPath]), options.onProgress);
  const real = await readNumberTable(realPath, { columns: options.length, discardValues: !keep, signal: options.signal, meter });
  const { rows: count, columns: length } = real;

  let data: Float64Array | null = null;
  if (keep) {
    data = new Float64Array(count * length * 2);
    const realValues = real.values;
    for (let k = 0; k < realValues.length; k++) data[2 * k] = realValues[k];
  }

  const realName = basename(realPath);
  const imaginary = await readNumberTable(imaginaryPath, {
    columns: { count: length, why: `like ${realName}` },
    maxRows: { max: count, reason: `more rows than the ${count} of ${realName}` },
    target: data ? { data, offset: 1, stride: 2 } : undefined,
    discardValues: !keep,
    signal: options.signal,
    meter,
  });
  if (imaginary.rows < count) {
    throw new EchoFileError(
      imaginaryPath,
      imaginary.endLine,
      1,
      `ends after ${imaginary.rows} rows; ${realName} has ${count} (row ${imaginary.rows + 1} at its line ${real.rowLines[imaginary.rows]})`,
    );
  }
  return { count, length, data };
}
