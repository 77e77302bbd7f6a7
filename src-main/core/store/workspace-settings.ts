// The workspace's own settings table: one JSON value per key, read and written by the owner.
import type { Database } from 'better-sqlite3';

/** The stored value of `key`, or undefined when it was never set. */
export function readSetting(db: Database, key: string): unknown {
  const row = db.prepare('SELECT value FROM workspace_settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row === undefined ? undefined : JSON.parse(row.value);
}

/** Stores `value` under `key`; null removes the key, so that its default applies again. */
export function writeSetting(db: Database, key: string, value: unknown): void {
  if (value === null) db.prepare('DELETE FROM workspace_settings WHERE key = ?').run(key);
  else db.prepare('INSERT INTO workspace_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}
