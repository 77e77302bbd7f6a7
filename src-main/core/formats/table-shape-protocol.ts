// Messages between the table-shape prefetch and its worker thread.
import type { TablePiece, TableShape } from './table-pieces.ts';

/** The pieces to check, taken in turn with the main thread through the shared counter `claims`. */
export interface ShapeJob {
  readonly pieces: readonly TablePiece[];
  readonly claims: Int32Array;
}

export type ShapeReply =
  | { readonly type: 'progress'; readonly bytes: number }
  /** `shape` is null when the piece does not read cleanly. */
  | { readonly type: 'piece'; readonly index: number; readonly shape: TableShape | null };
