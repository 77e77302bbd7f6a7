// Typed errors of the core: each becomes one clear line in the UI and the CLI, never a stack trace.

/** A problem in a user's file, located to the character. Line and column are 1-based. */
export class EchoFileError extends Error {
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly reason: string;

  constructor(path: string, line: number, column: number, reason: string) {
    super(`${path}:${line}:${column}: ${reason}`);
    this.name = 'EchoFileError';
    this.path = path;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

/** Bad input that is not a file: a CLI flag, a hyperparameter, an API argument. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Thrown by long jobs when their AbortSignal fires. */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** Throws CancelledError if the signal has fired. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** One line for a person: typed errors keep their message, anything else gets its class name. */
export function describeError(error: unknown): string {
  if (error instanceof EchoFileError || error instanceof InputError || error instanceof CancelledError) {
    return error.message;
  }
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
