// A run query names only real columns and hyperparameters: names that Object carries (constructor,
// toString, __proto__), misspelt hyperparameters and unsafe limits are refused as bad input before
// any SQL is built, never passed on for SQLite to choke on.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../../src-main/cli/exit-codes.ts';
import { InputError } from '../../../src-main/core/errors.ts';
import { openDatabase } from '../../../src-main/core/store/database.ts';
import { queryRuns, type RunQueryField } from '../../../src-main/core/store/runs.ts';
import { addDataset, addRun, temporaryFolder } from './fixtures.ts';

function databaseWithRuns(withRuns: boolean) {
  const { db } = openDatabase(join(temporaryFolder(), 'workbench.sqlite'));
  addDataset(db);
  if (withRuns) {
    addRun(db, 'run-0000000a', { batchSize: 32, schedule: { kind: 'plateau' } } as never);
    addRun(db, 'run-0000000b', { batchSize: 64, schedule: { kind: 'none' } } as never);
  }
  return db;
}

function refusal(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return null;
}

describe('run query fields', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('refuses %s, inherited from Object, as an unknown field in a sort and a filter', (field) => {
    const db = databaseWithRuns(true);
    for (const query of [{ orderBy: [{ field: field as RunQueryField }] }, { where: [{ field: field as RunQueryField, op: '=' as const, value: 1 }] }]) {
      const error = refusal(() => queryRuns(db, query));
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(new RegExp(`^unknown run field '${field}'`));
      expect(exitCodeFor(error)).toBe(2);
    }
    db.close();
  });

  it('refuses a hyperparameter no run has, naming those they have; accepts known and nested ones', () => {
    const db = databaseWithRuns(true);
    const error = refusal(() => queryRuns(db, { where: [{ field: 'hp.batchsize', op: '>=', value: 32 }] }));
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe("unknown hyperparameter 'hp.batchsize': the runs here have batchSize, schedule.kind");
    expect(() => queryRuns(db, { orderBy: [{ field: 'hp.nope' }] })).toThrow(/unknown hyperparameter 'hp.nope'/);
    expect(queryRuns(db, { where: [{ field: 'hp.batchSize', op: '>=', value: 64 }] }).map((run) => run.id)).toEqual(['run-0000000b']);
    expect(queryRuns(db, { where: [{ field: 'hp.schedule.kind', op: '=', value: 'plateau' }] }).map((run) => run.id)).toEqual(['run-0000000a']);
    db.close();
  });

  it('answers no runs, without refusing, while no run has any hyperparameter yet', () => {
    const db = databaseWithRuns(false);
    expect(queryRuns(db, { where: [{ field: 'hp.batchSize', op: '>=', value: 32 }] })).toEqual([]);
    db.close();
  });

  it('refuses a limit beyond 2^53 as input rather than letting SQLite fail', () => {
    const db = databaseWithRuns(true);
    expect(() => queryRuns(db, { limit: 1e20 })).toThrow(InputError);
    db.close();
  });
});
