// What a crash (kill -9, a power cut) can leave in a workspace, found when its next owner opens it:
// what is certainly garbage is removed, what might still be someone's data is only reported.
import type { Database } from 'better-sqlite3';
import { existsSync, promises as fs } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { removeStaleTemporaries } from '../files/atomic-write.ts';
import { DATASET_FILES, INCOMPLETE_MARKER } from '../formats/dataset-files.ts';

export interface WorkspaceOrphans {
  /** Removed, workspace-relative: half-written data-set folders, empty run folders, temporary files of dead writers. */
  readonly removed: readonly string[];
  /** Left in place, workspace-relative, with why they were not removed (they may hold data). */
  readonly kept: readonly { readonly path: string; readonly reason: string }[];
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}

function registered(db: Database, table: 'datasets' | 'runs'): Set<string> {
  return new Set((db.prepare(`SELECT directory FROM ${table}`).all() as { directory: string }[]).map((row) => row.directory));
}

/** Every folder of the tree under `dir`, `dir` first. */
async function foldersUnder(dir: string): Promise<string[]> {
  const found = [dir];
  for (const name of await subfolders(dir)) found.push(...(await foldersUnder(join(dir, name))));
  return found;
}

/**
 * Finds and tidies what a dead owner left in the workspace `dir` whose database is `db`. Never
 * touches a file the database refers to, nor a temporary file of a live process (a trainer that
 * outlived its owner may still be writing).
 */
export async function sweepOrphans(dir: string, db: Database): Promise<WorkspaceOrphans> {
  const removed: string[] = [];
  const kept: { path: string; reason: string }[] = [];
  const remove = async (path: string) => {
    await fs.rm(join(dir, path), { recursive: true, force: true });
    removed.push(path);
  };

  // Data sets: a folder is registered in the same transaction that its marker is removed after.
  const datasets = registered(db, 'datasets');
  for (const name of await subfolders(join(dir, 'datasets'))) {
    const path = `datasets/${name}`;
    const marked = existsSync(join(dir, path, INCOMPLETE_MARKER));
    if (datasets.has(path)) {
      if (marked) await remove(`${path}/${INCOMPLETE_MARKER}`);
    } else if (marked || (await fs.readdir(join(dir, path))).length === 0) await remove(path);
    // Without the marker it may be a data set of an earlier database, or of an older version that
    // wrote no marker: it may hold data, so it is only reported.
    else if (existsSync(join(dir, path, DATASET_FILES.header))) kept.push({ path, reason: 'a complete data set that the database does not list (kept from an earlier database?)' });
    else kept.push({ path, reason: 'a data-set folder without its header that the database does not list (kept: it may hold data)' });
  }

  // Runs: the folder is made just before the row.
  const runs = registered(db, 'runs');
  for (const name of await subfolders(join(dir, 'runs'))) {
    const path = `runs/${name}`;
    if (runs.has(path)) continue;
    await removeStaleTemporaries(join(dir, path));
    if ((await fs.readdir(join(dir, path))).length === 0) await remove(path);
    else kept.push({ path, reason: 'run files that the database does not list (kept from an earlier database?)' });
  }

  // Augmentation parts get their header last: one without is half-written (and would be redone).
  for (const cache of await subfolders(join(dir, 'augment'))) {
    for (const part of await subfolders(join(dir, 'augment', cache))) {
      if (!existsSync(join(dir, 'augment', cache, part, DATASET_FILES.header))) await remove(`augment/${cache}/${part}`);
    }
  }

  for (const folder of await foldersUnder(dir)) {
    for (const path of await removeStaleTemporaries(folder)) removed.push(relative(dir, path).split(sep).join('/'));
  }
  return { removed, kept };
}
