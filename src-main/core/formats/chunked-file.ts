// Reads a file as a sequence of large chunks with the next read already in flight while the caller
// scans the current one, carrying the caller's unfinished tail (a token cut by the chunk end) in front.
import { open, stat, type FileHandle } from 'node:fs/promises';
import { EchoFileError, fileSystemReason } from '../errors.ts';
import { withinLimits } from '../files/file-limits.ts';

/** Bytes per read at most: file bytes [k * CHUNK_BYTES, (k + 1) * CHUNK_BYTES) arrive together. */
export const CHUNK_BYTES = 1 << 20;
/** Room in front of each chunk for the carried tail; a longer tail is refused by the caller. */
export const MAX_CARRIED_BYTES = 1 << 16;

/** One chunk: buffer[start, end) holds the carried tail then the new bytes; buffer[end] is free. */
export interface Chunk {
  readonly buffer: Buffer;
  readonly start: number;
  readonly end: number;
  /** True once the file has no more bytes: this chunk ends at the end of the file. */
  readonly final: boolean;
}

/** The smallest read: a file that grows after it was opened is still read whole, in reads this size or more. */
const MIN_CHUNK_BYTES = 4096;

export class ChunkedFile {
  private readonly buffers: [Buffer, Buffer];
  /** Bytes per read: CHUNK_BYTES, or less for a smaller file, which then costs no megabytes of buffers. */
  private readonly chunkBytes: number;
  private current = 0;
  private pending: Promise<number> | null;
  private previous: Chunk | null = null;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    readonly size: number,
  ) {
    this.chunkBytes = Math.min(CHUNK_BYTES, Math.max(size, MIN_CHUNK_BYTES));
    this.buffers = [Buffer.allocUnsafe(MAX_CARRIED_BYTES + this.chunkBytes + 1), Buffer.allocUnsafe(MAX_CARRIED_BYTES + this.chunkBytes + 1)];
    this.pending = this.readInto(this.buffers[0]);
  }

  /** Opens a regular file; fs failures become an EchoFileError at line 1, column 1. */
  static async open(path: string): Promise<ChunkedFile> {
    let handle: FileHandle | undefined;
    try {
      // Checked before opening too: opening a FIFO (or a device) could wait forever for a writer.
      if (!(await stat(path)).isFile()) throw new EchoFileError(path, 1, 1, 'cannot read: not a regular file');
      handle = await open(path, 'r');
      const stats = await handle.stat();
      if (!stats.isFile()) throw new EchoFileError(path, 1, 1, 'cannot read: not a regular file');
      return new ChunkedFile(path, handle, stats.size);
    } catch (error) {
      await handle?.close();
      throw asFileError(path, error);
    }
  }

  /**
   * Returns the next chunk; `carryFrom` is where the caller stopped in the previous one, and the
   * bytes from there to its end come first in this one.
   */
  async next(carryFrom: number): Promise<Chunk> {
    const bytesRead = await this.settle();
    const buffer = this.buffers[this.current];
    let start = MAX_CARRIED_BYTES;
    if (this.previous) {
      const carried = this.previous.end - carryFrom;
      if (carried > MAX_CARRIED_BYTES) throw new RangeError('carried tail longer than MAX_CARRIED_BYTES');
      start -= carried;
      this.previous.buffer.copy(buffer, start, carryFrom, this.previous.end);
    }
    const final = bytesRead === 0;
    this.current = 1 - this.current;
    if (!final) this.pending = this.readInto(this.buffers[this.current]);
    const chunk = { buffer, start, end: MAX_CARRIED_BYTES + bytesRead, final };
    this.previous = chunk;
    return chunk;
  }

  /** Closes the file, first letting a read in flight finish (or time out) so that it cannot fail unobserved. */
  async close(): Promise<void> {
    await this.settle().catch(() => undefined);
    await this.handle.close();
  }

  private async settle(): Promise<number> {
    const pending = this.pending;
    this.pending = null;
    // A read that never returns (a stalled network drive) ends the import instead of hanging it.
    return pending ? withinLimits(`reading ${this.path}`, () => pending) : 0;
  }

  private readInto(buffer: Buffer): Promise<number> {
    const read = this.handle.read(buffer, MAX_CARRIED_BYTES, this.chunkBytes, null).then(
      ({ bytesRead }) => bytesRead,
      (error: unknown) => {
        throw asFileError(this.path, error);
      },
    );
    // Marked as handled now: if the caller stops early (an error, a cancel), close() still awaits it.
    read.catch(() => undefined);
    return read;
  }
}

/** Total size in bytes of the given files, to size a progress meter before reading them. */
export async function totalFileSize(paths: readonly string[]): Promise<number> {
  let total = 0;
  for (const path of paths) {
    try {
      total += (await stat(path)).size;
    } catch (error) {
      throw asFileError(path, error);
    }
  }
  return total;
}

/** Turns an fs failure into a one-line file error (line 1, column 1: the file as a whole). */
function asFileError(path: string, error: unknown): EchoFileError {
  if (error instanceof EchoFileError) return error;
  const reason = fileSystemReason((error as NodeJS.ErrnoException | undefined)?.code) ?? (error instanceof Error ? error.message : String(error));
  return new EchoFileError(path, 1, 1, `cannot read: ${reason}`);
}
