// Runs a curve fit in a worker thread of its own, so that the process serving the UI stays
// responsive: progress comes back per simulation, and cancelling ends the thread at once.
import { CancelledError, InputError } from '../errors.ts';
import { startSiblingWorker } from '../module-entry.ts';
import type { FitProgress } from './fit-curve.ts';
import type { FitWorkerData, FitWorkerReply, FitWorkerResult } from './fit-worker-protocol.ts';

export interface FitInWorkerOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: FitProgress) => void;
}

/** Fits `data.target` in a new worker thread; CancelledError when the signal aborts, InputError for a request fitCurve refuses. */
export function fitCurveInWorker(data: FitWorkerData, { signal, onProgress }: FitInWorkerOptions = {}): Promise<FitWorkerResult> {
  if (signal?.aborted) return Promise.reject(new CancelledError('the fit was cancelled'));
  return new Promise<FitWorkerResult>((resolve, reject) => {
    const worker = startSiblingWorker(import.meta.url, 'fit-worker', { workerData: data });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      outcome();
    };
    // Between two simulations the fit never yields to the thread's event loop: terminate, not a message, stops it.
    const onAbort = () => settle(() => reject(new CancelledError('the fit was cancelled')));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (reply: FitWorkerReply) => {
      // Progress already on its way when the fit was cancelled is stale.
      if (settled) return;
      if (reply.type === 'progress') onProgress?.(reply.progress);
      else if (reply.type === 'done') settle(() => resolve({ result: reply.result, startCurve: reply.startCurve, fittedCurve: reply.fittedCurve, truthDistance: reply.truthDistance }));
      else settle(() => reject(reply.input ? new InputError(reply.message) : new Error(`the fit failed: ${reply.message}`)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the fit's worker stopped unexpectedly (exit code ${code})`))));
  });
}
