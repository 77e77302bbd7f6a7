// The UI's typed client of the contract, over IPC in Electron or a WebSocket in the browser.
import type { BridgeApi, CallArgs, CallName, CallResult, EventName, EventPayload } from '../../../src-main/core/api/contract.ts';
import { CallError } from './call-error.ts';
import { ipcTransport } from './ipc-transport.ts';
import type { LinkState, Transport } from './transport.ts';
import { socketUrl, websocketTransport } from './websocket-transport.ts';

declare global {
  interface Window {
    /** Present only in the Electron app, put there by the preload script. */
    readonly workbench?: BridgeApi;
  }
}

/** Calls whose argument can be left out entirely (every field optional). */
type ArgsTuple<N extends CallName> = {} extends CallArgs<N> ? [args?: CallArgs<N>] : [args: CallArgs<N>];

export class WorkbenchApi {
  constructor(private readonly transport: Transport) {}

  get transportKind(): Transport['kind'] {
    return this.transport.kind;
  }

  /** Runs a call; a failure throws CallError with the wire error's kind. */
  async call<N extends CallName>(name: N, ...args: ArgsTuple<N>): Promise<CallResult<N>> {
    const reply = await this.transport.call(name, args[0] ?? {});
    if (!reply.ok) throw new CallError(reply.error);
    return reply.value as CallResult<N>;
  }

  /** Listens to one event; returns the unsubscribe function. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.transport.onEvent((event) => {
      if (event.name === name) listener(event.payload as EventPayload<E>);
    });
  }

  onLinkState(listener: (state: LinkState) => void): () => void {
    return this.transport.onLinkState(listener);
  }

  /** Calls `listener` each time the link opens again after a drop, to catch up on what changed meanwhile. */
  onReconnect(listener: () => void): () => void {
    let dropped = false;
    return this.onLinkState((state) => {
      if (state === 'closed') dropped = true;
      if (state === 'open' && dropped) {
        dropped = false;
        listener();
      }
    });
  }
}

/** IPC when the preload is there, else the WebSocket of the server that served this page. */
export function connectWorkbench(): WorkbenchApi {
  return new WorkbenchApi(window.workbench ? ipcTransport(window.workbench) : websocketTransport(socketUrl(window.location)));
}
