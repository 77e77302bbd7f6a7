// Exit codes of the CLI (0 success, 1 failure, 2 bad input: files, flags, paths, 130 cancelled) and
// the one line on stderr that goes with a failure.
import { CancelledError, describeError, EchoFileError, isInputError } from '../core/errors.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_CANCELLED = 130;

export function exitCodeFor(error: unknown): number {
  if (error instanceof CancelledError) return EXIT_CANCELLED;
  return isInputError(error) ? EXIT_BAD_INPUT : EXIT_FAILURE;
}

/** The failure's one line: a file error starts with file:line:column, so that editors and terminals can jump to it. */
export function failureLine(error: unknown): string {
  return error instanceof EchoFileError ? error.message : `spin-echo: ${describeError(error)}`;
}

/** Writes the failure's line to stderr and returns its exit code. */
export function reportFailure(error: unknown): number {
  process.stderr.write(`${failureLine(error)}\n`);
  return exitCodeFor(error);
}
