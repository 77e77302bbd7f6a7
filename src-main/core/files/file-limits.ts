// A deadline and a cancel for file operations that may hang (a stalled network drive, a FIFO, a
// file system such as /proc that never answers as a disk does), so that a long job never waits
// forever and always answers a cancel. The operation itself cannot be stopped once the system
// has it; the job stops waiting for it and cleans up what it can.
import { CancelledError, InputError, throwIfCancelled } from '../errors.ts';

export interface FileLimits {
  readonly signal?: AbortSignal;
  /** How long one operation may take; DEFAULT_FILE_TIMEOUT_MS by default. */
  readonly timeoutMs?: number;
}

export const DEFAULT_FILE_TIMEOUT_MS = 60_000;

/** Runs `operation` (described by `what`, e.g. "writing /x/y.txt"), giving up on a cancel or after the deadline. */
export async function withinLimits<T>(what: string, operation: () => Promise<T>, limits: FileLimits = {}): Promise<T> {
  const { signal } = limits;
  const timeoutMs = limits.timeoutMs ?? DEFAULT_FILE_TIMEOUT_MS;
  throwIfCancelled(signal);
  const running = operation();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const limit = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`;
      reject(new InputError(`${what} took longer than ${limit} and was given up: the folder may be on a file system that does not answer; choose another`));
    }, timeoutMs);
    onAbort = () => reject(new CancelledError());
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([running, stopped]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    // Given up on: its late failure must not surface as an unhandled rejection.
    running.catch(() => {});
  }
}
