// Runs contract calls for any transport: validates the name, the argument and the result against the
// contract's schemas, and turns every failure into a typed wire error, never a thrown stack trace.
import { z } from 'zod';
import { calls, events, type CallInput, type CallName, type CallResult, type EventMessage, type ReplyBody, type WireError } from './contract.ts';
import { CancelledError, describeDamagedDatabase, describeError, EchoFileError, isInputError } from '../errors.ts';
import { UnavailableError } from '../workbench/native-dialogs.ts';
import { DamagedDatabaseError } from '../store/database.ts';

/** One handler per call: what the workbench implements and the bridges loop over. */
export type CallHandlers = { readonly [N in CallName]: (args: CallInput<N>) => Promise<CallResult<N>> };

/** Where a bridge subscribes to the core's events; returns the unsubscribe function. */
export interface EventSource {
  onEvent(listener: (event: EventMessage) => void): () => void;
}

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'argument'}: ${issue.message}`)
    .join('; ');
}

/** The wire form of any error: typed errors keep their kind and location; the message is describeError's one line. */
export function toWireError(error: unknown): WireError {
  if (error instanceof EchoFileError) {
    return { kind: 'file', message: error.message, location: { path: error.path, line: error.line, column: error.column } };
  }
  if (error instanceof CancelledError) return { kind: 'cancelled', message: error.message };
  if (error instanceof UnavailableError) return { kind: 'unavailable', message: error.message };
  // One sentence for the page, whose button is the choice the CLI's message tells of.
  if (error instanceof DamagedDatabaseError) return { kind: 'damaged', message: describeDamagedDatabase(error) };
  return { kind: isInputError(error) ? 'input' : 'internal', message: describeError(error) };
}

/** Validates and runs one call. Resolves to a reply body whatever happens. */
export async function dispatchCall(handlers: CallHandlers, name: unknown, rawArgs: unknown): Promise<ReplyBody> {
  if (!isCallName(name)) return { ok: false, error: { kind: 'protocol', message: `unknown call '${String(name)}'` } };
  const spec = calls[name];
  const args = spec.args.safeParse(rawArgs ?? {});
  if (!args.success) return { ok: false, error: { kind: 'input', message: `${name}: ${describeIssues(args.error)}` } };
  let value: unknown;
  try {
    const handler = handlers[name] as (this: CallHandlers, args: unknown) => Promise<unknown>;
    value = await handler.call(handlers, args.data);
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
  // A result that breaks the contract is the core's bug: report it rather than pass it on.
  const result = spec.result.safeParse(value);
  if (!result.success) return { ok: false, error: { kind: 'internal', message: `${name} returned a malformed result: ${describeIssues(result.error)}` } };
  return { ok: true, value: result.data } as ReplyBody;
}

/** Checks an event against its schema before any transport sends it; throws a one-line Error. */
export function validateEvent(event: EventMessage): EventMessage {
  const schema = events[event.name] as z.ZodType | undefined;
  if (!schema) throw new Error(`unknown event '${String(event.name)}'`);
  const payload = schema.safeParse(event.payload);
  if (!payload.success) throw new Error(`${event.name}: ${describeIssues(payload.error)}`);
  return { type: 'event', name: event.name, payload: payload.data } as EventMessage;
}
