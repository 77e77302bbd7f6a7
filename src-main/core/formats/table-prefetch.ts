// Checks several large number tables at once, on this thread and on one worker thread, so that a
// folder's echo files are read on two cores. The tables are cut into pieces at line starts which
// the threads take in turn, so both stay busy to the end. It only learns each table's shape read
// without rules; the caller matches shapes against its rules and reads again, exactly, whatever
// does not match.
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startSiblingWorker } from '../module-entry.ts';
import type { ProgressMeter } from '../progress.ts';
import { claimedCount, createClaims, withdrawClaims, workOnClaims } from './piece-claims.ts';
import { cutTable, mergePieceShapes, readPieceShape, type TablePiece, type TableShape } from './table-pieces.ts';
import type { ShapeJob, ShapeReply } from './table-shape-protocol.ts';

/** Below this many bytes in all, this thread reads alone: starting a worker would cost more than it saves. */
export const PARALLEL_MIN_BYTES = 16 * 2 ** 20;
/**
 * Bytes per piece: small enough that the thread finishing first waits little for the other, large
 * enough that opening a piece and a thread taking it cost nothing much.
 */
export const PIECE_BYTES = 4 * 2 ** 20;

export interface PrefetchOptions {
  /** Advanced by the bytes the prefetch reads, on either thread. */
  readonly meter: ProgressMeter;
  readonly signal?: AbortSignal;
  readonly minBytes?: number;
  readonly pieceBytes?: number;
}

export interface ShapePrefetch {
  /** The table's shape; null when it did not read cleanly, or was not prefetched. */
  shapeOf(path: string): Promise<TableShape | null>;
  /** The prefetch counted the tables' bytes on the meter: a second read of them must not count again. */
  readonly counted: boolean;
  /** Stops the worker; call it when done, even after a failure. */
  close(): Promise<void>;
}

const NO_PREFETCH: ShapePrefetch = { shapeOf: async () => null, counted: false, close: async () => undefined };

/** Starts reading the tables' shapes, piece by piece, in the order given, on two threads. */
export async function prefetchTableShapes(tables: readonly string[], options: PrefetchOptions): Promise<ShapePrefetch> {
  const paths = [...new Set(tables)];
  const sizes: number[] = [];
  try {
    for (const path of paths) sizes.push((await stat(path)).size);
  } catch {
    return NO_PREFETCH; // the exact reads will say what is wrong
  }
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (paths.length === 0 || availableParallelism() < 2 || total < (options.minBytes ?? PARALLEL_MIN_BYTES)) return NO_PREFETCH;
  return new TwoThreadPrefetch(paths, sizes, options);
}

interface TableResult {
  readonly pieces: number[];
  readonly promise: Promise<TableShape | null>;
  readonly resolve: (shape: TableShape | null) => void;
}

class TwoThreadPrefetch implements ShapePrefetch {
  readonly counted = true;
  private readonly tables = new Map<string, TableResult>();
  private pieces: TablePiece[] = [];
  /** Each piece's shape once read (null: it failed); undefined while unread. */
  private readonly pieceShapes: (TableShape | null | undefined)[] = [];
  /** Pieces this thread took: the others taken are the worker's. */
  private readonly mine = new Set<number>();
  private readonly claims = createClaims();
  private readonly worker: Worker;
  private workerGone = false;
  private closed = false;
  private readonly onAbort = () => void this.close();

  constructor(
    paths: readonly string[],
    sizes: readonly number[],
    private readonly options: PrefetchOptions,
  ) {
    for (const path of paths) {
      let resolve!: (shape: TableShape | null) => void;
      const promise = new Promise<TableShape | null>((settle) => (resolve = settle));
      this.tables.set(path, { pieces: [], promise, resolve });
    }
    // Started first: the worker takes a while to boot, and this thread cuts the tables meanwhile.
    this.worker = startSiblingWorker(import.meta.url, 'table-shape-worker');
    this.worker.on('message', (reply: ShapeReply) => this.receive(reply));
    // A worker that cannot start or dies leaves its pieces' tables to the exact reads.
    this.worker.on('error', () => this.loseWorker());
    this.worker.on('exit', () => this.loseWorker());
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    void this.start(paths, sizes);
  }

  shapeOf(path: string): Promise<TableShape | null> {
    return this.tables.get(path)?.promise ?? Promise.resolve(null);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.options.signal?.removeEventListener('abort', this.onAbort);
    withdrawClaims(this.claims, this.pieces.length);
    this.workerGone = true;
    // Whatever is not settled now is left to the exact reads.
    for (const table of this.tables.values()) table.resolve(null);
    await this.worker.terminate();
  }

  private async start(paths: readonly string[], sizes: readonly number[]): Promise<void> {
    const pieceBytes = this.options.pieceBytes ?? PIECE_BYTES;
    const cut = await Promise.all(paths.map((path, k) => cutTable(path, sizes[k], pieceBytes)));
    if (this.closed) return;
    this.pieces = cut.flat();
    this.pieces.forEach((piece, index) => this.tables.get(piece.path)!.pieces.push(index));
    if (!this.workerGone) this.worker.postMessage({ pieces: this.pieces, claims: this.claims } satisfies ShapeJob);
    const { meter, signal } = this.options;
    await workOnClaims(this.claims, this.pieces.length, async (index) => {
      this.mine.add(index);
      this.settlePiece(index, await readPieceShape(this.pieces[index], { meter, signal }));
    });
  }

  private receive(reply: ShapeReply): void {
    if (this.workerGone) return;
    if (reply.type === 'progress') this.options.meter.advance(reply.bytes);
    else this.settlePiece(reply.index, reply.shape);
  }

  /** The pieces the worker took and did not finish fail: their tables are left to the exact reads. */
  private loseWorker(): void {
    if (this.workerGone) return;
    this.workerGone = true;
    const taken = claimedCount(this.claims, this.pieces.length);
    for (let index = 0; index < taken; index++) if (!this.mine.has(index) && this.pieceShapes[index] === undefined) this.settlePiece(index, null);
  }

  private settlePiece(index: number, shape: TableShape | null): void {
    this.pieceShapes[index] = shape;
    const table = this.tables.get(this.pieces[index].path)!;
    const shapes = table.pieces.map((piece) => this.pieceShapes[piece]);
    // A failed piece settles its table at once; otherwise the table waits for its last piece.
    if (shape === null) table.resolve(null);
    else if (shapes.every((piece) => piece !== undefined)) table.resolve(mergePieceShapes(shapes));
  }
}
