// Typed SQL over the studies tables: a study's row (budget, settings, scheduler state, time spent),
// its trials (runs with their successive-halving bracket and rung) and each rung's score in time.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { WorkspaceError } from '../errors.ts';
import { BACKEND_PREFERENCES } from '../learn/backend-names.ts';
import { findRowById, requireRowById } from './row-by-id.ts';

export const STUDY_STATUSES = ['created', 'running', 'stopped', 'interrupted', 'finished', 'failed'] as const;
export type StudyStatus = (typeof STUDY_STATUSES)[number];

/** Wall time the study may train for, summed over its sessions, or a number of trials (configurations tried). */
export type StudyBudget = { readonly kind: 'time'; readonly seconds: number } | { readonly kind: 'trials'; readonly count: number };

/** A study's search settings as stored: parsed on every read, so that a row no code wrote is an error, not a wrong type. */
export const StudySettings = z.object({
  /** Presets the trials are drawn from: built-in ones and saved models (checked by the workspace against its library). */
  presets: z.array(z.string().min(1)),
  /** Epochs a trial has trained after each rung, increasing. */
  rungs: z.array(z.number().int()),
  /** Successive halving keeps the best 1/reduction of a bracket's trials at each rung. */
  reduction: z.number().int(),
  /** Configurations drawn per bracket before its first promotion. */
  bracketSize: z.number().int(),
  /** Settings imposed on every trial whose preset has them (for instance small networks in a test). */
  fixed: z.record(z.string(), z.unknown()),
  /** Members of the default ensemble: the study's best runs. */
  top: z.number().int(),
  backend: z.enum(BACKEND_PREFERENCES),
});
export type StudySettings = z.output<typeof StudySettings>;

/** The scheduler's state between sessions: its random generator's (random.ts). */
export const StudyState = z.object({
  random: z.object({ algorithm: z.literal('xoshiro128**'), words: z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int()]).readonly() }),
});
export type StudyState = z.output<typeof StudyState>;

export interface StudyRecord {
  readonly id: string;
  readonly datasetId: string;
  readonly status: StudyStatus;
  readonly budget: StudyBudget;
  readonly seed: number;
  /** The search's settings (presets, rungs, reduction ...). */
  readonly settings: StudySettings;
  /** The scheduler's state between sessions (its random generator). */
  readonly state: StudyState;
  /** Seconds the study has spent training, over all its sessions. */
  readonly elapsedSeconds: number;
  /** Its default ensemble, once made. */
  readonly ensembleRunId: string | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly errorMessage: string | null;
}

export interface StudyTrial {
  readonly runId: string;
  /** 0-based, in the order the configurations were drawn. */
  readonly trial: number;
  readonly bracket: number;
  /** The highest rung the trial was promoted to (0 when it was drawn). */
  readonly rung: number;
}

/** One rung's outcome: the trial's validation score after that rung's epochs, at the study's elapsed time. */
export interface StudyResult {
  readonly runId: string;
  readonly rung: number;
  readonly epochs: number;
  readonly valPerElement: number | null;
  readonly elapsedSeconds: number;
  readonly recordedAt: string;
}

interface StudyRow {
  id: string;
  dataset_id: string;
  status: StudyStatus;
  budget: string;
  seed: number;
  settings: string;
  state: string;
  elapsed_seconds: number;
  ensemble_run_id: string | null;
  created_at: string;
  finished_at: string | null;
  error_message: string | null;
}

