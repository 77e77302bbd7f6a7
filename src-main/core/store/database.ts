// Opens the workspace database: checks its integrity, keeps a damaged file aside (never replaced or
// deleted), migrates the schema, and marks runs that a crash left 'running' as 'interrupted'.
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { existsSync, readdirSync, renameSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { WorkspaceError } from '../errors.ts';
import { DatabaseVersionError, migrate, type Migration, MIGRATIONS, readSchemaVersion } from './migrations.ts';
import { interruptRunningRuns } from './runs.ts';
import { sqliteBindingOptions } from './sqlite-binding.ts';

export const DATABASE_FILE = 'workbench.sqlite';

/** How long a statement waits for a lock held by another connection (a reader) before failing. */
const BUSY_TIMEOUT_MS = 5000;

/** SQLite result codes that mean the file's content, not its access, is wrong. */
const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_VTAB']);

/**
 * The database at `path` is damaged. The owning process moved it, untouched with its -wal and -shm
 * files, to `movedTo`; a reader leaves it in place (movedTo null).
 */
export class DamagedDatabaseError extends WorkspaceError {
  constructor(
    readonly path: string,
    readonly movedTo: string | null,
    readonly reason: string,
  ) {
    const kept = movedTo === null ? 'nothing was moved or changed' : `it was kept as ${movedTo}`;
    super(`${path}: the database is damaged (${reason}); ${kept}. Start a fresh database to continue (the workspace's other files are kept), or restore a backup`);
    this.name = 'DamagedDatabaseError';
  }
}

export interface OpenDatabaseOptions {
  /** Start a fresh database where a damaged one was (or had earlier been) moved aside. Default: refuse. */
  readonly recreateIfDamaged?: boolean;
  /** A reader beside the owning process: no migration, no recovery, no writes. */
  readonly readonly?: boolean;
  /** Migrations to apply; the program's own by default (tests pass their own). */
  readonly migrations?: readonly Migration[];
  /**
   * What the folder holds that only this database describes (e.g. `datasets/`, `runs/`): with any,
   * a missing or empty database file is damage, not a new workspace.
   */
  readonly describes?: readonly string[];
}

export interface OpenedDatabase {
  readonly db: Database;
  readonly path: string;
  /** What a fresh database replaced at this open: where the damaged one was moved (null: it was missing), and why. */
  readonly recovered: { readonly movedTo: string | null; readonly reason: string } | null;
  /** Runs found 'running' or 'queued' and marked 'interrupted' at this open. */
  readonly interruptedRuns: readonly string[];
}

function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && DAMAGE_CODES.has(code);
}

/**
 * Runs SQLite's full integrity check on a read-only connection, so that a damaged file is not
 * written to (no WAL checkpoint) before it is moved aside. The workbench database holds metadata
 * and metrics only, never arrays, so the full check (not quick_check) costs milliseconds.
 * Returns null when the file is sound, or the reason it is not.
 */
export function checkIntegrity(path: string): string | null {
  let db: Database | null = null;
  try {
    db = new BetterSqlite3(path, { ...sqliteBindingOptions(), readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    const rows = db.pragma('integrity_check(20)') as { integrity_check: string }[];
    const problems = rows.map((row) => row.integrity_check).filter((message) => message !== 'ok');
    return problems.length === 0 ? null : problems.slice(0, 3).join('; ');
  } catch (error) {
    if (isDamage(error)) return error instanceof Error ? error.message : String(error);
    throw error;
  } finally {
    db?.close();
  }
}

function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** Moves the database file and its -wal/-shm companions to `<file>.damaged-<timestamp>[-wal|-shm]`. */
function moveAside(path: string): string {
  const target = `${path}.damaged-${timestamp()}`;
  renameSync(path, target);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
  }
  return target;
}

/** Damaged databases moved aside earlier beside `path`, newest last. */
function earlierDamaged(path: string): string[] {
  const prefix = `${basename(path)}.damaged-`;
  return readdirSync(dirname(path))
    .filter((name) => name.startsWith(prefix) && !name.endsWith('-wal') && !name.endsWith('-shm'))
    .sort()
    .map((name) => join(dirname(path), name));
}

function configure(db: Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // FULL in WAL mode: a committed epoch survives even a power cut, at one fsync per epoch.
  db.pragma('synchronous = FULL');
}

/**
 * Opens (creating when absent) the database at `path`. A damaged file is moved aside and reported
 * with DamagedDatabaseError; only with `recreateIfDamaged` does a fresh database take its place.
 * While a damaged file sits aside and no database has replaced it, opens keep refusing, so that a
 * later start does not quietly begin again from an empty workspace.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  let recovered: OpenedDatabase['recovered'] = null;
  const size = statSync(path, { throwIfNoEntry: false })?.size ?? null;
  const described = options.describes ?? [];
  // A missing file after an earlier move aside is reported as such below.
  const emptied = size === 0 || (size === null && earlierDamaged(path).length === 0);
  if (emptied && described.length > 0) {
    // Its data sets and runs are still here: starting afresh would quietly hide them all.
    const reason = `${size === null ? 'missing' : 'empty'}, while the workspace still holds ${described.join(' and ')}`;
    if (options.readonly || !options.recreateIfDamaged) throw new DamagedDatabaseError(path, size === 0 && !options.readonly ? moveAside(path) : null, reason);
    recovered = { movedTo: size === 0 ? moveAside(path) : null, reason };
  } else if (size !== null) {
    const reason = checkIntegrity(path);
    if (reason !== null) {
      if (options.readonly) throw new DamagedDatabaseError(path, null, reason);
      const movedTo = moveAside(path);
      if (!options.recreateIfDamaged) throw new DamagedDatabaseError(path, movedTo, reason);
      recovered = { movedTo, reason };
    }
  } else {
    const aside = earlierDamaged(path);
    if (aside.length > 0 && !options.recreateIfDamaged) {
      throw new DamagedDatabaseError(path, aside[aside.length - 1], 'moved aside at an earlier open, and not yet replaced');
    }
    if (options.readonly) throw new Error(`${path}: no workspace database to read`);
  }

  if (options.readonly) {
    const db = new BetterSqlite3(path, { ...sqliteBindingOptions(), readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    const version = readSchemaVersion(db);
    const supported = (options.migrations ?? MIGRATIONS).length;
    if (version !== supported) {
      db.close();
      if (version > supported) throw new DatabaseVersionError(path, version, supported);
      throw new Error(`${path}: schema version ${version} predates this program (${supported}); open the workspace once for writing to migrate it`);
    }
    return { db, path, recovered: null, interruptedRuns: [] };
  }

  const db = new BetterSqlite3(path, { ...sqliteBindingOptions(), timeout: BUSY_TIMEOUT_MS });
  try {
    configure(db);
    migrate(db, path, options.migrations ?? MIGRATIONS);
    const interruptedRuns = interruptRunningRuns(db);
    return { db, path, recovered, interruptedRuns };
  } catch (error) {
    db.close();
    throw error;
  }
}
