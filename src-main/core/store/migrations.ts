// Numbered schema migrations of the workspace database, tracked in PRAGMA user_version, each in its own transaction.
import type { Database } from 'better-sqlite3';
import { WorkspaceError } from '../errors.ts';

export interface Migration {
  /** 1, 2, 3 ... in order; the database's user_version is the last one applied. */
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}

/** A database written by a newer program: migrating it down is not possible, using it is not safe. */
export class DatabaseVersionError extends WorkspaceError {
  constructor(
    readonly path: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(`${path}: schema version ${found} is newer than this program supports (${supported}); update Spin Echo Workbench`);
    this.name = 'DatabaseVersionError';
  }
}

// Paths of data sets and run files are stored relative to the workspace, so a workspace can be moved.
// Typed arrays (checkpoints, predictions) live as files in the run's folder, not as BLOBs: the
// database stays small, so the integrity check at every open stays fast.
const INITIAL_SCHEMA = `
CREATE TABLE datasets (
  id             TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  model          TEXT NOT NULL CHECK (model IN ('gauss', 'RKKY')),
  source         TEXT NOT NULL CHECK (source IN ('imported', 'simulated', 'demo')),
  provenance     TEXT NOT NULL CHECK (json_valid(provenance)),
  model_count    INTEGER NOT NULL CHECK (model_count > 0),
  eval_count     INTEGER NOT NULL CHECK (eval_count >= 0),
  has_eval_truth INTEGER NOT NULL CHECK (has_eval_truth IN (0, 1)),
  length         INTEGER NOT NULL CHECK (length > 0),
  label_stats    TEXT NOT NULL CHECK (json_valid(label_stats)),
  directory      TEXT NOT NULL,
  created_at     TEXT NOT NULL
) STRICT;

CREATE TABLE runs (
  id                 TEXT PRIMARY KEY,
  dataset_id         TEXT NOT NULL REFERENCES datasets(id),
  preset             TEXT NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('queued', 'running', 'finished', 'failed', 'cancelled', 'interrupted')),
  backend_requested  TEXT NOT NULL,
  backend            TEXT,
  backend_notes      TEXT,
  seed               INTEGER NOT NULL,
  epochs             INTEGER NOT NULL CHECK (epochs > 0),
  hyperparameters    TEXT NOT NULL CHECK (json_valid(hyperparameters)),
  created_at         TEXT NOT NULL,
  started_at         TEXT,
  finished_at        TEXT,
  best_epoch         INTEGER,
  best_val_loss      REAL,
  best_val_mse_alpha REAL,
  best_val_mse_xi    REAL,
  best_val_mse_d     REAL,
  val_err            REAL,
  val_per_element    REAL,
  result             TEXT CHECK (result IS NULL OR json_valid(result)),
  tags               TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
  notes              TEXT NOT NULL DEFAULT '',
  parent_run_id      TEXT REFERENCES runs(id) ON DELETE SET NULL,
  error_message      TEXT,
  directory          TEXT NOT NULL
) STRICT;
CREATE INDEX runs_by_dataset ON runs(dataset_id);
CREATE INDEX runs_by_status ON runs(status);

CREATE TABLE hyperparameters (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key    TEXT NOT NULL,
  value  TEXT NOT NULL CHECK (json_valid(value)),
  PRIMARY KEY (run_id, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX hyperparameters_by_key ON hyperparameters(key, value);

CREATE TABLE epoch_metrics (
  run_id             TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  epoch              INTEGER NOT NULL CHECK (epoch >= 1),
  loss               REAL,
  val_loss           REAL,
  lr                 REAL,
  val_mse_alpha      REAL,
  val_mse_xi         REAL,
  val_mse_d          REAL,
  seconds            REAL,
  samples_per_second REAL,
  recorded_at        TEXT NOT NULL,
  PRIMARY KEY (run_id, epoch)
) STRICT, WITHOUT ROWID;

CREATE TABLE artifacts (
  id         INTEGER PRIMARY KEY,
  run_id     TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('checkpoint', 'val-predictions', 'eval-predictions', 'heatmap')),
  path       TEXT NOT NULL,
  dtype      TEXT CHECK (dtype IN ('float32', 'float64')),
  shape      TEXT CHECK (shape IS NULL OR json_valid(shape)),
  epoch      INTEGER,
  meta       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(meta)),
  created_at TEXT NOT NULL,
  UNIQUE (run_id, kind, path)
) STRICT;

CREATE TABLE exports (
  id         TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  directory  TEXT NOT NULL,
  gauss_run  TEXT REFERENCES runs(id) ON DELETE SET NULL,
  rkky_run   TEXT REFERENCES runs(id) ON DELETE SET NULL,
  files      TEXT NOT NULL CHECK (json_valid(files)),
  score      TEXT CHECK (score IS NULL OR json_valid(score))
) STRICT;
`;

