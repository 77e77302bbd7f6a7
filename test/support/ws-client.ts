// A test client of the loopback server: typed calls over the WebSocket and a log of the events.
import WebSocket from 'ws';
import type { CallArgs, CallName, CallResult, EventMessage, ReplyBody, ServerMessage } from '../../src-main/core/api/contract.ts';
import { decodeMessage, encodeMessage } from '../../src-main/core/api/wire-codec.ts';

export class WsClient {
  readonly events: EventMessage[] = [];
  private readonly pending = new Map<number, (reply: ReplyBody) => void>();
  private readonly eventWaiters: { test: (event: EventMessage) => boolean; resolve: (event: EventMessage) => void }[] = [];
  private nextId = 1;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      const message = decodeMessage(isBinary ? (data as Buffer) : data.toString()) as ServerMessage;
      if (message.type === 'event') {
        this.events.push(message);
        for (const waiter of this.eventWaiters.splice(0)) {
          if (waiter.test(message)) waiter.resolve(message);
          else this.eventWaiters.push(waiter);
        }
      } else if (message.id !== null) {
        this.pending.get(message.id)?.(message);
        this.pending.delete(message.id);
      }
    });
  }

  static async connect(port: number, token: string): Promise<WsClient> {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new WsClient(socket);
  }

  /** The reply body, success or failure. */
  send<N extends CallName>(name: N, args: CallArgs<N>): Promise<ReplyBody<N>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve as (reply: ReplyBody) => void);
      this.socket.send(encodeMessage({ type: 'call', id, name, args }));
    });
  }

  /** The value; a failed call throws its wire error's message. */
  async call<N extends CallName>(name: N, args: CallArgs<N>): Promise<CallResult<N>> {
    const reply = await this.send(name, args);
    if (!reply.ok) throw new Error(`${name} failed (${reply.error.kind}): ${reply.error.message}`);
    return reply.value;
  }

  /** The first event (already received or to come) that passes `test`. */
  waitFor<E extends EventMessage>(test: (event: EventMessage) => event is E): Promise<E>;
  waitFor(test: (event: EventMessage) => boolean): Promise<EventMessage>;
  waitFor(test: (event: EventMessage) => boolean): Promise<EventMessage> {
    const seen = this.events.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.eventWaiters.push({ test, resolve }));
  }

  close(): void {
    this.socket.close();
  }
}
