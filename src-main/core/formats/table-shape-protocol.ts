// Messages between the table-shape prefetch and its worker thread.

/** Rows and values per row of a table that reads cleanly without rules. */
export interface TableShape {
  readonly rows: number;
  readonly columns: number;
}

export interface ShapeRequest {
  readonly path: string;
}

export type ShapeReply =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly bytes: number }
  /** `shape` is null when the table does not read cleanly. */
  | { readonly type: 'shape'; readonly path: string; readonly shape: TableShape | null };
