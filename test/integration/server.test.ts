// The loopback server refuses requests without the right token or host, answers bad messages with
// clear errors and stays alive after each of them.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { CallReply, ServerMessage } from '../../src-main/core/api/contract.ts';
import { InputError } from '../../src-main/core/errors.ts';
import { UnavailableError } from '../../src-main/core/workbench/native-dialogs.ts';
import { decodeMessage } from '../../src-main/core/api/wire-codec.ts';
import { startLoopbackServer, type LoopbackServer } from '../../src-main/server/loopback-server.ts';
import { FAKE_WORKSPACE_INFO, FakeEvents, fakeHandlers } from '../support/fake-core.ts';

const info = FAKE_WORKSPACE_INFO;

let server: LoopbackServer;
let staticDir: string;
const events = new FakeEvents();

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'spin-echo-static-'));
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(staticDir, '..', 'spin-echo-secret.txt'), 'secret');
  server = await startLoopbackServer({
    handlers: fakeHandlers({
      getWorkspaceInfo: async () => info,
      chooseFolder: async () => {
        throw new UnavailableError('choosing a folder');
      },
    }),
    events,
    staticDir,
    port: 0,
    maxMessageBytes: 64 * 1024,
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(staticDir, { recursive: true, force: true });
  rmSync(join(staticDir, '..', 'spin-echo-secret.txt'), { force: true });
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A connected client that collects every message it receives. */
async function connect(token = server.token): Promise<{ socket: WebSocket; messages: ServerMessage[]; next(): Promise<ServerMessage> }> {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${token}`);
  const messages: ServerMessage[] = [];
  const waiting: ((message: ServerMessage) => void)[] = [];
  socket.on('message', (data, isBinary) => {
    const message = decodeMessage(isBinary ? (data as Buffer) : data.toString()) as ServerMessage;
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else messages.push(message);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    messages,
    next: () => {
      const queued = messages.shift();
      return queued ? Promise.resolve(queued) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

async function validCallWorks(): Promise<void> {
  const client = await connect();
  client.socket.send(JSON.stringify({ type: 'call', id: 99, name: 'getWorkspaceInfo', args: {} }));
  expect(await client.next()).toEqual({ type: 'reply', id: 99, ok: true, value: info });
  client.socket.close();
}

describe('HTTP', () => {
  it('refuses a request without a token with 401', async () => {
    const response = await get('/');
    expect(response.status).toBe(401);
    expect(response.body).toMatch(/token/);
  });

  it('refuses a wrong token with 401', async () => {
    expect((await get('/?token=nope')).status).toBe(401);
    expect((await get(`/?token=${server.token}x`)).status).toBe(401);
  });

  it('serves the UI with the token, with strict headers and a session cookie for its assets', async () => {
    const response = await get(`/?token=${server.token}`);
    expect(response.status).toBe(200);
    expect(response.body).toContain('<title>t</title>');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const cookie = String(response.headers['set-cookie']).split(';')[0];
    const asset = await get('/assets/app.js', { cookie });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  it('refuses a foreign Host header (DNS rebinding) with 403', async () => {
    const response = await get(`/?token=${server.token}`, { host: `evil.example:${server.port}` });
    expect(response.status).toBe(403);
  });

  it('never serves a file outside the UI folder', async () => {
    for (const path of ['/../spin-echo-secret.txt', '/%2e%2e/spin-echo-secret.txt', '/assets/..%2f..%2fspin-echo-secret.txt', '/assets/', '/%00']) {
      const response = await get(path + (path.includes('?') ? '&' : '?') + `token=${server.token}`);
      expect(response.status, path).toBe(404);
      expect(response.body).not.toContain('secret');
    }
  });
});

describe('start-up', () => {
  it('says which port is taken, as bad input', async () => {
    const attempt = startLoopbackServer({ handlers: fakeHandlers({}), events: new FakeEvents(), staticDir, port: server.port });
    await expect(attempt).rejects.toThrow(/in use/);
    await expect(attempt).rejects.toBeInstanceOf(InputError);
  });
});

describe('WebSocket', () => {
  it('refuses an upgrade without or with a wrong token', async () => {
    for (const url of [`ws://127.0.0.1:${server.port}/ws`, `ws://127.0.0.1:${server.port}/ws?token=wrong`]) {
      const status = await new Promise<number>((resolve) => {
        const socket = new WebSocket(url);
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('error', () => resolve(-1));
      });
      expect(status).toBe(401);
    }
    await validCallWorks();
  });

  it('answers a call with its id', async () => {
    await validCallWorks();
  });

  it('answers malformed JSON with a protocol error and keeps the connection', async () => {
    const client = await connect();
    client.socket.send('{"type": "call", "id": 1,');
    const reply = (await client.next()) as CallReply;
    expect(reply).toMatchObject({ type: 'reply', id: null, ok: false, error: { kind: 'protocol' } });
    expect(reply.ok === false && reply.error.message).toMatch(/malformed JSON/);
    client.socket.send(JSON.stringify({ type: 'call', id: 2, name: 'getWorkspaceInfo', args: {} }));
    expect(await client.next()).toMatchObject({ id: 2, ok: true });
    client.socket.close();
  });

  it('answers an unknown call with a protocol error carrying the request id', async () => {
    const client = await connect();
    client.socket.send(JSON.stringify({ type: 'call', id: 7, name: 'dropAllTables', args: {} }));
    expect(await client.next()).toEqual({ type: 'reply', id: 7, ok: false, error: { kind: 'protocol', message: "unknown call 'dropAllTables'" } });
    client.socket.send(JSON.stringify({ type: 'call', id: 8, name: 'toString', args: {} }));
    expect(await client.next()).toMatchObject({ id: 8, ok: false, error: { kind: 'protocol' } });
    client.socket.close();
    await validCallWorks();
  });

  it('answers a wrong argument type with an input error naming the argument', async () => {
    const client = await connect();
    client.socket.send(JSON.stringify({ type: 'call', id: 3, name: 'chooseFolder', args: { title: 42 } }));
    const reply = (await client.next()) as CallReply;
    expect(reply).toMatchObject({ id: 3, ok: false, error: { kind: 'input' } });
    expect(reply.ok === false && reply.error.message).toMatch(/title/);
    client.socket.send(JSON.stringify({ type: 'call', id: 4, name: 'getWorkspaceInfo', args: { unexpected: true } }));
    expect(await client.next()).toMatchObject({ id: 4, ok: false, error: { kind: 'input' } });
    client.socket.send(JSON.stringify({ type: 'call', id: 'five', name: 'getWorkspaceInfo', args: {} }));
    expect(await client.next()).toMatchObject({ id: null, ok: false, error: { kind: 'protocol' } });
    client.socket.close();
    await validCallWorks();
  });

  it('passes a typed error of the core through with its kind', async () => {
    const client = await connect();
    client.socket.send(JSON.stringify({ type: 'call', id: 5, name: 'chooseFolder', args: { title: 'Open' } }));
    expect(await client.next()).toMatchObject({ id: 5, ok: false, error: { kind: 'unavailable', message: expect.stringMatching(/type a path/) } });
    client.socket.close();
  });

  it('closes a connection that sends an oversized message, and stays alive', async () => {
    const client = await connect();
    const closed = new Promise<number>((resolve) => client.socket.on('close', (code) => resolve(code)));
    client.socket.send(JSON.stringify({ type: 'call', id: 6, name: 'getWorkspaceInfo', args: { pad: 'x'.repeat(100 * 1024) } }));
    expect(await closed).toBe(1009);
    await validCallWorks();
  });

  it('forwards core events to connected pages and drops malformed ones, saying so on stderr', async () => {
    const client = await connect();
    // A deliberately malformed event: its warning is caught here, not left in the test log.
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      events.fire({ type: 'event', name: 'jobProgress', payload: { jobId: 'j', done: -1, total: 2, etaSeconds: null } });
      expect(stderr).toHaveBeenCalledWith("spin-echo serve: dropped a malformed 'jobProgress' event: jobProgress: done: Too small: expected number to be >=0\n");
    } finally {
      stderr.mockRestore();
    }
    events.fire({ type: 'event', name: 'jobProgress', payload: { jobId: 'j', done: 1, total: 2, etaSeconds: 3 } });
    expect(await client.next()).toEqual({ type: 'event', name: 'jobProgress', payload: { jobId: 'j', done: 1, total: 2, etaSeconds: 3 } });
    client.socket.close();
  });
});
