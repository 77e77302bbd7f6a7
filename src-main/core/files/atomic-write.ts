// Atomic file writes: write a temporary file beside the target, then rename it into place,
// so a crash or a cancel never leaves a half-written file under the real name.
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

function temporaryPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes the whole content at once, atomically. */
export async function writeFileAtomic(target: string, content: string | Uint8Array): Promise<void> {
  const temporary = temporaryPathFor(target);
  try {
    await fs.writeFile(temporary, content);
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/**
 * A file written piece by piece that appears under its name only on commit().
 * abort() removes the temporary file; nothing is left behind either way.
 */
export class AtomicFileWriter {
  private readonly temporary: string;
  // Opened at once so that an unwritable folder fails early; every method awaits the open, so
  // abort() can never race it and leave a temporary file created after its removal.
  private readonly opening: Promise<FileHandle>;
  private closed = false;

  constructor(readonly target: string) {
    this.temporary = temporaryPathFor(target);
    this.opening = fs.open(this.temporary, 'wx');
    // The failure is reported by the first write, commit or abort; it must not crash the process first.
    this.opening.catch(() => {});
  }

  /** Writes a chunk at the end of the file. */
  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.closed) throw new Error(`${this.target}: writer already closed`);
    const handle = await this.opening;
    await handle.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  }

  async commit(): Promise<void> {
    if (this.closed) throw new Error(`${this.target}: writer already closed`);
    this.closed = true;
    const handle = await this.opening;
    try {
      await handle.close();
      await fs.rename(this.temporary, this.target);
    } catch (error) {
      await fs.rm(this.temporary, { force: true });
      throw error;
    }
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