// Studies: budgeted searches whose trials are runs. Additive: runs gain a nullable study_id; a
// trial's bracket and rung (its successive-halving place) and each rung's score, stamped with the
// study's own elapsed time (for best-so-far against time), live in tables of their own.
const STUDIES_SCHEMA = `
CREATE TABLE studies (
  id              TEXT PRIMARY KEY,
  dataset_id      TEXT NOT NULL REFERENCES datasets(id),
  status          TEXT NOT NULL CHECK (status IN ('created', 'running', 'stopped', 'interrupted', 'finished', 'failed')),
  budget          TEXT NOT NULL CHECK (json_valid(budget)),
  seed            INTEGER NOT NULL,
  settings        TEXT NOT NULL CHECK (json_valid(settings)),
  state           TEXT NOT NULL CHECK (json_valid(state)),
  elapsed_seconds REAL NOT NULL DEFAULT 0 CHECK (elapsed_seconds >= 0),
  ensemble_run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
  created_at      TEXT NOT NULL,
  finished_at     TEXT,
  error_message   TEXT
) STRICT;

ALTER TABLE runs ADD COLUMN study_id TEXT REFERENCES studies(id) ON DELETE SET NULL;
CREATE INDEX runs_by_study ON runs(study_id);

CREATE TABLE study_trials (
  run_id   TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  trial    INTEGER NOT NULL CHECK (trial >= 0),
  bracket  INTEGER NOT NULL CHECK (bracket >= 0),
  rung     INTEGER NOT NULL CHECK (rung >= 0),
  UNIQUE (study_id, trial)
) STRICT;

CREATE TABLE study_results (
  study_id        TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  run_id          TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  rung            INTEGER NOT NULL CHECK (rung >= 0),
  epochs          INTEGER NOT NULL,
  val_per_element REAL,
  elapsed_seconds REAL NOT NULL,
  recorded_at     TEXT NOT NULL,
  PRIMARY KEY (study_id, run_id, rung)
) STRICT;
`;

// Settings of the workspace that outlive a session (the trainer count), one JSON value per key.
const SETTINGS_SCHEMA = `
CREATE TABLE workspace_settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value))
) STRICT, WITHOUT ROWID;
`;

// Saved models: networks written as layer lists, by a name unique in the workspace. A run copies
// the layers into its hyperparameters, so editing or removing a model never changes a run.
const SAVED_MODELS_SCHEMA = `
CREATE TABLE saved_models (
  name        TEXT PRIMARY KEY,
  description TEXT NOT NULL DEFAULT '',
  layers      TEXT NOT NULL CHECK (json_valid(layers)),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', up: (db) => db.exec(INITIAL_SCHEMA) },
  { version: 2, name: 'studies', up: (db) => db.exec(STUDIES_SCHEMA) },
  // Released empty (its slot was held for the settings table, which landed after version 4):
  // workspaces already at version 4 must still receive the settings, hence version 5.
  { version: 3, name: 'reserved', up: () => {} },
  { version: 4, name: 'saved models', up: (db) => db.exec(SAVED_MODELS_SCHEMA) },
  { version: 5, name: 'workspace settings', up: (db) => db.exec(SETTINGS_SCHEMA) },
];

/** The schema version this program writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export function readSchemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies the migrations newer than the database's version, each with its version bump in
 * one transaction, so a failure leaves the database at the last migration that completed.
 */
export function migrate(db: Database, path: string, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`migration '${migration.name}' is numbered ${migration.version}, expected ${index + 1}`);
  });
  const latest = migrations.length;
  const from = readSchemaVersion(db);
  if (from > latest) throw new DatabaseVersionError(path, from, latest);
  for (const migration of migrations.slice(from)) {
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: Math.max(from, latest) };
}
