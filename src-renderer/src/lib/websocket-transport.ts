// The browser transport: calls over a WebSocket to the loopback server, matched to replies by id,
// with reconnection; calls made while the link is down wait for it, those in flight when it drops fail.
import type { CallName, EventMessage, ReplyBody, ServerMessage } from '../../../src-main/core/api/contract.ts';
import { decodeMessage, encodeMessage } from '../../../src-main/core/api/wire-codec.ts';
import type { LinkState, Transport } from './transport.ts';

interface Pending {
  readonly frame: string | Uint8Array;
  readonly resolve: (reply: ReplyBody) => void;
  sent: boolean;
}

const LOST: ReplyBody = { ok: false, error: { kind: 'protocol', message: 'the connection to the workbench was lost; try again' } };
const MAX_BACKOFF_MS = 5000;

/** The server's URL for this page; the token comes from the page's own URL (or its session cookie). */
export function socketUrl(location: Location): string {
  const token = new URLSearchParams(location.search).get('token');
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  return `ws://${location.host}/ws${query}`;
}

export function websocketTransport(url: string): Transport {
  const pending = new Map<number, Pending>();
  const eventListeners = new Set<(event: EventMessage) => void>();
  const stateListeners = new Set<(state: LinkState) => void>();
  let socket: WebSocket;
  let nextId = 1;
  let backoff = 250;
  let state: LinkState = 'connecting';

  function setState(next: LinkState): void {
    state = next;
    for (const listener of stateListeners) listener(next);
  }

  function receive(message: ServerMessage): void {
    if (message.type === 'event') {
      for (const listener of eventListeners) listener(message);
      return;
    }
    if (message.id === null) return;
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    call.resolve(message.ok ? { ok: true, value: message.value } : { ok: false, error: message.error });
  }

  function open(): void {
    setState('connecting');
    socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      backoff = 250;
      setState('open');
      for (const call of pending.values()) {
        socket.send(call.frame);
        call.sent = true;
      }
    };
    socket.onmessage = (event: MessageEvent<string | ArrayBuffer>) => receive(decodeMessage(event.data) as ServerMessage);
    socket.onclose = () => {
      // A call already sent may or may not have run: fail it rather than run it twice.
      for (const [id, call] of pending) {
        if (!call.sent) continue;
        pending.delete(id);
        call.resolve(LOST);
      }
      setState('closed');
      setTimeout(open, backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    };
  }

  open();
  return {
    kind: 'websocket',
    call(name: CallName, args: unknown) {
      const id = nextId++;
      const frame = encodeMessage({ type: 'call', id, name, args });
      return new Promise<ReplyBody>((resolve) => {
        const call: Pending = { frame, resolve, sent: false };
        pending.set(id, call);
        if (state === 'open') {
          socket.send(frame);
          call.sent = true;
        }
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onLinkState(listener) {
      stateListeners.add(listener);
      listener(state);
      return () => stateListeners.delete(listener);
    },
  };
}
