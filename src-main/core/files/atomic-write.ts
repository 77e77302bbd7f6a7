// Atomic file writes: write a temporary file beside the target, flush it to disk, then rename it
// into place and flush the folder, so a crash, a power cut or a cancel never leaves a half-written
// (or empty) file under the real name.
import { promises as fs, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.ts';
import { isProcessAlive } from './process-identity.ts';

/** Temporary files are named `.<name>.<pid>-<hex>.tmp`: the pid tells a dead writer's leftovers from a live one's. */
const TEMPORARY_NAME = /^\.(.+)\.(\d+)-[0-9a-f]{12}\.tmp$/;

export function temporaryPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Flushes a folder's entries to disk, so that a file created or renamed in it survives a power cut.
 * Windows cannot open a folder for flushing, and its file system journals renames itself.
 */
export async function syncFolder(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  return 'a device';
}

/**
 * Refuses a target that exists and is not a regular file: a rename would put the new file in place
 * of a device (as root, /dev/full), a named pipe or a link, and a folder would be lost with all it holds.
 */
export async function refuseIrregularTarget(target: string): Promise<void> {
  let stats: Stats;
  try {
    stats = await fs.lstat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!stats.isFile()) throw new InputError(`${target} is ${kindOf(stats)}, not a regular file: it is left as it is; choose another name`);
}

export interface AtomicWriteOptions {
  /** Keeps the file being replaced under this name (replacing an older one there), as a fallback. */
  readonly keepPreviousAs?: string;
}

/** Links (or, where links are not possible, copies) `target` to `previous` atomically; nothing when there is no target. */
async function keepPrevious(target: string, previous: string): Promise<void> {
  const temporary = temporaryPathFor(previous);
  try {
    await fs.link(target, temporary);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
    await fs.copyFile(target, temporary);
  }
  await fs.rename(temporary, previous);
}

/** Writes the whole content at once, atomically. */
export async function writeFileAtomic(target: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const writer = new AtomicFileWriter(target, options);
  try {
    await writer.write(content);
  } catch (error) {
    await writer.abort();
    throw error;
  }
  await writer.commit();
}

/**
 * A file written piece by piece that appears under its name only on commit().
 * abort() removes the temporary file; nothing is left behind either way.
 */
export class AtomicFileWriter {
  readonly temporary: string;
  // Opened at once so that an unwritable folder or an irregular target fails early; every method awaits the open, so
  // abort() can never race it and leave a temporary file created after its removal.
  private readonly opening: Promise<FileHandle>;
  private closed = false;

  constructor(
    readonly target: string,
    private readonly options: AtomicWriteOptions = {},
  ) {
    this.temporary = temporaryPathFor(target);
    this.opening = refuseIrregularTarget(target).then(() => fs.open(this.temporary, 'wx'));
    // The failure is reported by the first write, commit or abort; it must not crash the process first.
    this.opening.catch(() => {});
  }

  /** Writes a chunk at the end of the file. */
  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.closed) throw new Error(`${this.target}: writer already closed`);
    const handle = await this.opening;
    // writeFile, unlike write, loops until every byte is written; it appends at the current position.
    await handle.writeFile(chunk);
  }

  /** Flushes the content to disk, renames it into place, and flushes the folder that now names it. */
  async commit(): Promise<void> {
    if (this.closed) throw new Error(`${this.target}: writer already closed`);
    this.closed = true;
    const handle = await this.opening;
    try {
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      // Checked again: the target may have been replaced since the writer opened.
      await refuseIrregularTarget(this.target);
      if (this.options.keepPreviousAs) await keepPrevious(this.target, this.options.keepPreviousAs);
      await fs.rename(this.temporary, this.target);
    } catch (error) {
      await fs.rm(this.temporary, { force: true });
      throw error;
    }
    await syncFolder(dirname(this.target));
  }

  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await (await this.opening).close();
    } catch {
      // Nothing was opened, or it is closed already: there is only the file to remove.
    }
    await fs.rm(this.temporary, { force: true });
  }
}

/** A temporary file of ours whose writer is gone: it can never be committed. */
export interface StaleTemporary {
  readonly path: string;
  /** The name it would have been committed under. */
  readonly target: string;
}

/**
 * The temporary files in `dir` (not its subfolders) left by writers that are no longer running:
 * a crash or kill -9 between open and commit. A live process's files are never listed.
 * Only names starting with one of `targets` when it is given.
 */
export async function findStaleTemporaries(dir: string, targets?: readonly string[]): Promise<StaleTemporary[]> {
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch {
    return [];
  }
  const stale: StaleTemporary[] = [];
  for (const entry of entries) {
    const match = TEMPORARY_NAME.exec(entry);
    if (!match) continue;
    const [, target, pid] = match;
    if (targets && !targets.includes(target)) continue;
    if (Number(pid) === process.pid || isProcessAlive(Number(pid))) continue;
    stale.push({ path: join(dir, entry), target: join(dir, target) });
  }
  return stale;
}

/** Removes the stale temporaries of `dir` (see findStaleTemporaries); returns their paths. */
export async function removeStaleTemporaries(dir: string, targets?: readonly string[]): Promise<string[]> {
  const stale = await findStaleTemporaries(dir, targets);
  await Promise.all(stale.map(({ path }) => fs.rm(path, { force: true })));
  return stale.map(({ path }) => path);
}
