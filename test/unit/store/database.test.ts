import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { checkIntegrity, DamagedDatabaseError, openDatabase } from '../../../src-main/core/store/database.ts';
import { upsertEpochMetrics } from '../../../src-main/core/store/epoch-metrics.ts';
import { getRun, queryRuns, setRunStatus } from '../../../src-main/core/store/runs.ts';
import { addDataset, addRun, temporaryFolder } from './fixtures.ts';

/** A closed database with enough rows to span many pages. */
function populatedDatabase(dir: string): string {
  const path = join(dir, 'source.sqlite');
  const { db } = openDatabase(path);
  addDataset(db);
  addRun(db, 'run-00000001');
  for (let epoch = 1; epoch <= 400; epoch++) {
    upsertEpochMetrics(db, 'run-00000001', { epoch, loss: 1 / epoch, valLoss: 2 / epoch, lr: 1e-3, valMseAlpha: 0.1, valMseXi: 0.2, valMseD: 0.3, seconds: 1, samplesPerSecond: 100 });
  }
  db.close();
  return path;
}

function overwrite(path: string, offset: number, length: number): void {
  const garbage = Buffer.alloc(length);
  for (let i = 0; i < length; i++) garbage[i] = (i * 7919 + 13) & 0xff;
  const fd = openSync(path, 'r+');
  writeSync(fd, garbage, 0, length, offset);
  closeSync(fd);
}

describe('database integrity at open', () => {
  it('finds a sound database sound', () => {
    const path = populatedDatabase(temporaryFolder());
    expect(checkIntegrity(path)).toBeNull();
  });

  it('moves a database with damaged pages aside, keeps it byte for byte, and refuses by default', () => {
    const dir = temporaryFolder();
    const source = populatedDatabase(dir);
    const path = join(dir, 'workbench.sqlite');
    copyFileSync(source, path);
    const size = statSync(path).size;
    overwrite(path, Math.floor(size / 4), Math.floor(size / 2));
    const damagedBytes = readFileSync(path);

    let error: unknown;
    try {
      openDatabase(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DamagedDatabaseError);
    const damaged = error as DamagedDatabaseError;
    expect(damaged.path).toBe(path);
    expect(damaged.movedTo).toMatch(/workbench\.sqlite\.damaged-/);
    expect(damaged.message).toContain(path);
    expect(existsSync(path)).toBe(false);
    expect(readFileSync(damaged.movedTo!).equals(damagedBytes)).toBe(true);

    // A later open keeps refusing rather than starting quietly from an empty workspace.
    expect(() => openDatabase(path)).toThrow(DamagedDatabaseError);
    expect(existsSync(path)).toBe(false);

    // Asked for, a fresh database takes its place and the damaged one stays.
    const { db } = openDatabase(path, { recreateIfDamaged: true });
    expect(db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 0 });
    db.close();
    expect(readFileSync(damaged.movedTo!).equals(damagedBytes)).toBe(true);
  });

  it('treats a file that is not a database at all as damaged, and moves its -wal and -shm with it', () => {
    const dir = temporaryFolder();
    const source = populatedDatabase(dir);
    const path = join(dir, 'workbench.sqlite');
    copyFileSync(source, path);
    overwrite(path, 0, 100);
    const { db: other } = openDatabase(join(dir, 'other.sqlite'));
    other.close();
    copyFileSync(source, `${path}-wal`);

    const opened = openDatabase(path, { recreateIfDamaged: true });
    expect(opened.recovered).not.toBeNull();
    opened.db.close();
    const names = readdirSync(dir);
    const moved = opened.recovered!.movedTo!.slice(dir.length + 1);
    expect(names).toContain(moved);
    expect(names).toContain(`${moved}-wal`);
  });

  it('turns runs left running by a dead owner into interrupted runs', () => {
    const path = join(temporaryFolder(), 'workbench.sqlite');
    const first = openDatabase(path).db;
    addDataset(first);
    addRun(first, 'run-0000000a');
    addRun(first, 'run-0000000b');
    addRun(first, 'run-0000000c');
    setRunStatus(first, 'run-0000000a', 'running');
    setRunStatus(first, 'run-0000000c', 'running');
    setRunStatus(first, 'run-0000000c', 'finished');
    first.close();

    const { db, interruptedRuns } = openDatabase(path);
    expect(interruptedRuns).toEqual(['run-0000000a', 'run-0000000b']);
    expect(getRun(db, 'run-0000000a')?.status).toBe('interrupted');
    expect(getRun(db, 'run-0000000a')?.errorMessage).toMatch(/running/);
    expect(getRun(db, 'run-0000000b')?.status).toBe('interrupted');
    expect(getRun(db, 'run-0000000c')?.status).toBe('finished');
    expect(queryRuns(db, { status: 'running' })).toEqual([]);
    db.close();
  });

  it('lets a reader open beside the owner without changing anything', () => {
    const path = join(temporaryFolder(), 'workbench.sqlite');
    const owner = openDatabase(path).db;
    addDataset(owner);
    addRun(owner, 'run-0000000a');
    setRunStatus(owner, 'run-0000000a', 'running');
    const reader = openDatabase(path, { readonly: true });
    expect(getRun(reader.db, 'run-0000000a')?.status).toBe('running');
    expect(() => reader.db.prepare('DELETE FROM runs').run()).toThrow(/readonly/);
    reader.db.close();
    owner.close();
  });
});
