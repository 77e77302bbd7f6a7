// The lock that makes one process the owner, and so the only writer, of a workspace: a lock file
// naming the owner's pid; a lock left by a dead owner (a crash, kill -9) is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { WorkspaceError } from '../errors.ts';

export const LOCK_FILE = 'workbench.lock';

interface LockContent {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

/** Another live process owns the workspace. */
export class WorkspaceBusyError extends WorkspaceError {
  constructor(
    readonly dir: string,
    readonly owner: LockContent,
  ) {
    super(
      `${dir}: the workspace is in use by process ${owner.pid} on ${owner.host} since ${owner.since}; ` +
        `close it, or remove ${join(dir, LOCK_FILE)} if that process is gone`,
    );
    this.name = 'WorkspaceBusyError';
  }
}

export interface WorkspaceLock {
  readonly path: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockContent | null {
  try {
    const content = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockContent>;
    if (typeof content.pid !== 'number' || typeof content.host !== 'string') return null;
    return { pid: content.pid, host: content.host, since: String(content.since) };
  } catch {
    return null;
  }
}

/** Takes the workspace's lock, or throws WorkspaceBusyError naming its live owner. */
export function acquireWorkspaceLock(dir: string): WorkspaceLock {
  const path = join(dir, LOCK_FILE);
  const mine: LockContent = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(mine));
      closeSync(fd);
      const onExit = () => release();
      const release = () => {
        process.off('exit', onExit);
        if (readLock(path)?.pid === mine.pid) rmSync(path, { force: true });
      };
      process.on('exit', onExit);
      return { path, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readLock(path);
      // A lock from another host cannot be checked: only this host's dead owners are taken over.
      // An unreadable lock is one whose owner died between creating and writing it.
      if (owner && (owner.host !== mine.host || isAlive(owner.pid))) throw new WorkspaceBusyError(dir, owner);
      rmSync(path, { force: true });
    }
  }
  throw new Error(`${path}: could not take the workspace lock`);
}
