// Cuts a large number table into pieces that start at line starts, so that several threads can check
// it at once, reads one piece's shape, and merges the pieces' shapes back into the table's.
import { open } from 'node:fs/promises';
import type { ByteRange } from './chunked-file.ts';
import { readNumberTable, type ReadTableOptions } from './number-table.ts';

/** Rows and values per row of a table that reads cleanly without rules. */
export interface TableShape {
  readonly rows: number;
  readonly columns: number;
}

/** Bytes [start, end) of the table at `path`. */
export interface TablePiece extends ByteRange {
  readonly path: string;
}

/** How far past a wanted cut an LF is looked for: with none there (a CR-only file, a huge line) that cut is dropped. */
const CUT_WINDOW_BYTES = 1 << 16;
const LF = 10;

/**
 * Pieces of about `pieceBytes` each, every one but the first starting just after an LF (a line
 * start whatever the line ends, since CR LF is one end); the last ends at Infinity, so that a file
 * that grows is still read whole. A file that cannot be read is one piece, whose read says why.
 */
export async function cutTable(path: string, size: number, pieceBytes: number): Promise<TablePiece[]> {
  const count = Math.max(1, Math.round(size / pieceBytes));
  const starts = [0];
  if (count > 1) {
    try {
      const handle = await open(path, 'r');
      try {
        const wanted = Array.from({ length: count - 1 }, (_, k) => Math.floor(((k + 1) * size) / count));
        const cuts = await Promise.all(wanted.map((at) => lineStartFrom(handle, at)));
        for (const cut of cuts) if (cut !== null && cut > starts.at(-1)! && cut < size) starts.push(cut);
      } finally {
        await handle.close();
      }
    } catch {
      starts.length = 1;
    }
  }
  return starts.map((start, k) => ({ path, start, end: starts[k + 1] ?? Infinity }));
}

/** The first line start at or after `at` (just after the first LF from at - 1 on), or null when none is near. */
async function lineStartFrom(handle: Awaited<ReturnType<typeof open>>, at: number): Promise<number | null> {
  const window = Buffer.allocUnsafe(CUT_WINDOW_BYTES);
  const { bytesRead } = await handle.read(window, 0, CUT_WINDOW_BYTES, at - 1);
  const lf = window.subarray(0, bytesRead).indexOf(LF);
  return lf < 0 ? null : at + lf;
}

/** The piece's rows and values per row, read without rules or values; null when it does not read cleanly. */
export async function readPieceShape(piece: TablePiece, options: Pick<ReadTableOptions, 'meter' | 'signal'>): Promise<TableShape | null> {
  try {
    const { rows, columns } = await readNumberTable(piece.path, { discardValues: true, range: piece, meter: options.meter, signal: options.signal });
    return { rows, columns };
  } catch {
    return null; // why it failed (or that it was cancelled) is for the exact read to say
  }
}

/**
 * The table's shape from its pieces' shapes: rows add up, and every piece with rows has the same
 * values per row. Null when a piece failed, widths differ or no piece has a row: then only the
 * exact read can say which line is wrong.
 */
export function mergePieceShapes(shapes: readonly (TableShape | null)[]): TableShape | null {
  let rows = 0;
  let columns = 0;
  for (const shape of shapes) {
    if (shape === null) return null;
    if (shape.rows === 0) continue;
    if (rows > 0 && shape.columns !== columns) return null;
    rows += shape.rows;
    columns = shape.columns;
  }
  return rows > 0 ? { rows, columns } : null;
}
