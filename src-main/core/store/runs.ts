// Typed SQL over the runs and hyperparameters tables: a run's row, its status moves, and queries
// that filter and sort by any run column or any hyperparameter.
import type { Database } from 'better-sqlite3';
import { InputError } from '../errors.ts';
import { findRowById, requireRowById } from './row-by-id.ts';

export const RUN_STATUSES = ['queued', 'running', 'finished', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** JSON-valued hyperparameters, nested objects allowed (flattened to dotted keys for queries). */
export type Hyperparameters = Readonly<Record<string, unknown>>;

export interface ParameterMse {
  readonly alpha: number;
  readonly xi: number;
  readonly d: number;
}

export interface RunRecord {
  readonly id: string;
  readonly datasetId: string;
  readonly preset: string;
  readonly status: RunStatus;
  /** What the user asked for: 'auto', 'wasm', 'cpu' ... */
  readonly backendRequested: string;
  /** What the trainer actually ran on; null until it started. */
  readonly backend: string | null;
  readonly backendNotes: string | null;
  readonly seed: number;
  /** Epochs planned. */
  readonly epochs: number;
  readonly hyperparameters: Hyperparameters;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly bestEpoch: number | null;
  readonly bestValLoss: number | null;
  /** Validation MSE per standardised parameter at the best epoch. */
  readonly bestValMse: ParameterMse | null;
  /** The challenge score of the best model on the validation split: Err and Err / (3 n). */
  readonly valErr: number | null;
  readonly valPerElement: number | null;
  /** The trainer's summary of a finished run: parameter count, label scaler, early stop, eval score ... */
  readonly result: Readonly<Record<string, unknown>> | null;
  readonly tags: readonly string[];
  readonly notes: string;
  /** The run this one was cloned from. */
  readonly parentRunId: string | null;
  readonly errorMessage: string | null;
  /** The run's folder, relative to the workspace. */
  readonly directory: string;
}

export interface NewRun {
  readonly id: string;
  readonly datasetId: string;
  readonly preset: string;
  readonly backendRequested: string;
  readonly seed: number;
  readonly epochs: number;
  readonly hyperparameters: Hyperparameters;
  readonly directory: string;
  readonly tags?: readonly string[];
  readonly notes?: string;
  readonly parentRunId?: string | null;
}

interface RunRow {
  id: string;
  dataset_id: string;
  preset: string;
  status: RunStatus;
  backend_requested: string;
  backend: string | null;
  backend_notes: string | null;
  seed: number;
  epochs: number;
  hyperparameters: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  best_epoch: number | null;
  best_val_loss: number | null;
  best_val_mse_alpha: number | null;
  best_val_mse_xi: number | null;
  best_val_mse_d: number | null;
  val_err: number | null;
  val_per_element: number | null;
  result: string | null;
  tags: string;
  notes: string;
  parent_run_id: string | null;
  error_message: string | null;
  directory: string;
}

function toRecord(row: RunRow): RunRecord {
  const mse = row.best_val_mse_alpha !== null && row.best_val_mse_xi !== null && row.best_val_mse_d !== null
    ? { alpha: row.best_val_mse_alpha, xi: row.best_val_mse_xi, d: row.best_val_mse_d }
    : null;
  return {
    id: row.id,
    datasetId: row.dataset_id,
    preset: row.preset,
    status: row.status,
    backendRequested: row.backend_requested,
    backend: row.backend,
    backendNotes: row.backend_notes,
    seed: row.seed,
    epochs: row.epochs,
    hyperparameters: JSON.parse(row.hyperparameters) as Hyperparameters,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    bestEpoch: row.best_epoch,
    bestValLoss: row.best_val_loss,
    bestValMse: mse,
    valErr: row.val_err,
    valPerElement: row.val_per_element,
    result: row.result === null ? null : (JSON.parse(row.result) as Record<string, unknown>),
    tags: JSON.parse(row.tags) as string[],
    notes: row.notes,
    parentRunId: row.parent_run_id,
    errorMessage: row.error_message,
    directory: row.directory,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One row per leaf: nested objects become dotted keys; arrays and scalars stay whole JSON values. */
export function flattenHyperparameters(hyperparameters: Hyperparameters, prefix = ''): [key: string, json: string][] {
  const rows: [string, string][] = [];
  for (const [key, value] of Object.entries(hyperparameters)) {
    const path = prefix + key;
    if (isPlainObject(value)) rows.push(...flattenHyperparameters(value, `${path}.`));
    else if (value !== undefined) rows.push([path, JSON.stringify(value)]);
  }
  return rows;
}

/** Inserts a run as 'queued', with its hyperparameters as one JSON and as key/value rows, in one transaction. */
export function insertRun(db: Database, run: NewRun, now = new Date()): RunRecord {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO runs (id, dataset_id, preset, status, backend_requested, seed, epochs, hyperparameters,
         created_at, tags, notes, parent_run_id, directory)
       VALUES (@id, @datasetId, @preset, 'queued', @backendRequested, @seed, @epochs, @hyperparameters,
         @createdAt, @tags, @notes, @parentRunId, @directory)`,
    ).run({
      id: run.id,
      datasetId: run.datasetId,
      preset: run.preset,
      backendRequested: run.backendRequested,
      seed: run.seed,
      epochs: run.epochs,
      hyperparameters: JSON.stringify(run.hyperparameters),
      createdAt: now.toISOString(),
      tags: JSON.stringify(run.tags ?? []),
      notes: run.notes ?? '',
      parentRunId: run.parentRunId ?? null,
      directory: run.directory,
    });
    const insert = db.prepare('INSERT INTO hyperparameters (run_id, key, value) VALUES (?, ?, ?)');
    for (const [key, value] of flattenHyperparameters(run.hyperparameters)) insert.run(run.id, key, value);
  })();
  return requireRun(db, run.id);
}

export function getRun(db: Database, id: string): RunRecord | null {
  return findRowById(db, 'runs', id, toRecord);
}

export function requireRun(db: Database, id: string): RunRecord {
  return requireRowById(db, 'runs', id, toRecord, 'run');
}

/** The statuses a run may come from to reach each status; 'running' again after a stop is a resume. */
export const RUN_TRANSITIONS: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  // A finished run is queued again only when it is extended to more epochs (a study promoting a trial).
  queued: ['interrupted', 'cancelled', 'finished'],
  running: ['queued'],
  finished: ['running'],
  failed: ['queued', 'running'],
  cancelled: ['queued', 'running'],
  interrupted: ['queued', 'running'],
};

const TERMINAL: ReadonlySet<RunStatus> = new Set(['finished', 'failed', 'cancelled', 'interrupted']);

/**
 * Moves a run to `to` if its current status allows it (RUN_TRANSITIONS), stamping started/finished
 * times; throws InputError otherwise, so a late event can never revive a finished run.
 */
export function setRunStatus(
  db: Database,
  id: string,
  to: RunStatus,
  details: { errorMessage?: string | null } = {},
  now = new Date(),
): RunRecord {
  const from = RUN_TRANSITIONS[to];
  const at = now.toISOString();
  const result = db
    .prepare(
      `UPDATE runs SET status = @to,
         started_at = CASE WHEN @to = 'running' AND started_at IS NULL THEN @at ELSE started_at END,
         finished_at = CASE WHEN @terminal THEN @at WHEN @to IN ('queued', 'running') THEN NULL ELSE finished_at END,
         error_message = CASE WHEN @to IN ('queued', 'running') THEN NULL ELSE coalesce(@errorMessage, error_message) END
       WHERE id = @id AND status IN (SELECT value FROM json_each(@from))`,
    )
    .run({ id, to, at, from: JSON.stringify(from), terminal: TERMINAL.has(to) ? 1 : 0, errorMessage: details.errorMessage ?? null });
  if (result.changes !== 1) {
    const run = requireRun(db, id);
    throw new InputError(`run '${id}' is ${run.status}; it cannot become ${to}`);
  }
  return requireRun(db, id);
}

/** Records the backend the trainer chose, with its notes (fallbacks, threads). */
export function setRunBackend(db: Database, id: string, backend: string, notes: string | null): void {
  db.prepare('UPDATE runs SET backend = ?, backend_notes = ? WHERE id = ?').run(backend, notes, id);
}

const finiteOrNull = (value: number) => (Number.isFinite(value) ? value : null);

/** Records the challenge score of the run's chosen weights on its validation split (null if diverged). */
export function setRunScore(db: Database, id: string, score: { err: number; perElement: number }): void {
  db.prepare('UPDATE runs SET val_err = ?, val_per_element = ? WHERE id = ?').run(finiteOrNull(score.err), finiteOrNull(score.perElement), id);
}

/** Records the trainer's summary of a finished run. */
export function setRunResult(db: Database, id: string, result: Readonly<Record<string, unknown>>): void {
  db.prepare('UPDATE runs SET result = ? WHERE id = ?').run(JSON.stringify(result), id);
}

/** Changes the planned epochs of a run about to be resumed, in its row and in its hyperparameters. */
export function setRunEpochs(db: Database, id: string, epochs: number): void {
  db.transaction(() => {
    db.prepare(`UPDATE runs SET epochs = @epochs, hyperparameters = json_set(hyperparameters, '$.epochs', @epochs) WHERE id = @id`).run({ id, epochs });
    db.prepare(`INSERT INTO hyperparameters (run_id, key, value) VALUES (?, 'epochs', ?) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value`).run(id, JSON.stringify(epochs));
  })();
}

export function setRunTags(db: Database, id: string, tags: readonly string[]): void {
  db.prepare('UPDATE runs SET tags = ? WHERE id = ?').run(JSON.stringify([...new Set(tags)]), id);
}

export function setRunNotes(db: Database, id: string, notes: string): void {
  db.prepare('UPDATE runs SET notes = ? WHERE id = ?').run(notes, id);
}

/**
 * At open, no run of an earlier process can still be training: its 'running' (or 'queued', never
 * started) rows become 'interrupted', to be resumed or cloned. Returns their ids.
 */
export function interruptRunningRuns(db: Database, now = new Date()): string[] {
  return db.transaction(() => {
    const ids = (db.prepare(`SELECT id FROM runs WHERE status IN ('running', 'queued') ORDER BY id`).all() as { id: string }[]).map((row) => row.id);
    db.prepare(
      `UPDATE runs SET status = 'interrupted', finished_at = ?,
         error_message = 'the owning process stopped while the run was ' || status
       WHERE status IN ('running', 'queued')`,
    ).run(now.toISOString());
    return ids;
  }).immediate();
}

/** Run columns a query may filter or sort on, by their API names. */
export const RUN_FIELDS = {
  id: 'id',
  datasetId: 'dataset_id',
  preset: 'preset',
  status: 'status',
  backend: 'backend',
  seed: 'seed',
  epochs: 'epochs',
  createdAt: 'created_at',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  bestEpoch: 'best_epoch',
  bestValLoss: 'best_val_loss',
  bestValMseAlpha: 'best_val_mse_alpha',
  bestValMseXi: 'best_val_mse_xi',
  bestValMseD: 'best_val_mse_d',
  valErr: 'val_err',
  valPerElement: 'val_per_element',
  studyId: 'study_id',
} as const;
export type RunField = keyof typeof RUN_FIELDS;

/** A run column by name, or `hp.<key>` for a hyperparameter (dotted keys for nested ones). */
export type RunQueryField = RunField | `hp.${string}`;
export const COMPARISON_OPERATORS = ['=', '!=', '<', '<=', '>', '>='] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

export interface RunCondition {
  readonly field: RunQueryField;
  readonly op: ComparisonOperator;
  readonly value: number | string | boolean | null;
}

export interface RunOrder {
  readonly field: RunQueryField;
  readonly direction?: 'asc' | 'desc';
}

export interface RunQuery {
  readonly datasetId?: string;
  readonly status?: RunStatus | readonly RunStatus[];
  readonly tag?: string;
  readonly where?: readonly RunCondition[];
  /** Missing values sort last in either direction. Default: newest first. */
  readonly orderBy?: readonly RunOrder[];
  readonly limit?: number;
}

/**
 * The SQL expression of a field, with the parameters it binds. Only a column of RUN_FIELDS (its own
 * keys, not Object's) or a hyperparameter some run has reaches SQLite; anything else is refused.
 */
function fieldExpression(db: Database, field: string): { sql: string; params: unknown[] } {
  if (field.startsWith('hp.') && field.length > 3) {
    const key = field.slice(3);
    requireKnownHyperparameter(db, key);
    return {
      sql: `(SELECT json_extract(h.value, '$') FROM hyperparameters h WHERE h.run_id = runs.id AND h.key = ?)`,
      params: [key],
    };
  }
  const column = Object.hasOwn(RUN_FIELDS, field) ? RUN_FIELDS[field as RunField] : undefined;
  if (column === undefined) {
    throw new InputError(`unknown run field '${field}': use one of ${Object.keys(RUN_FIELDS).join(', ')} or hp.<hyperparameter>`);
  }
  return { sql: `runs.${column}`, params: [] };
}

/** A misspelt hyperparameter would match no run in silence; with no runs yet, every key matches none anyway. */
function requireKnownHyperparameter(db: Database, key: string): void {
  if (db.prepare('SELECT 1 FROM hyperparameters WHERE key = ? LIMIT 1').get(key) !== undefined) return;
  const known = (db.prepare('SELECT DISTINCT key FROM hyperparameters ORDER BY key').pluck().all() as string[]);
  if (known.length > 0) throw new InputError(`unknown hyperparameter 'hp.${key}': the runs here have ${known.join(', ')}`);
}

function bindable(value: number | string | boolean): number | string {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

/** Runs matching every condition, in the asked order. */
export function queryRuns(db: Database, query: RunQuery = {}): RunRecord[] {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (query.datasetId !== undefined) {
    clauses.push('runs.dataset_id = ?');
    params.push(query.datasetId);
  }
  if (query.status !== undefined) {
    const statuses = typeof query.status === 'string' ? [query.status] : query.status;
    for (const status of statuses) {
      if (!(RUN_STATUSES as readonly string[]).includes(status)) throw new InputError(`unknown run status '${status}': use one of ${RUN_STATUSES.join(', ')}`);
    }
    clauses.push(`runs.status IN (${statuses.map(() => '?').join(', ') || 'NULL'})`);
    params.push(...statuses);
  }
  if (query.tag !== undefined) {
    clauses.push('EXISTS (SELECT 1 FROM json_each(runs.tags) WHERE json_each.value = ?)');
    params.push(query.tag);
  }
  for (const condition of query.where ?? []) {
    if (!(COMPARISON_OPERATORS as readonly string[]).includes(condition.op)) throw new InputError(`unknown comparison '${condition.op}'`);
    const { sql, params: fieldParams } = fieldExpression(db, condition.field);
    if (condition.value === null) {
      if (condition.op !== '=' && condition.op !== '!=') throw new InputError(`'${condition.op}' cannot compare with null`);
      clauses.push(`${sql} IS ${condition.op === '=' ? '' : 'NOT '}NULL`);
      params.push(...fieldParams);
    } else {
      clauses.push(`${sql} ${condition.op} ?`);
      params.push(...fieldParams, bindable(condition.value));
    }
  }
  const orders = query.orderBy && query.orderBy.length > 0 ? query.orderBy : [{ field: 'createdAt', direction: 'desc' } as const];
  const orderSql: string[] = [];
  for (const order of orders) {
    const { sql, params: fieldParams } = fieldExpression(db, order.field);
    const direction = order.direction === 'desc' ? 'DESC' : 'ASC';
    orderSql.push(`(${sql}) IS NULL`, `${sql} ${direction}`);
    params.push(...fieldParams, ...fieldParams);
  }
  orderSql.push('runs.id ASC');
  let sql = `SELECT runs.* FROM runs${clauses.length > 0 ? ` WHERE ${clauses.join(' AND ')}` : ''} ORDER BY ${orderSql.join(', ')}`;
  if (query.limit !== undefined) {
    if (!Number.isSafeInteger(query.limit) || query.limit < 1) throw new InputError(`limit must be a positive integer, not ${query.limit}`);
    sql += ` LIMIT ${query.limit}`;
  }
  return (db.prepare(sql).all(...params) as RunRow[]).map(toRecord);
}

/** The flattened hyperparameters of a run, as parsed JSON values by dotted key. */
export function readHyperparameterRows(db: Database, runId: string): Map<string, unknown> {
  const rows = db.prepare('SELECT key, value FROM hyperparameters WHERE run_id = ? ORDER BY key').all(runId) as { key: string; value: string }[];
  return new Map(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]));
}
