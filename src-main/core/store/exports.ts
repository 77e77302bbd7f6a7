// Typed SQL over the exports table: each submission written, the runs behind it and its score.
import type { Database } from 'better-sqlite3';

export interface ExportRecord {
  readonly id: string;
  readonly createdAt: string;
  /** Absolute: exports go wherever the user asks, outside the workspace. */
  readonly directory: string;
  readonly gaussRun: string | null;
  readonly rkkyRun: string | null;
  /** File names written, relative to `directory`. */
  readonly files: readonly string[];
  /** The challenge score per model where the data set has an answer key. */
  readonly score: Readonly<Record<string, unknown>> | null;
}

export type NewExport = Omit<ExportRecord, 'createdAt'>;

interface ExportRow {
  id: string;
  created_at: string;
  directory: string;
  gauss_run: string | null;
  rkky_run: string | null;
  files: string;
  score: string | null;
}

function toRecord(row: ExportRow): ExportRecord {
  return {
    id: row.id,
    createdAt: row.created_at,
    directory: row.directory,
    gaussRun: row.gauss_run,
    rkkyRun: row.rkky_run,
    files: JSON.parse(row.files) as string[],
    score: row.score === null ? null : (JSON.parse(row.score) as Record<string, unknown>),
  };
}

export function insertExport(db: Database, record: NewExport, now = new Date()): ExportRecord {
  const row = db
    .prepare(
      `INSERT INTO exports (id, created_at, directory, gauss_run, rkky_run, files, score)
       VALUES (@id, @createdAt, @directory, @gaussRun, @rkkyRun, @files, @score) RETURNING *`,
    )
    .get({
      id: record.id,
      createdAt: now.toISOString(),
      directory: record.directory,
      gaussRun: record.gaussRun,
      rkkyRun: record.rkkyRun,
      files: JSON.stringify(record.files),
      score: record.score === null ? null : JSON.stringify(record.score),
    }) as ExportRow;
  return toRecord(row);
}

/** Exports, newest first. */
export function listExports(db: Database): ExportRecord[] {
  return (db.prepare('SELECT * FROM exports ORDER BY created_at DESC, id').all() as ExportRow[]).map(toRecord);
}
