// Creates a folder and its missing parents, one mkdir each: Node's recursive mkdir spins forever
// on some paths (under /proc it retries without end), where a plain mkdir fails at once.
import { promises as fs } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.ts';

/** Creates `path` and its missing parents; returns the first folder it created, or null when `path` existed. */
export async function makeFolders(path: string): Promise<string | null> {
  const missing: string[] = [];
  for (let current = resolve(path); ; current = dirname(current)) {
    const info = await fs.stat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw new InputError(`cannot use the folder ${current}: ${error.code ?? error.message}`);
    });
    if (info) {
      if (!info.isDirectory()) throw new InputError(`${current} is not a folder`);
      break;
    }
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const folder of missing) {
    try {
      await fs.mkdir(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      throw new InputError(`cannot create the folder ${folder}: ${code ?? String(error)}`);
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
