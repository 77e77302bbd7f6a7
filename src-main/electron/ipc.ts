// The Electron face of the contract: one ipcMain handler per call, each checking its sender and its
// argument through the shared dispatcher, and the core's events forwarded to the window.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CALL_NAMES, type EventMessage, type ReplyBody } from '../core/api/contract.ts';
import { dispatchCall, validateEvent, type CallHandlers, type EventSource } from '../core/api/contract-dispatch.ts';
import { describeError } from '../core/errors.ts';
import { CALL_CHANNEL_PREFIX } from './ipc-channels.ts';

/** Registers every call of the contract; returns the function that removes them again. */
export function registerContractIpc(
  ipc: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: CallHandlers,
  isTrustedUrl: (url: string) => boolean,
): () => void {
  for (const name of CALL_NAMES) {
    ipc.handle(CALL_CHANNEL_PREFIX + name, async (event: IpcMainInvokeEvent, args: unknown): Promise<ReplyBody> => {
      // Only the app's own page may call: never a frame that navigated elsewhere or was injected.
      const url = event.senderFrame?.url ?? '';
      if (!isTrustedUrl(url)) return { ok: false, error: { kind: 'protocol', message: `calls from ${url || 'an unknown frame'} are refused` } };
      return dispatchCall(handlers, name, args);
    });
  }
  return () => {
    for (const name of CALL_NAMES) ipc.removeHandler(CALL_CHANNEL_PREFIX + name);
  };
}

/** Sends each core event, checked against the contract, through `send`; returns the unsubscribe function. */
export function forwardEvents(events: EventSource, send: (event: EventMessage) => void): () => void {
  return events.onEvent((event) => {
    try {
      send(validateEvent(event));
    } catch (error) {
      process.stderr.write(`spin-echo: dropped a malformed '${event.name}' event: ${describeError(error)}\n`);
    }
  });
}
