// A workspace whose database is garbage beside data that must survive, and the damaged copies the
// core keeps aside: for the tests of the choice of a fresh database in every face.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The data file that must still be there after a fresh database was started. */
export const KEPT_DATA_FILE = join('datasets', 'ds-0000abcd', 'curves.f32');

/** Creates `dir` with a workbench.sqlite of garbage bytes and a data file; returns `dir`. */
export function writeDamagedWorkspace(dir: string): string {
  mkdirSync(join(dir, 'datasets', 'ds-0000abcd'), { recursive: true });
  writeFileSync(join(dir, KEPT_DATA_FILE), 'kept');
  writeFileSync(join(dir, 'workbench.sqlite'), Buffer.alloc(8192, 0x5a));
  return dir;
}

/** Names of the damaged databases kept aside in `dir` (not their -wal or -shm companions). */
export function damagedCopies(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('workbench.sqlite.damaged-') && !/-(wal|shm)$/.test(name));
}
