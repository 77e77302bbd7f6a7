// One row of a table with readable ids, as its record: the lookup every table module offers, with
// the message a missing id gives the user.
import type { Database } from 'better-sqlite3';
import { InputError } from '../errors.ts';
import type { IdTable } from './ids.ts';

/** The row of `table` with this id as a record, or null. */
export function findRowById<Row, Item>(db: Database, table: IdTable, id: string, toRecord: (row: Row) => Item): Item | null {
  const row = db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Row | undefined;
  return row ? toRecord(row) : null;
}

/** As findRowById; a missing row is an input error that calls the row `what` ('run', 'data set'). */
export function requireRowById<Row, Item>(db: Database, table: IdTable, id: string, toRecord: (row: Row) => Item, what: string): Item {
  const record = findRowById(db, table, id, toRecord);
  if (record === null) throw new InputError(`no ${what} '${id}' in this workspace`);
  return record;
}
