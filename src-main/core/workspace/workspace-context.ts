// What the parts of an open workspace share: its folder, its database, its events, and whether it may write.
import type { Database } from 'better-sqlite3';
import { isAbsolute, join, relative, sep } from 'node:path';
import { InputError } from '../errors.ts';
import { JobRegistry } from './job-registry.ts';
import type { WorkspaceEvents } from './workspace-events.ts';

export class WorkspaceContext {
  /** The workspace's long jobs, each with its id, progress events and cancel. */
  readonly jobs: JobRegistry;

  constructor(
    readonly dir: string,
    readonly db: Database,
    readonly events: WorkspaceEvents,
    readonly readonly: boolean,
  ) {
    this.jobs = new JobRegistry(events);
  }

  /** Refuses a change in a workspace opened for reading beside its owner. */
  requireWritable(what: string): void {
    if (this.readonly) throw new InputError(`cannot ${what}: the workspace ${this.dir} is open read-only (another process owns it)`);
  }

  /** A stored workspace-relative path as an absolute one. */
  resolve(stored: string): string {
    return isAbsolute(stored) ? stored : join(this.dir, stored);
  }

  /** An absolute path inside the workspace as the relative path stored in the database (POSIX separators). */
  relativize(path: string): string {
    return relative(this.dir, path).split(sep).join('/');
  }
}
