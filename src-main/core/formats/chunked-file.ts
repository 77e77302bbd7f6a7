// Reads a file (or a byte range of it) as a sequence of large chunks with the next read already in
// flight while the caller scans the current one, carrying the caller's unfinished tail (a token cut by
// the chunk end) in front.
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

/** Buffers of closed files, kept for the next: a fresh megabyte costs page faults on its first read, a reused one nothing. */
const spareBuffers: Buffer[] = [];
/** Two files' worth: a table read with a label file read beside it, or one file after another. */
const MAX_SPARE_BUFFERS = 4;
const FULL_BUFFER_BYTES = MAX_CARRIED_BYTES + CHUNK_BYTES + 1;

/** Bytes [start, end) of a file; an end past the file's end reads to the end, even of a file that grows. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export class ChunkedFile {
  private readonly buffers: [Buffer, Buffer];
  /** Bytes per read: CHUNK_BYTES, or less for a smaller file, which then costs no megabytes of buffers. */
  private readonly chunkBytes: number;
  private current = 0;
  private pending: Promise<number> | null;
  private previous: Chunk | null = null;
  /** File offset of the next read. */
  private position: number;
  /** File offset where the reads stop: the range's end, or Infinity for the end of the file. */
  private readonly stop: number;
  /** Bytes to read, as the file's size when opened: the whole file's, or the range's part of it. */
  readonly size: number;
  /** A read failed or was given up on: its buffer may still be written to. */
  private readFailed = false;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    fileSize: number,
    range: ByteRange | undefined,
  ) {
    this.position = range?.start ?? 0;
    this.stop = range?.end ?? Infinity;
    this.size = Math.max(0, Math.min(fileSize, this.stop) - this.position);
    this.chunkBytes = Math.min(CHUNK_BYTES, Math.max(fileSize, MIN_CHUNK_BYTES));
    const bytes = MAX_CARRIED_BYTES + this.chunkBytes + 1;
    const take = () => (bytes === FULL_BUFFER_BYTES ? spareBuffers.pop() : undefined) ?? Buffer.allocUnsafe(bytes);
    this.buffers = [take(), take()];
    this.pending = this.readInto(this.buffers[0]);
  }

  /**
   * Opens a regular file, to read whole or only `range`; fs failures become an EchoFileError at
   * line 1, column 1. A range's reads stay on the whole file's chunk grid (k * CHUNK_BYTES), so a
   * token crosses a chunk end exactly where it does in a read of the whole file.
   */
  static async open(path: string, range?: ByteRange): Promise<ChunkedFile> {
    let handle: FileHandle | undefined;
    try {
      // Checked before opening too: opening a FIFO (or a device) could wait forever for a writer.
      if (!(await stat(path)).isFile()) throw new EchoFileError(path, 1, 1, 'cannot read: not a regular file');
      handle = await open(path, 'r');
      const stats = await handle.stat();
      if (!stats.isFile()) throw new EchoFileError(path, 1, 1, 'cannot read: not a regular file');
      return new ChunkedFile(path, handle, stats.size, range);
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
    // A read given up on (timed out) may still write into its buffer: those are not reused.
    if (this.readFailed) return;
    for (const buffer of this.buffers) if (buffer.length === FULL_BUFFER_BYTES && spareBuffers.length < MAX_SPARE_BUFFERS) spareBuffers.push(buffer);
  }

  private async settle(): Promise<number> {
    const pending = this.pending;
    this.pending = null;
    // A read that never returns (a stalled network drive) ends the import instead of hanging it.
    return pending
      ? withinLimits(`reading ${this.path}`, () => pending).catch((error: unknown) => {
          this.readFailed = true;
          throw error;
        })
      : 0;
  }

  private readInto(buffer: Buffer): Promise<number> {
    const position = this.position;
    // Up to the next multiple of chunkBytes, so that a range's chunks line up with the whole file's.
    const length = Math.min(this.chunkBytes - (position % this.chunkBytes), this.stop - position);
    if (length <= 0) return Promise.resolve(0);
    const read = this.handle.read(buffer, MAX_CARRIED_BYTES, length, position).then(
      ({ bytesRead }) => {
        this.position += bytesRead;
        return bytesRead;
      },
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
