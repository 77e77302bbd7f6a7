// Typed SQL over the artifacts table: checkpoints and predictions are files in the run's folder
// (path relative to the workspace, written and read by formats/array-file.ts), never BLOBs.
import type { Database } from 'better-sqlite3';
import type { ArrayDtype } from '../formats/array-file.ts';

export const ARTIFACT_KINDS = ['checkpoint', 'val-predictions', 'eval-predictions', 'heatmap'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

export interface ArtifactRecord {
  readonly id: number;
  readonly runId: string;
  readonly kind: ArtifactKind;
  /** Relative to the workspace folder. */
  readonly path: string;
  /** For raw array files: element type and shape (row-major, little-endian). */
  readonly dtype: ArrayDtype | null;
  readonly shape: readonly number[] | null;
  readonly epoch: number | null;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
}

export interface NewArtifact {
  readonly runId: string;
  readonly kind: ArtifactKind;
  readonly path: string;
  readonly dtype?: ArrayDtype | null;
  readonly shape?: readonly number[] | null;
  readonly epoch?: number | null;
  readonly meta?: Readonly<Record<string, unknown>>;
}

interface ArtifactRow {
  id: number;
  run_id: string;
  kind: ArtifactKind;
  path: string;
  dtype: ArrayDtype | null;
  shape: string | null;
  epoch: number | null;
  meta: string;
  created_at: string;
}

function toRecord(row: ArtifactRow): ArtifactRecord {
  return {
    id: row.id,
    runId: row.run_id,
    kind: row.kind,
    path: row.path,
    dtype: row.dtype,
    shape: row.shape === null ? null : (JSON.parse(row.shape) as number[]),
    epoch: row.epoch,
    meta: JSON.parse(row.meta) as Record<string, unknown>,
    createdAt: row.created_at,
  };
}

/** Records an artifact; the same (run, kind, path) written again (a newer checkpoint) updates its row. */
export function recordArtifact(db: Database, artifact: NewArtifact, now = new Date()): ArtifactRecord {
  const row = db
    .prepare(
      `INSERT INTO artifacts (run_id, kind, path, dtype, shape, epoch, meta, created_at)
       VALUES (@runId, @kind, @path, @dtype, @shape, @epoch, @meta, @createdAt)
       ON CONFLICT (run_id, kind, path) DO UPDATE SET
         dtype = excluded.dtype, shape = excluded.shape, epoch = excluded.epoch, meta = excluded.meta, created_at = excluded.created_at
       RETURNING *`,
    )
    .get({
      runId: artifact.runId,
      kind: artifact.kind,
      path: artifact.path,
      dtype: artifact.dtype ?? null,
      shape: artifact.shape ? JSON.stringify(artifact.shape) : null,
      epoch: artifact.epoch ?? null,
      meta: JSON.stringify(artifact.meta ?? {}),
      createdAt: now.toISOString(),
    }) as ArtifactRow;
  return toRecord(row);
}

export function listArtifacts(db: Database, runId: string, kind?: ArtifactKind): ArtifactRecord[] {
  const rows = (kind === undefined
    ? db.prepare('SELECT * FROM artifacts WHERE run_id = ? ORDER BY id').all(runId)
    : db.prepare('SELECT * FROM artifacts WHERE run_id = ? AND kind = ? ORDER BY id').all(runId, kind)) as ArtifactRow[];
  return rows.map(toRecord);
}

/** The most recently written artifact of a kind, or null. */
export function latestArtifact(db: Database, runId: string, kind: ArtifactKind): ArtifactRecord | null {
  const row = db.prepare('SELECT * FROM artifacts WHERE run_id = ? AND kind = ? ORDER BY created_at DESC, id DESC LIMIT 1').get(runId, kind) as ArtifactRow | undefined;
  return row ? toRecord(row) : null;
}
