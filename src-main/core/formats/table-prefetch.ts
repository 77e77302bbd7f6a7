// Checks several large number tables at once, on this thread and on one worker thread, so that a
// folder's echo files are read on two cores. It only learns each table's shape read without rules;
// the caller matches shapes against its rules and reads again, exactly, whatever does not match.
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startSiblingWorker } from '../module-entry.ts';
import type { ProgressMeter } from '../progress.ts';
import { readNumberTable } from './number-table.ts';
import type { ShapeReply, ShapeRequest, TableShape } from './table-shape-protocol.ts';

export type { TableShape } from './table-shape-protocol.ts';

/** Below this many bytes in all, this thread reads alone: starting a worker would cost more than it saves. */
export const PARALLEL_MIN_BYTES = 16 * 2 ** 20;

export interface PrefetchOptions {
  /** Advanced by the bytes the prefetch reads, on either thread. */
  readonly meter: ProgressMeter;
  readonly signal?: AbortSignal;
  readonly minBytes?: number;
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

/** Starts reading the tables' shapes, largest first, each taken by whichever thread is free. */
export async function prefetchTableShapes(paths: readonly string[], options: PrefetchOptions): Promise<ShapePrefetch> {
  const sizes = new Map<string, number>();
  try {
    for (const path of paths) sizes.set(path, (await stat(path)).size);
  } catch {
    return NO_PREFETCH; // the exact reads will say what is wrong
  }
  const total = [...sizes.values()].reduce((sum, size) => sum + size, 0);
  if (paths.length < 2 || availableParallelism() < 2 || total < (options.minBytes ?? PARALLEL_MIN_BYTES)) return NO_PREFETCH;
  return new TwoThreadPrefetch([...paths].sort((a, b) => sizes.get(b)! - sizes.get(a)!), options);
}

class TwoThreadPrefetch implements ShapePrefetch {
  readonly counted = true;
  private readonly queue: string[];
  private readonly results = new Map<string, { promise: Promise<TableShape | null>; resolve: (shape: TableShape | null) => void }>();
  private readonly worker: Worker;
  /** The table the worker reads now, if any. */
  private workerPath: string | null = null;
  private workerGone = false;
  private readonly onAbort = () => void this.close();

  constructor(
    paths: string[],
    private readonly options: PrefetchOptions,
  ) {
    this.queue = paths;
    for (const path of paths) {
      let resolve!: (shape: TableShape | null) => void;
      const promise = new Promise<TableShape | null>((settle) => (resolve = settle));
      this.results.set(path, { promise, resolve });
    }
    this.worker = startSiblingWorker(import.meta.url, 'table-shape-worker');
    this.worker.on('message', (reply: ShapeReply) => this.receive(reply));
    // A worker that cannot start or dies leaves its table to the exact read.
    this.worker.on('error', () => this.loseWorker());
    this.worker.on('exit', () => this.loseWorker());
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    void this.readOnThisThread();
  }

  shapeOf(path: string): Promise<TableShape | null> {
    return this.results.get(path)?.promise ?? Promise.resolve(null);
  }

  async close(): Promise<void> {
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.queue.length = 0;
    this.loseWorker();
    await this.worker.terminate();
  }

  private receive(reply: ShapeReply): void {
    if (this.workerGone) return;
    if (reply.type === 'progress') this.options.meter.advance(reply.bytes);
    else {
      if (reply.type === 'shape') this.settle(reply.path, reply.shape);
      this.workerPath = this.queue.shift() ?? null;
      if (this.workerPath !== null) this.worker.postMessage({ path: this.workerPath } satisfies ShapeRequest);
    }
  }

  private loseWorker(): void {
    this.workerGone = true;
    if (this.workerPath !== null) this.settle(this.workerPath, null);
    this.workerPath = null;
  }

  private async readOnThisThread(): Promise<void> {
    for (let path = this.queue.shift(); path !== undefined; path = this.queue.shift()) {
      let shape: TableShape | null = null;
      try {
        const { rows, columns } = await readNumberTable(path, { discardValues: true, meter: this.options.meter, signal: this.options.signal });
        shape = { rows, columns };
      } catch {
        // Left to the exact read, which also reports a cancel.
      }
      this.settle(path, shape);
    }
    // close() empties the queue: whatever no thread took is left to the exact reads.
    for (const path of this.results.keys()) if (path !== this.workerPath) this.settle(path, null);
  }

  private settle(path: string, shape: TableShape | null): void {
    this.results.get(path)?.resolve(shape);
  }
}
