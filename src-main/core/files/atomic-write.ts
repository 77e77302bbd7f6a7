// Atomic file writes: write a temporary file beside the target, then rename it into place,
// so a crash or a cancel never leaves a half-written file under the real name.
import { createWriteStream, promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';

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
  private readonly stream;
  private closed = false;

  constructor(readonly target: string) {
    this.temporary = temporaryPathFor(target);
    this.stream = createWriteStream(this.temporary);
  }

  /** Writes a chunk, waiting for the stream to drain when its buffer is full. */
  async write(chunk: string | Uint8Array): Promise<void> {
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        this.stream.once('error', onError);
        this.stream.once('drain', () => {
          this.stream.off('error', onError);
          resolve();
        });
      });
    }
  }

  async commit(): Promise<void> {
    if (this.closed) throw new Error(`${this.target}: writer already closed`);
    this.closed = true;
    this.stream.end();
    await finished(this.stream);
    await fs.rename(this.temporary, this.target);
  }

  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stream.destroy();
    await fs.rm(this.temporary, { force: true });
  }
}
