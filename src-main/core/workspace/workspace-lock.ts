// The lock that makes one process the owner, and so the only writer, of a workspace. The lock
// itself is an operating-system file lock (SQLite's, on `workbench.lock.db`): taking it is atomic,
// and the system frees it when its process dies however it dies, so a lock left by a crash or
// kill -9 is never "taken over" at all and a pid reused since cannot keep it. Beside it,
// `workbench.lock` names the owner (pid, host, start time) for the message that others see.
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { WorkspaceError } from '../errors.ts';
import { temporaryPathFor } from '../files/atomic-write.ts';
import { isSameProcessAlive, processStartTime } from '../files/process-identity.ts';
import { sqliteBindingOptions } from '../store/sqlite-binding.ts';

/** The owner's record, JSON. */
export const LOCK_FILE = 'workbench.lock';
/** The file the operating-system lock is held on. */
export const OS_LOCK_FILE = 'workbench.lock.db';

export interface LockContent {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  /** The owner's start time (clock ticks since boot, Linux), null where it cannot be read. */
  readonly startTime?: number | null;
}

/** Another live process owns the workspace. */
export class WorkspaceBusyError extends WorkspaceError {
  constructor(
    readonly dir: string,
    readonly owner: LockContent,
  ) {
    const who = owner.pid > 0 ? `process ${owner.pid} on ${owner.host} since ${owner.since}` : 'another process (it has not yet said which)';
    super(`${dir}: the workspace is in use by ${who}; close it, or wait until it has finished`);
    this.name = 'WorkspaceBusyError';
  }
}

export interface WorkspaceLock {
  readonly path: string;
  release(): void;
}

/** How long to wait for a new owner to write its record, or for a closing owner to let go. */
const OWNER_RECORD_WAIT_MS = 500;

function readLockOwner(dir: string): LockContent | null {
  try {
    const content = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as Partial<LockContent>;
    if (typeof content.pid !== 'number' || typeof content.host !== 'string') return null;
    return { pid: content.pid, host: content.host, since: String(content.since), startTime: typeof content.startTime === 'number' ? content.startTime : null };
  } catch {
    return null;
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/** Takes the operating-system lock without waiting: the open connection holds it, or null when another does. */
function tryOsLock(path: string): Database | null {
  const db = new BetterSqlite3(path, { ...sqliteBindingOptions(), timeout: 0 });
  try {
    // The journal in memory: holding the lock never leaves a journal file beside it.
    db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN EXCLUSIVE');
    return db;
  } catch (error) {
    db.close();
    if (isBusy(error)) return null;
    throw error;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The record of a live owner, waiting briefly for one that has the lock but not yet written it. */
function liveOwner(dir: string, host: string): LockContent | null {
  const owner = readLockOwner(dir);
  // A record left by an earlier owner (dead, or another pid now) is not the holder's.
  if (owner && (owner.host !== host || isSameProcessAlive(owner.pid, owner.startTime))) return owner;
  return null;
}

/** Takes the workspace's lock, or throws WorkspaceBusyError naming its live owner. */
export function acquireWorkspaceLock(dir: string): WorkspaceLock {
  const path = join(dir, LOCK_FILE);
  const mine: LockContent = { pid: process.pid, host: hostname(), since: new Date().toISOString(), startTime: processStartTime(process.pid) };
  const deadline = Date.now() + OWNER_RECORD_WAIT_MS;
  let held = tryOsLock(join(dir, OS_LOCK_FILE));
  // A holder without a live record is either writing it now or letting go: wait a moment for either.
  while (held === null) {
    const owner = liveOwner(dir, mine.host);
    if (owner !== null || Date.now() > deadline) {
      throw new WorkspaceBusyError(dir, owner ?? { pid: 0, host: mine.host, since: 'just now', startTime: null });
    }
    sleep(10);
    held = tryOsLock(join(dir, OS_LOCK_FILE));
  }
  const lock = held;
  try {
    // Written whole and renamed into place: a reader never sees half a record.
    const temporary = temporaryPathFor(path);
    writeFileSync(temporary, JSON.stringify(mine));
    renameSync(temporary, path);
  } catch (error) {
    lock.close();
    throw error;
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const owner = readLockOwner(dir);
    if (owner?.pid === mine.pid && owner.since === mine.since) rmSync(path, { force: true });
    lock.close();
  };
  process.on('exit', release);
  return { path, release };
}
