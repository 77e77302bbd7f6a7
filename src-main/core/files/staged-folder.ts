// Files that appear in a folder together or not at all: written into a hidden staging folder beside
// it, then moved in; each file they replace is kept aside until all are in, so that a failure on
// the way puts the folder back exactly as it was. A folder that did not exist appears in one rename.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.ts';
import { refuseIrregularTarget, syncFolder } from './atomic-write.ts';
import { withinLimits, type FileLimits } from './file-limits.ts';
import { makeFolders, removeEmptyFolders } from './make-folders.ts';
import { isProcessAlive } from './process-identity.ts';

/** `.<target>.staging-<pid>-<hex>` and `.<target>.backup-<pid>-<hex>` beside the target. */
function helperFolderPattern(target: string): RegExp {
  const name = basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\.${name}\\.(?:staging|backup)-(\\d+)-[0-9a-f]{12}$`);
}

function helperFolder(target: string, role: 'staging' | 'backup'): string {
  return join(dirname(target), `.${basename(target)}.${role}-${process.pid}-${randomBytes(6).toString('hex')}`);
}

async function exists(path: string): Promise<boolean> {
  return fs.lstat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}

/** Removes the staging and backup folders a dead process left beside `target` (kill -9 mid-export); returns them. */
export async function removeStaleStaging(target: string): Promise<string[]> {
  const pattern = helperFolderPattern(target);
  const entries = await fs.readdir(dirname(target)).catch(() => [] as string[]);
  const stale = entries.filter((entry) => {
    const pid = Number(pattern.exec(entry)?.[1]);
    return pid > 0 && pid !== process.pid && !isProcessAlive(pid);
  });
  const paths = stale.map((entry) => join(dirname(target), entry));
  await Promise.all(paths.map((path) => fs.rm(path, { recursive: true, force: true })));
  return paths;
}

export class StagedFolder {
  private finished = false;

  private constructor(
    /** The folder the files are for. */
    readonly target: string,
    /** Where to write them meanwhile. */
    readonly staging: string,
    /** The first parent folder created for the target, removed again on abort. */
    private readonly createdParent: string | null,
    private readonly limits: FileLimits,
  ) {}

  /** Prepares a staging folder beside `target` (creating its parent when missing), sweeping a dead export's leftovers. */
  static async open(target: string, limits: FileLimits = {}): Promise<StagedFolder> {
    const folder = resolve(target);
    const parent = dirname(folder);
    const createdParent = await withinLimits(`creating the folder ${parent}`, () => makeFolders(parent), limits);
    await withinLimits(`tidying ${parent}`, () => removeStaleStaging(folder), limits);
    const staging = helperFolder(folder, 'staging');
    try {
      await withinLimits(`creating ${staging}`, () => fs.mkdir(staging), limits);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error;
      throw new InputError(`cannot write into the folder ${parent}: ${code}`);
    }
    return new StagedFolder(folder, staging, createdParent, limits);
  }

  /** Where to write the file that is to appear as `<target>/<name>`. */
  pathOf(name: string): string {
    return join(this.staging, name);
  }

  /** Moves every staged file into the target folder; on any failure the target is left as it was. Returns the paths written. */
  async commit(): Promise<string[]> {
    const limits = this.limits;
    const names = (await withinLimits(`listing ${this.staging}`, () => fs.readdir(this.staging), limits)).sort();
    const paths = names.map((name) => join(this.target, name));
    try {
      if (!(await withinLimits(`looking at ${this.target}`, () => exists(this.target), limits))) {
        await withinLimits(`moving the files into ${this.target}`, () => fs.rename(this.staging, this.target), limits);
        await syncFolder(dirname(this.target));
        this.finished = true;
        return paths;
      }
      await this.moveInto(names);
      this.finished = true;
      await fs.rm(this.staging, { recursive: true, force: true });
      return paths;
    } finally {
      if (!this.finished) await this.abort();
    }
  }

  /** Removes the staging folder, and the target's parent when it was created for it and is still empty. */
  async abort(): Promise<void> {
    this.finished = true;
    await fs.rm(this.staging, { recursive: true, force: true });
    if (this.createdParent !== null) await removeEmptyFolders(dirname(this.target), this.createdParent);
  }

  private async moveInto(names: readonly string[]): Promise<void> {
    const limits = this.limits;
    // Before anything moves: a folder, link or device under an output's name is never replaced (nor removed with the backup).
    for (const name of names) {
      const destination = join(this.target, name);
      await withinLimits(`looking at ${destination}`, () => refuseIrregularTarget(destination), limits);
    }
    const backup = helperFolder(this.target, 'backup');
    await withinLimits(`creating ${backup}`, () => fs.mkdir(backup), limits);
    const replaced: string[] = [];
    const moved: string[] = [];
    try {
      for (const name of names) {
        const destination = join(this.target, name);
        if (await withinLimits(`looking at ${destination}`, () => exists(destination), limits)) {
          await withinLimits(`keeping ${destination} aside`, () => fs.rename(destination, join(backup, name)), limits);
          replaced.push(name);
        }
        await withinLimits(`moving ${name} into ${this.target}`, () => fs.rename(this.pathOf(name), destination), limits);
        moved.push(name);
      }
      await withinLimits(`flushing ${this.target}`, () => syncFolder(this.target), limits);
    } catch (error) {
      // Put the folder back: take out what came in, return what was there.
      for (const name of moved.reverse()) await fs.rm(join(this.target, name), { force: true });
      for (const name of replaced) await fs.rename(join(backup, name), join(this.target, name));
      throw error;
    } finally {
      await fs.rm(backup, { recursive: true, force: true });
    }
  }
}
