// Exit codes of the CLI: 0 success, 1 internal failure, 2 bad input (files, flags), 130 cancelled.
import { CancelledError, EchoFileError, InputError } from '../core/errors.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_CANCELLED = 130;

export function exitCodeFor(error: unknown): number {
  if (error instanceof EchoFileError || error instanceof InputError) return EXIT_BAD_INPUT;
  if (error instanceof CancelledError) return EXIT_CANCELLED;
  return EXIT_FAILURE;
}
