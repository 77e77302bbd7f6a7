// A pool of worker threads that simulates labelled curves in batches and hands the results back
// in curve order, whatever the number of workers; cancellable, with backpressure.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { CancelledError, InputError } from '../errors.ts';
import { startSiblingWorker } from '../module-entry.ts';
import { ProgressMeter, type ProgressListener } from '../progress.ts';
import { curveLength } from './options.ts';
import type { PoolReply, PoolTask, PoolWorkerData } from './simulation-protocol.ts';
import type { SimulationPlan } from './simulate-curve.ts';

export interface PoolJob {
  /** Curve index of the first row (per-curve detuning streams are keyed by it). */
  readonly firstIndex: number;
  /** Rows of (alpha, xi, d). */
  readonly labels: Float64Array;
  /** Curves per task sent to a worker. */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  /** Curves done of this job's, with an ETA, after every curve (in any order). */
  readonly onProgress?: ProgressListener;
  /** Advanced by one per curve instead, when several jobs share one meter; onProgress is then ignored. */
  readonly meter?: ProgressMeter;
  /**
   * Receives the curves in row order, batch by batch (count x length x 2); awaited before the
   * next one. At most `maxBatchesAhead` batches wait for it, which bounds the memory held.
   */
  readonly onBatch: (firstRow: number, count: number, data: Float64Array) => Promise<void> | void;
  readonly maxBatchesAhead?: number;
}

interface Slot {
  readonly worker: Worker;
  busy: boolean;
}

export const DEFAULT_BATCH_SIZE = 8;

/** The default worker count: one per core. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

export class SimulationPool {
  private readonly slots: Slot[];
  private readonly length: number;
  private handler: ((slot: Slot, reply: PoolReply) => void) | null = null;
  private failure: ((error: Error) => void) | null = null;
  private closed = false;
  private nextTaskId = 0;

  constructor(
    readonly plan: SimulationPlan,
    workers = defaultWorkerCount(),
  ) {
    if (!Number.isInteger(workers) || workers < 1) throw new InputError(`workers must be a positive integer, not ${workers}`);
    this.length = curveLength(plan.options);
    const workerData: PoolWorkerData = { plan };
    this.slots = Array.from({ length: workers }, () => {
      const slot: Slot = { worker: startSiblingWorker(import.meta.url, 'simulation-worker', { workerData }), busy: false };
      slot.worker.on('message', (reply: PoolReply) => this.handler?.(slot, reply));
      slot.worker.on('error', (error) => this.failure?.(error));
      slot.worker.on('exit', (code) => {
        if (!this.closed) this.failure?.(new Error(`a simulation worker stopped unexpectedly (exit code ${code})`));
      });
      return slot;
    });
  }

  get workerCount(): number {
    return this.slots.length;
  }

  /** Runs one job; a cancelled or failed job terminates the pool. */
  run(job: PoolJob): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the simulation pool is closed'));
    if (this.handler) return Promise.reject(new Error('the simulation pool is already running a job'));
    const rows = job.labels.length / 3;
    const batchSize = job.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(rows)) return Promise.reject(new RangeError('labels must hold rows of 3 values'));
    if (!Number.isInteger(batchSize) || batchSize < 1) return Promise.reject(new InputError(`batch size must be a positive integer, not ${batchSize}`));
    const batchCount = Math.ceil(rows / batchSize);
    const maxAhead = Math.max(job.maxBatchesAhead ?? 2 * this.slots.length, this.slots.length);
    const meter = job.meter ?? new ProgressMeter(rows, job.onProgress);
    const taskBatch = new Map<number, number>();
    const results = new Map<number, Float64Array>();
    let nextToDispatch = 0;
    let nextToDeliver = 0;
    let delivering = false;

    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (error?: Error): void => {
        if (settled) return;
        settled = true;
        this.handler = null;
        this.failure = null;
        job.signal?.removeEventListener('abort', onAbort);
        if (error) {
          void this.close();
          reject(error);
        } else {
          resolve();
        }
      };
      const onAbort = (): void => finish(new CancelledError());
      if (job.signal?.aborted) return finish(new CancelledError());
      job.signal?.addEventListener('abort', onAbort, { once: true });

      const dispatch = (): void => {
        for (const slot of this.slots) {
          if (slot.busy) continue;
          if (nextToDispatch >= batchCount || nextToDispatch >= nextToDeliver + maxAhead) return;
          const batch = nextToDispatch++;
          const first = batch * batchSize;
          const count = Math.min(batchSize, rows - first);
          const id = this.nextTaskId++;
          taskBatch.set(id, batch);
          const labels = job.labels.slice(3 * first, 3 * (first + count));
          const task: PoolTask = { id, firstIndex: job.firstIndex + first, labels };
          slot.busy = true;
          slot.worker.postMessage(task, [labels.buffer]);
        }
      };

      const deliver = async (): Promise<void> => {
        if (delivering) return;
        delivering = true;
        try {
          while (!settled && results.has(nextToDeliver)) {
            const data = results.get(nextToDeliver)!;
            results.delete(nextToDeliver);
            const first = nextToDeliver * batchSize;
            await job.onBatch(first, data.length / (2 * this.length), data);
            nextToDeliver++;
          }
        } catch (error) {
          finish(error instanceof Error ? error : new Error(String(error)));
          return;
        } finally {
          delivering = false;
        }
        if (settled) return;
        if (nextToDeliver === batchCount) finish();
        else dispatch();
      };

      this.failure = (error) => finish(error);
      this.handler = (slot, reply) => {
        if (settled) return;
        if (reply.type === 'curve') {
          meter.advance(1);
          return;
        }
        slot.busy = false;
        if (reply.type === 'error') {
          finish(reply.name === 'InputError' ? new InputError(reply.message) : new Error(`simulation failed: ${reply.message}`));
          return;
        }
        const batch = taskBatch.get(reply.id);
        if (batch === undefined) return;
        taskBatch.delete(reply.id);
        results.set(batch, reply.data);
        void deliver();
        dispatch();
      };

      if (batchCount === 0) return finish();
      dispatch();
    });
  }

  /** Stops every worker (also mid-curve). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
