// Backpressure per WebSocket: a page that stops reading its socket (300 getCurves calls of 1 MB each,
// as a stuck tab would send) neither grows the server's memory nor slows other pages. Its calls wait
// while its unsent bytes are over the limit, it is closed (1008) when it stays there, and what it
// held is freed; a page that only reads slowly gets every reply.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '../../src-main/core/api/contract.ts';
import { decodeMessage, encodeMessage } from '../../src-main/core/api/wire-codec.ts';
import { startLoopbackServer, type LoopbackServer } from '../../src-main/server/loopback-server.ts';
import { FAKE_WORKSPACE_INFO, FakeEvents, fakeHandlers } from '../support/fake-core.ts';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const REPLY_BYTES = 1024 * 1024;
const CALLS = 300;
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const STALL_TIMEOUT_MS = 2000;
const MB = 1024 * 1024;

const info = FAKE_WORKSPACE_INFO;

let answered = 0;
let server: LoopbackServer;
const staticDir = mkdtempSync(join(tmpdir(), 'spin-echo-backpressure-'));

beforeAll(async () => {
  server = await startLoopbackServer({
    handlers: fakeHandlers({
      getWorkspaceInfo: async () => info,
      // A fresh 1 MB page of curves per call, as the real core reads one from disk.
      getCurves: async ({ datasetId, split }) => {
        answered++;
        return { datasetId, split, total: CALLS, length: 471, indices: new Int32Array([answered]), curves: new Float32Array(REPLY_BYTES / 4), labels: null };
      },
    }),
    events: new FakeEvents(),
    staticDir,
    port: 0,
    backpressure: { maxBufferedBytes: MAX_BUFFERED_BYTES, stallTimeoutMs: STALL_TIMEOUT_MS },
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(staticDir, { recursive: true, force: true });
});

async function open(): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return socket;
}

function sendCurveCalls(socket: WebSocket, count: number): void {
  for (let id = 1; id <= count; id++) socket.send(encodeMessage({ type: 'call', id, name: 'getCurves', args: { datasetId: 'ds-1', offset: 0, limit: 100 } }));
}

/** Bytes held in buffers outside the V8 heap (socket buffers, typed arrays), after a full collection. */
function heldBytes(): number {
  collectGarbage();
  const { arrayBuffers, external } = process.memoryUsage();
  return arrayBuffers + external;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('a page that stops reading its WebSocket', () => {
  it('has its calls wait while over the limit, leaves other pages unaffected, and is closed and freed when it stays over', async () => {
    const before = heldBytes();
    const stalled = await open();
    stalled.pause();
    answered = 0;
    sendCurveCalls(stalled, CALLS);
    await sleep(800);
    const answeredWhileStalled = answered;
    const heldWhileStalled = heldBytes() - before;
    console.info(`stalled page: ${answeredWhileStalled} of ${CALLS} calls answered, ${(heldWhileStalled / MB).toFixed(1)} MB held`);
    // The kernel's socket buffers take a dozen replies; the rest wait unanswered. Without
    // backpressure all 300 were answered and about 600 MB held.
    expect(answeredWhileStalled).toBeLessThan(40);
    expect(heldWhileStalled).toBeLessThan(96 * MB);

    // Another page is answered at once meanwhile.
    const other = await open();
    const reply = new Promise<ServerMessage>((resolve) => other.once('message', (data, isBinary) => resolve(decodeMessage(isBinary ? (data as Buffer) : data.toString()) as ServerMessage)));
    const asked = performance.now();
    other.send(encodeMessage({ type: 'call', id: 1, name: 'getWorkspaceInfo', args: {} }));
    expect(await reply).toEqual({ type: 'reply', id: 1, ok: true, value: info });
    expect(performance.now() - asked).toBeLessThan(1000);

    // Still over the limit after the stall timeout: closed with 1008, said once on stderr, memory back.
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await vi.waitFor(() => expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/^spin-echo serve: closed a page that stopped reading its messages \(1008: .*\)\n$/)), {
        timeout: STALL_TIMEOUT_MS * 4,
        interval: 100,
      });
    } finally {
      stderr.mockRestore();
    }
    await vi.waitFor(() => expect(heldBytes() - before).toBeLessThan(8 * MB), { timeout: 10_000, interval: 200 });
    expect(answered).toBeLessThan(40);
    stalled.terminate();
    other.close();
  });
});

describe('a page that reads slowly', () => {
  it('gets every reply, in order, once it reads again', async () => {
    const slow = await open();
    slow.pause();
    const ids: number[] = [];
    const all = new Promise<void>((resolve) =>
      slow.on('message', (data, isBinary) => {
        const message = decodeMessage(isBinary ? (data as Buffer) : data.toString()) as ServerMessage;
        if (message.type === 'reply' && message.ok && message.id !== null) ids.push(message.id);
        if (ids.length === 40) resolve();
      }),
    );
    sendCurveCalls(slow, 40);
    await sleep(STALL_TIMEOUT_MS / 2);
    slow.resume();
    await all;
    expect(ids).toEqual(Array.from({ length: 40 }, (_, k) => k + 1));
    slow.close();
  });
});
