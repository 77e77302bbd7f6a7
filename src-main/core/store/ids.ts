// Short readable ids for workspace rows: a prefix and 8 random hex digits, unique within a table.
import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';

const TABLE_OF_PREFIX = { ds: 'datasets', run: 'runs', exp: 'exports', study: 'studies' } as const;
export type IdPrefix = keyof typeof TABLE_OF_PREFIX;
/** A table whose rows carry such ids. */
export type IdTable = (typeof TABLE_OF_PREFIX)[IdPrefix];

/** A fresh id such as `run-3fa91c0e`, checked against the table it is for. */
export function newId(db: Database, prefix: IdPrefix): string {
  const taken = db.prepare(`SELECT 1 FROM ${TABLE_OF_PREFIX[prefix]} WHERE id = ?`);
  for (;;) {
    const id = `${prefix}-${randomBytes(4).toString('hex')}`;
    if (taken.get(id) === undefined) return id;
  }
}
