// The browser transport matches replies to calls by id, holds calls until the link opens, fails
// calls in flight when it drops, and reconnects.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReplyBody } from '../../../src-main/core/api/contract.ts';
import { decodeMessage, encodeMessage } from '../../../src-main/core/api/wire-codec.ts';
import { socketUrl, websocketTransport } from '../../../src-renderer/src/lib/websocket-transport.ts';

/** A WebSocket double: the test opens, closes and answers it by hand. */
class FakeSocket {
  static readonly all: FakeSocket[] = [];
  readonly OPEN = 1;
  readonly sent: unknown[] = [];
  binaryType = 'blob';
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((event: { data: string | ArrayBuffer }) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }

  send(frame: string | Uint8Array): void {
    this.sent.push(decodeMessage(frame));
  }

  receive(message: unknown): void {
    const frame = encodeMessage(message);
    this.onmessage?.({ data: typeof frame === 'string' ? frame : (frame.buffer as ArrayBuffer) });
  }
}

beforeEach(() => {
  FakeSocket.all.length = 0;
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('websocketTransport', () => {
  it('takes the token from the page URL', () => {
    expect(socketUrl({ host: '127.0.0.1:5000', search: '?token=a+b/c' } as Location)).toBe('ws://127.0.0.1:5000/ws?token=a%20b%2Fc');
    expect(socketUrl({ host: 'localhost:5000', search: '' } as Location)).toBe('ws://localhost:5000/ws');
  });

  it('holds calls until the link opens, then matches replies by id in any order', async () => {
    const transport = websocketTransport('ws://x/ws');
    const first = transport.call('listDatasets', {});
    const second = transport.call('getWorkspaceInfo', {});
    const [socket] = FakeSocket.all;
    expect(socket.sent).toEqual([]);
    socket.onopen?.();
    expect(socket.sent).toEqual([
      { type: 'call', id: 1, name: 'listDatasets', args: {} },
      { type: 'call', id: 2, name: 'getWorkspaceInfo', args: {} },
    ]);
    socket.receive({ type: 'reply', id: 2, ok: false, error: { kind: 'input', message: 'no' } });
    socket.receive({ type: 'reply', id: 1, ok: true, value: { curves: new Float32Array([1, 2]) } });
    await expect(second).resolves.toEqual({ ok: false, error: { kind: 'input', message: 'no' } });
    const reply = (await first) as Extract<ReplyBody, { ok: true }>;
    expect(reply.value).toEqual({ curves: new Float32Array([1, 2]) });
  });

  it('fails calls in flight when the link drops, reconnects, and delivers events', async () => {
    const transport = websocketTransport('ws://x/ws');
    const states: string[] = [];
    transport.onLinkState((state) => states.push(state));
    const events: unknown[] = [];
    transport.onEvent((event) => events.push(event));
    const [socket] = FakeSocket.all;
    socket.onopen?.();
    const inFlight = transport.call('listDatasets', {});
    socket.onclose?.();
    await expect(inFlight).resolves.toMatchObject({ ok: false, error: { message: expect.stringMatching(/lost/) } });
    const waiting = transport.call('listDatasets', {});
    vi.advanceTimersByTime(300);
    expect(FakeSocket.all).toHaveLength(2);
    const again = FakeSocket.all[1];
    again.onopen?.();
    expect(again.sent).toEqual([{ type: 'call', id: 2, name: 'listDatasets', args: {} }]);
    again.receive({ type: 'reply', id: 2, ok: true, value: [] });
    await expect(waiting).resolves.toEqual({ ok: true, value: [] });
    again.receive({ type: 'event', name: 'jobProgress', payload: { jobId: 'j', done: 1, total: 1, etaSeconds: 0 } });
    expect(events).toHaveLength(1);
    expect(states).toEqual(['connecting', 'open', 'closed', 'connecting', 'open']);
  });
});
