// A failed call as the UI sees it: the wire error's kind and message, or a lost connection.
import type { WireError } from '../../../src-main/core/api/contract.ts';

export type CallErrorKind = WireError['kind'] | 'disconnected';

export class CallError extends Error {
  readonly kind: CallErrorKind;
  readonly location: WireError['location'];

  constructor(error: { kind: CallErrorKind; message: string; location?: WireError['location'] }) {
    super(error.message);
    this.name = 'CallError';
    this.kind = error.kind;
    this.location = error.location;
  }
}

/** One line for a person, whatever was thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
