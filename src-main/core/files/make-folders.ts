// Creates a folder and its missing parents, one mkdir each: Node's recursive mkdir spins forever
// on some paths (under /proc it retries without end), where a plain mkdir fails at once.
import { promises as fs } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.ts';

/** Creates `path` and its missing parents; returns the first folder it created, or null when `path` existed. */
export async function makeFolders(path: string): Promise<string | null> {
  const missing: string[] = [];
  for (let current = resolve(path); ; current = dirname(current)) {
    // Other failures keep their code and path, for describeError to word them.
    const info = await fs.stat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (info) {
      if (!info.isDirectory()) throw new InputError(`${current}: is a file where a folder is expected; name a folder`);
      break;
    }
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const folder of missing) {
    try {
      await fs.mkdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
  }
  return missing[0] ?? null;
}

/** Removes `folder` and its parents up to `root` (one that makeFolders created) while they are empty. */
export async function removeEmptyFolders(folder: string, root: string): Promise<void> {
  for (let current = resolve(folder); ; current = dirname(current)) {
    try {
      await fs.rmdir(current);
    } catch {
      return;
    }
    if (current === resolve(root) || dirname(current) === current) return;
  }
}
