// The store loads the better-sqlite3 binding named by SPIN_ECHO_SQLITE_BINDING (Electron's own
// build), and the package's default build otherwise.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/core/store/database.ts';
import { SQLITE_BINDING_ENV, sqliteBindingOptions } from '../../../src-main/core/store/sqlite-binding.ts';

const saved = process.env[SQLITE_BINDING_ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[SQLITE_BINDING_ENV];
  else process.env[SQLITE_BINDING_ENV] = saved;
});

describe('sqlite binding choice', () => {
  it('uses the default build when no binding is named', () => {
    delete process.env[SQLITE_BINDING_ENV];
    expect(sqliteBindingOptions()).toEqual({});
    const dir = mkdtempSync(join(tmpdir(), 'binding-'));
    try {
      const opened = openDatabase(join(dir, 'workbench.sqlite'));
      opened.db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads the named binding, so a missing one fails the open', () => {
    process.env[SQLITE_BINDING_ENV] = '/nonexistent/better_sqlite3.node';
    expect(sqliteBindingOptions()).toEqual({ nativeBinding: '/nonexistent/better_sqlite3.node' });
    const dir = mkdtempSync(join(tmpdir(), 'binding-'));
    try {
      expect(() => openDatabase(join(dir, 'workbench.sqlite'))).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