/** A JSON column (valid JSON: the table checks it) read through its schema; WorkspaceError naming the study and column when it does not fit. */
function parseColumn<T>(schema: z.ZodType<T>, row: StudyRow, column: 'settings' | 'state'): T {
  const parsed = schema.safeParse(JSON.parse(row[column]));
  if (!parsed.success) throw new WorkspaceError(`study ${row.id}: the ${column} column does not fit its schema: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  return parsed.data;
}

function toRecord(row: StudyRow): StudyRecord {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    status: row.status,
    budget: JSON.parse(row.budget) as StudyBudget,
    seed: row.seed,
    settings: parseColumn(StudySettings, row, 'settings'),
    state: parseColumn(StudyState, row, 'state'),
    elapsedSeconds: row.elapsed_seconds,
    ensembleRunId: row.ensemble_run_id,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    errorMessage: row.error_message,
  };
}

/** What a new study's row is made from; the rest starts empty. */
export type NewStudy = Pick<StudyRecord, 'id' | 'datasetId' | 'budget' | 'seed' | 'settings' | 'state'>;

export function insertStudy(db: Database, study: NewStudy, now = new Date()): StudyRecord {
  db.prepare(
    `INSERT INTO studies (id, dataset_id, status, budget, seed, settings, state, created_at)
     VALUES (@id, @datasetId, 'created', @budget, @seed, @settings, @state, @createdAt)`,
  ).run({
    id: study.id,
    datasetId: study.datasetId,
    budget: JSON.stringify(study.budget),
    seed: study.seed,
    settings: JSON.stringify(study.settings),
    state: JSON.stringify(study.state),
    createdAt: now.toISOString(),
  });
  return requireStudy(db, study.id);
}

export function getStudy(db: Database, id: string): StudyRecord | null {
  return findRowById(db, 'studies', id, toRecord);
}

export function requireStudy(db: Database, id: string): StudyRecord {
  return requireRowById(db, 'studies', id, toRecord, 'study');
}

/** Studies, newest first. */
export function listStudies(db: Database): StudyRecord[] {
  return (db.prepare('SELECT * FROM studies ORDER BY created_at DESC, id').all() as StudyRow[]).map(toRecord);
}

/** Sets the status; a terminal one (stopped, interrupted, finished, failed) stamps finished_at, 'running' clears it and the error. */
export function setStudyStatus(db: Database, id: string, status: StudyStatus, errorMessage: string | null = null, now = new Date()): StudyRecord {
  db.prepare(
    `UPDATE studies SET status = @status,
       finished_at = CASE WHEN @status IN ('running', 'created') THEN NULL ELSE @at END,
       error_message = CASE WHEN @status = 'running' THEN NULL ELSE coalesce(@errorMessage, error_message) END
     WHERE id = @id`,
  ).run({ id, status, at: now.toISOString(), errorMessage });
  return requireStudy(db, id);
}

export function setStudyElapsed(db: Database, id: string, elapsedSeconds: number): void {
  db.prepare('UPDATE studies SET elapsed_seconds = ? WHERE id = ?').run(elapsedSeconds, id);
}

export function setStudyBudget(db: Database, id: string, budget: StudyBudget): StudyRecord {
  db.prepare('UPDATE studies SET budget = ? WHERE id = ?').run(JSON.stringify(budget), id);
  return requireStudy(db, id);
}

export function setStudyEnsemble(db: Database, id: string, runId: string): void {
  db.prepare('UPDATE studies SET ensemble_run_id = ? WHERE id = ?').run(runId, id);
}

/**
 * Makes a run a trial of the study and saves the scheduler state that drew it, in one transaction:
 * the configuration is drawn once, whatever happens to the process after.
 */
export function insertTrial(db: Database, studyId: string, trial: StudyTrial, state: StudyState): void {
  db.transaction(() => {
    db.prepare('UPDATE runs SET study_id = ? WHERE id = ?').run(studyId, trial.runId);
    db.prepare('INSERT INTO study_trials (run_id, study_id, trial, bracket, rung) VALUES (?, ?, ?, ?, ?)').run(trial.runId, studyId, trial.trial, trial.bracket, trial.rung);
    db.prepare('UPDATE studies SET state = ? WHERE id = ?').run(JSON.stringify(state), studyId);
  })();
}

export function listTrials(db: Database, studyId: string): StudyTrial[] {
  const rows = db.prepare('SELECT run_id, trial, bracket, rung FROM study_trials WHERE study_id = ? ORDER BY trial').all(studyId) as {
    run_id: string;
    trial: number;
    bracket: number;
    rung: number;
  }[];
  return rows.map((row) => ({ runId: row.run_id, trial: row.trial, bracket: row.bracket, rung: row.rung }));
}

/** Promotes trials to a rung, all at once, so that a crash never leaves half a promotion. */
export function promoteTrials(db: Database, studyId: string, runIds: readonly string[], rung: number): void {
  db.transaction(() => {
    const promote = db.prepare('UPDATE study_trials SET rung = ? WHERE study_id = ? AND run_id = ? AND rung < ?');
    for (const runId of runIds) promote.run(rung, studyId, runId, rung);
  })();
}

export function recordStudyResult(db: Database, studyId: string, result: Omit<StudyResult, 'recordedAt'>, now = new Date()): void {
  db.prepare(
    `INSERT INTO study_results (study_id, run_id, rung, epochs, val_per_element, elapsed_seconds, recorded_at)
     VALUES (@studyId, @runId, @rung, @epochs, @valPerElement, @elapsedSeconds, @recordedAt)
     ON CONFLICT (study_id, run_id, rung) DO UPDATE SET epochs = excluded.epochs, val_per_element = excluded.val_per_element,
       elapsed_seconds = excluded.elapsed_seconds, recorded_at = excluded.recorded_at`,
  ).run({
    studyId,
    runId: result.runId,
    rung: result.rung,
    epochs: result.epochs,
    valPerElement: Number.isFinite(result.valPerElement) ? result.valPerElement : null,
    elapsedSeconds: result.elapsedSeconds,
    recordedAt: now.toISOString(),
  });
}

/** A study's rung results in the order of its elapsed time. */
export function listStudyResults(db: Database, studyId: string): StudyResult[] {
  const rows = db
    .prepare('SELECT run_id, rung, epochs, val_per_element, elapsed_seconds, recorded_at FROM study_results WHERE study_id = ? ORDER BY elapsed_seconds, recorded_at')
    .all(studyId) as { run_id: string; rung: number; epochs: number; val_per_element: number | null; elapsed_seconds: number; recorded_at: string }[];
  return rows.map((row) => ({
    runId: row.run_id,
    rung: row.rung,
    epochs: row.epochs,
    valPerElement: row.val_per_element,
    elapsedSeconds: row.elapsed_seconds,
    recordedAt: row.recorded_at,
  }));
}

/** At open, no study of an earlier process can still be running: its 'running' row becomes 'interrupted'. Returns their ids. */
export function interruptRunningStudies(db: Database, now = new Date()): string[] {
  return db.transaction(() => {
    const ids = (db.prepare(`SELECT id FROM studies WHERE status = 'running' ORDER BY id`).all() as { id: string }[]).map((row) => row.id);
    db.prepare(`UPDATE studies SET status = 'interrupted', finished_at = ?, error_message = 'the owning process stopped while the study was running' WHERE status = 'running'`).run(
      now.toISOString(),
    );
    return ids;
  }).immediate();
}
