import { describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { openDatabase } from '../../../src-main/core/store/database.ts';
import { DatabaseVersionError, migrate, MIGRATIONS, readSchemaVersion, SCHEMA_VERSION, type Migration } from '../../../src-main/core/store/migrations.ts';
import { temporaryFolder } from './fixtures.ts';

function tableNames(db: BetterSqlite3.Database): string[] {
  return (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((row) => row.name);
}

describe('migrations', () => {
  it('build the schema from an empty file and set user_version', () => {
    const path = join(temporaryFolder(), 'workbench.sqlite');
    const { db } = openDatabase(path);
    expect(readSchemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(tableNames(db)).toEqual(['artifacts', 'datasets', 'epoch_metrics', 'exports', 'hyperparameters', 'runs', 'saved_models', 'studies', 'study_results', 'study_trials', 'workspace_settings']);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('apply nothing on re-open, and keep the data', () => {
    const path = join(temporaryFolder(), 'workbench.sqlite');
    const first = openDatabase(path).db;
    first.prepare(`INSERT INTO exports (id, created_at, directory, files) VALUES ('exp-1', 'now', '/x', '[]')`).run();
    first.close();
    const db = new BetterSqlite3(path);
    expect(migrate(db, path)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    expect(db.prepare('SELECT count(*) AS n FROM exports').get()).toEqual({ n: 1 });
    db.close();
  });

  it('bring a workspace written at version 4 (saved models, no settings) up to the settings table, keeping its models', () => {
    const path = join(temporaryFolder(), 'workbench.sqlite');
    const db = new BetterSqlite3(path);
    migrate(db, path, MIGRATIONS.filter((migration) => migration.version <= 4));
    db.prepare(`INSERT INTO saved_models (name, layers, created_at, updated_at) VALUES ('mine', '[]', 'now', 'now')`).run();
    expect(tableNames(db)).not.toContain('workspace_settings');
    expect(migrate(db, path)).toEqual({ from: 4, to: SCHEMA_VERSION });
    expect(tableNames(db)).toContain('workspace_settings');
    expect(db.prepare('SELECT name FROM saved_models').all()).toEqual([{ name: 'mine' }]);
    db.close();
  });

  it('roll a failing migration back whole, leaving the version at the last good one', () => {
    const path = join(temporaryFolder(), 'workbench.sqlite');
    const failing: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'half done',
      up: (db) => {
        db.exec('CREATE TABLE half (x)');
        db.exec('INSERT INTO no_such_table VALUES (1)');
      },
    };
    const db = new BetterSqlite3(path);
    expect(() => migrate(db, path, [...MIGRATIONS, failing])).toThrow(/no_such_table/);
    expect(readSchemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(tableNames(db)).not.toContain('half');
    db.close();
  });

  it('refuse a database from a newer program', () => {
    const path = join(temporaryFolder(), 'workbench.sqlite');
    const db = new BetterSqlite3(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openDatabase(path)).toThrow(DatabaseVersionError);
  });

  it('refuse migrations that are not numbered 1, 2, 3 ...', () => {
    const db = new BetterSqlite3(':memory:');
    expect(() => migrate(db, ':memory:', [{ version: 2, name: 'skips one', up: () => {} }])).toThrow(/expected 1/);
    db.close();
  });
});
