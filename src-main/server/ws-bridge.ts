// The WebSocket face of the contract: each message is a call, answered by a reply with its id;
// the core's events go to every connected page. Bad messages get an error reply, never a crash.
// Each socket has backpressure: while its unsent bytes are over a limit its calls wait (and it is
// no longer read), and a socket that stays over the limit is closed, so that a page that stops
// reading cannot grow the server's memory or slow the other pages.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { CallReply, ServerMessage } from '../core/api/contract.ts';
import { dispatchCall, validateEvent, type CallHandlers, type EventSource } from '../core/api/contract-dispatch.ts';
import { describeError } from '../core/errors.ts';
import { decodeMessage, encodeMessage } from '../core/api/wire-codec.ts';
import type { Verdict } from './request-guard.ts';

export const WEBSOCKET_PATH = '/ws';

export interface BridgeOptions {
  readonly handlers: CallHandlers;
  readonly events: EventSource;
  readonly authorize: (request: IncomingMessage) => Verdict;
  /** Larger messages close the connection with code 1009; calls are small, data only flows out. */
  readonly maxMessageBytes: number;
  readonly backpressure?: Partial<Backpressure>;
}

export interface Backpressure {
  /** Unsent bytes a socket may hold before its calls wait. */
  readonly maxBufferedBytes: number;
  /** How long a socket may stay over that limit, sending nothing out, before it is closed with 1008. */
  readonly stallTimeoutMs: number;
}

const DEFAULT_BACKPRESSURE: Backpressure = { maxBufferedBytes: 16 * 1024 * 1024, stallTimeoutMs: 60_000 };
/** Calls of one socket answered at once; the others wait their turn, in order. */
const CONCURRENT_CALLS = 8;
/** Calls a socket may have waiting before it is no longer read (the kernel then holds the rest). */
const MAX_WAITING_CALLS = 64;
/** How often a socket over the limit is looked at again. */
const RECHECK_MS = 50;
/** A closed stalled socket cannot take its close frame (it is behind the unsent bytes): it is ended after this. */
const CLOSE_GRACE_MS = 1000;
const POLICY_VIOLATION = 1008;

function send(socket: WebSocket, message: ServerMessage, sent?: () => void): void {
  if (socket.readyState === socket.OPEN) socket.send(encodeMessage(message), sent);
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

/**
 * One socket's calls, answered in turn while its unsent bytes are under the limit. Over it, the
 * calls wait and the socket is not read; still over it after the stall timeout, it is closed.
 */
class SocketCalls {
  private readonly waiting: { data: RawData; isBinary: boolean }[] = [];
  private answering = 0;
  /** Since when the socket is over the limit without sending anything out, and its unsent bytes then. */
  private stuckSince: number | null = null;
  private stuckAt = 0;
  private recheck: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly handlers: CallHandlers,
    private readonly limits: Backpressure,
  ) {
    socket.on('close', () => this.dispose());
  }

  receive(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    this.waiting.push({ data, isBinary });
    if (this.waiting.length >= MAX_WAITING_CALLS && !this.socket.isPaused) this.socket.pause();
    this.pump();
  }

  /** Answers what may be answered now; called on every arrival, sent reply and recheck. */
  pump(): void {
    if (this.closed) return;
    while (this.waiting.length > 0 && this.answering < CONCURRENT_CALLS && !this.overLimit()) {
      const { data, isBinary } = this.waiting.shift()!;
      this.answering++;
      void answer(this.handlers, data, isBinary).then((reply) => {
        this.answering--;
        send(this.socket, reply, () => this.pump());
        this.pump();
      });
    }
    if (this.socket.isPaused && this.waiting.length < MAX_WAITING_CALLS / 2 && !this.overLimit()) this.socket.resume();
    this.watch();
  }

  /**
   * Starts or stops looking again, and closes the socket when it stays over the limit with nothing
   * going out for the stall timeout: a slow link that drains is never closed, a stalled page is.
   */
  private watch(): void {
    if (!this.overLimit()) {
      this.stuckSince = null;
      if (this.recheck) clearTimeout(this.recheck);
      this.recheck = null;
      return;
    }
    const now = performance.now();
    const unsent = this.socket.bufferedAmount;
    if (this.stuckSince === null || unsent < this.stuckAt) {
      this.stuckSince = now;
      this.stuckAt = unsent;
    }
    if (now - this.stuckSince >= this.limits.stallTimeoutMs) {
      this.closeStalled();
      return;
    }
    this.recheck ??= setTimeout(() => {
      this.recheck = null;
      this.pump();
    }, RECHECK_MS);
  }

  private overLimit(): boolean {
    return this.socket.bufferedAmount > this.limits.maxBufferedBytes;
  }

  private closeStalled(): void {
    const megabytes = Math.round(this.socket.bufferedAmount / (1024 * 1024));
    const reason = `not reading: ${megabytes} MB unsent for ${Math.round(this.limits.stallTimeoutMs / 1000)} s`;
    process.stderr.write(`spin-echo serve: closed a page that stopped reading its messages (${POLICY_VIOLATION}: ${reason})\n`);
    this.socket.close(POLICY_VIOLATION, reason);
    const socket = this.socket;
    setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
    this.dispose();
  }

  /** Forgets the waiting calls and timers; replies still being computed are dropped by send(). */
  private dispose(): void {
    this.closed = true;
    this.waiting.length = 0;
    if (this.recheck) clearTimeout(this.recheck);
    this.recheck = null;
  }
}

/** Serves the contract on `server`'s upgrade requests to WEBSOCKET_PATH; returns the closer. */
export function attachWebSocketBridge(server: Server, options: BridgeOptions): { close(): void } {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
  const limits: Backpressure = { ...DEFAULT_BACKPRESSURE, ...options.backpressure };
  const calls = new WeakMap<WebSocket, SocketCalls>();

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
    const socketCalls = new SocketCalls(socket, options.handlers, limits);
    calls.set(socket, socketCalls);
    socket.on('message', (data, isBinary) => socketCalls.receive(data, isBinary));
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
    // Events count towards a socket's unsent bytes too: one that no longer reads is closed in time.
    for (const socket of sockets.clients) {
      if (socket.readyState !== socket.OPEN) continue;
      socket.send(frame);
      calls.get(socket)?.pump();
    }
  });

  return {
    close() {
      unsubscribe();
      for (const socket of sockets.clients) socket.terminate();
      sockets.close();
    },
  };
}
