// Typed SQL: how long runs trained, the sum of their stored epochs' seconds. A resumed run counts
// its training only, not the time it lay interrupted (finishedAt - createdAt would).
import type { Database } from 'better-sqlite3';

/** Seconds of training by run id, for the runs that have at least one timed epoch. */
export function trainingSecondsByRun(db: Database, runIds: readonly string[]): Map<string, number> {
  if (runIds.length === 0) return new Map();
  const rows = db
    .prepare(
      `SELECT run_id AS runId, sum(seconds) AS seconds FROM epoch_metrics
       WHERE run_id IN (SELECT value FROM json_each(?)) AND seconds IS NOT NULL GROUP BY run_id`,
    )
    .all(JSON.stringify(runIds)) as { runId: string; seconds: number }[];
  return new Map(rows.map((row) => [row.runId, row.seconds]));
}
