// Typed SQL over the epoch_metrics table: one row per (run, epoch), upserted, with the run's best
// epoch kept in step in the same transaction.
import type { Database } from 'better-sqlite3';

export interface EpochMetrics {
  /** 1-based. */
  readonly epoch: number;
  /** null when training diverged (NaN or infinite). */
  readonly loss: number | null;
  readonly valLoss: number | null;
  readonly lr: number | null;
  readonly valMseAlpha: number | null;
  readonly valMseXi: number | null;
  readonly valMseD: number | null;
  readonly seconds: number | null;
  readonly samplesPerSecond: number | null;
}

export interface StoredEpochMetrics extends EpochMetrics {
  readonly runId: string;
  readonly recordedAt: string;
}

interface EpochRow {
  run_id: string;
  epoch: number;
  loss: number | null;
  val_loss: number | null;
  lr: number | null;
  val_mse_alpha: number | null;
  val_mse_xi: number | null;
  val_mse_d: number | null;
  seconds: number | null;
  samples_per_second: number | null;
  recorded_at: string;
}

function toStored(row: EpochRow): StoredEpochMetrics {
  return {
    runId: row.run_id,
    epoch: row.epoch,
    loss: row.loss,
    valLoss: row.val_loss,
    lr: row.lr,
    valMseAlpha: row.val_mse_alpha,
    valMseXi: row.val_mse_xi,
    valMseD: row.val_mse_d,
    seconds: row.seconds,
    samplesPerSecond: row.samples_per_second,
    recordedAt: row.recorded_at,
  };
}

/** Non-finite numbers (a diverged loss) are stored as NULL: SQLite keeps no NaN. */
function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Recomputes the run's best epoch (lowest validation loss, earliest on ties) from its stored epochs. */
function refreshBest(db: Database, runId: string): void {
  db.prepare(
    `UPDATE runs SET (best_epoch, best_val_loss, best_val_mse_alpha, best_val_mse_xi, best_val_mse_d) = (
       SELECT epoch, val_loss, val_mse_alpha, val_mse_xi, val_mse_d FROM epoch_metrics
       WHERE run_id = @runId AND val_loss IS NOT NULL ORDER BY val_loss ASC, epoch ASC LIMIT 1)
     WHERE id = @runId`,
  ).run({ runId });
}

/**
 * Stores one epoch of a run; an epoch sent again (after a resume) replaces the earlier row.
 * The row and the run's best metrics commit together, so a crash never leaves them out of step.
 */
export function upsertEpochMetrics(db: Database, runId: string, metrics: EpochMetrics, now = new Date()): void {
  if (!Number.isInteger(metrics.epoch) || metrics.epoch < 1) throw new RangeError(`epoch must be a positive integer, not ${metrics.epoch}`);
  db.transaction(() => {
    db.prepare(
      `INSERT INTO epoch_metrics (run_id, epoch, loss, val_loss, lr, val_mse_alpha, val_mse_xi, val_mse_d, seconds, samples_per_second, recorded_at)
       VALUES (@runId, @epoch, @loss, @valLoss, @lr, @valMseAlpha, @valMseXi, @valMseD, @seconds, @samplesPerSecond, @recordedAt)
       ON CONFLICT (run_id, epoch) DO UPDATE SET
         loss = excluded.loss, val_loss = excluded.val_loss, lr = excluded.lr,
         val_mse_alpha = excluded.val_mse_alpha, val_mse_xi = excluded.val_mse_xi, val_mse_d = excluded.val_mse_d,
         seconds = excluded.seconds, samples_per_second = excluded.samples_per_second, recorded_at = excluded.recorded_at`,
    ).run({
      runId,
      epoch: metrics.epoch,
      loss: finiteOrNull(metrics.loss),
      valLoss: finiteOrNull(metrics.valLoss),
      lr: finiteOrNull(metrics.lr),
      valMseAlpha: finiteOrNull(metrics.valMseAlpha),
      valMseXi: finiteOrNull(metrics.valMseXi),
      valMseD: finiteOrNull(metrics.valMseD),
      seconds: finiteOrNull(metrics.seconds),
      samplesPerSecond: finiteOrNull(metrics.samplesPerSecond),
      recordedAt: now.toISOString(),
    });
    refreshBest(db, runId);
  }).immediate();
}

/**
 * Drops the epochs after `epoch`: a run resumed from the checkpoint of that epoch trains them
 * again, and the old rows belong to a history that the checkpoint no longer carries.
 */
export function truncateEpochsAfter(db: Database, runId: string, epoch: number): void {
  db.transaction(() => {
    db.prepare('DELETE FROM epoch_metrics WHERE run_id = ? AND epoch > ?').run(runId, epoch);
    refreshBest(db, runId);
  }).immediate();
}

export function listEpochMetrics(db: Database, runId: string): StoredEpochMetrics[] {
  return (db.prepare('SELECT * FROM epoch_metrics WHERE run_id = ? ORDER BY epoch').all(runId) as EpochRow[]).map(toStored);
}

export function lastEpoch(db: Database, runId: string): number {
  const row = db.prepare('SELECT max(epoch) AS epoch FROM epoch_metrics WHERE run_id = ?').get(runId) as { epoch: number | null };
  return row.epoch ?? 0;
}
