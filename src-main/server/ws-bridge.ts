// The WebSocket face of the contract: each message is a call, answered by a reply with its id;
// the core's events go to every connected page. Bad messages get an error reply, never a crash.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { CallReply, ServerMessage } from '../core/contract.ts';
import { dispatchCall, validateEvent, type CallHandlers, type EventSource } from '../core/contract-dispatch.ts';
import { describeError } from '../core/errors.ts';
import { decodeMessage, encodeMessage } from '../core/wire-codec.ts';
import type { Verdict } from './request-guard.ts';

export const WEBSOCKET_PATH = '/ws';

export interface BridgeOptions {
  readonly handlers: CallHandlers;
  readonly events: EventSource;
  readonly authorize: (request: IncomingMessage) => Verdict;
  /** Larger messages close the connection with code 1009; calls are small, data only flows out. */
  readonly maxMessageBytes: number;
}

function send(socket: WebSocket, message: ServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(encodeMessage(message));
}

function protocolError(id: number | null, message: string): CallReply {
  return { type: 'reply', id, ok: false, error: { kind: 'protocol', message } };
}

function frameOf(data: RawData, isBinary: boolean): string | Uint8Array {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  return isBinary ? buffer : buffer.toString('utf8');
}

/** Answers one incoming message; every path ends in exactly one reply. */
async function answer(handlers: CallHandlers, data: RawData, isBinary: boolean): Promise<CallReply> {
  let message: unknown;
  try {
    message = decodeMessage(frameOf(data, isBinary));
  } catch (error) {
    return protocolError(null, describeError(error));
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return protocolError(null, 'a message must be a JSON object');
  const { type, id, name, args } = message as Record<string, unknown>;
  const replyId = typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
  if (replyId === null) return protocolError(null, "a call needs an integer 'id'");
  if (type !== 'call') return protocolError(replyId, `unknown message type '${String(type)}'`);
  return { type: 'reply', id: replyId, ...(await dispatchCall(handlers, name, args)) };
}

/** Serves the contract on `server`'s upgrade requests to WEBSOCKET_PATH; returns the closer. */
export function attachWebSocketBridge(server: Server, options: BridgeOptions): { close(): void } {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });

  server.on('upgrade', (request: IncomingMessage, stream: Duplex, head: Buffer) => {
    const verdict = options.authorize(request);
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (!verdict.ok || path !== WEBSOCKET_PATH) {
      const status = verdict.ok ? '404 Not Found' : verdict.status === 401 ? '401 Unauthorized' : '403 Forbidden';
      stream.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, stream, head, (socket) => sockets.emit('connection', socket, request));
  });

  sockets.on('connection', (socket: WebSocket) => {
    // ws closes the socket itself (1009) on an oversized message; the listener keeps the error from
    // becoming an uncaught exception that would end the server.
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => {
      void answer(options.handlers, data, isBinary).then((reply) => send(socket, reply));
    });
  });

  const unsubscribe = options.events.onEvent((event) => {
    let checked;
    try {
      checked = validateEvent(event);
    } catch (error) {
      process.stderr.write(`spin-echo serve: dropped a malformed '${event.name}' event: ${describeError(error)}\n`);
      return;
    }
    const frame = encodeMessage(checked);
    for (const socket of sockets.clients) if (socket.readyState === socket.OPEN) socket.send(frame);
  });

  return {
    close() {
      unsubscribe();
      for (const socket of sockets.clients) socket.terminate();
      sockets.close();
    },
  };
}
