// Every call of the contract has a handler in the workbench and on both bridges (IPC and WebSocket).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CALL_NAMES, calls, EVENT_NAMES, events, type CallReply } from '../../src-main/core/api/contract.ts';
import { Workbench } from '../../src-main/core/workbench/workbench.ts';
import { isAppUrl } from '../../src-main/electron/app-protocol.ts';
import { CALL_CHANNEL_PREFIX } from '../../src-main/electron/ipc-channels.ts';
import { registerContractIpc } from '../../src-main/electron/ipc.ts';
import { startLoopbackServer, type LoopbackServer } from '../../src-main/server/loopback-server.ts';
import { MockIpcMain } from '../unit/electron/electron-mock.ts';

let workspace: string;
let workbench: Workbench;
let server: LoopbackServer;

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'spin-echo-contract-'));
  workbench = await Workbench.open({ workspaceDir: workspace, mode: 'browser' });
  server = await startLoopbackServer({ handlers: workbench, events: workbench, staticDir: workspace, port: 0 });
});

afterAll(async () => {
  await server?.close();
  await workbench?.close();
  rmSync(workspace, { recursive: true, force: true });
});

describe('contract', () => {
  it('names each call and event once, each with its schemas', () => {
    expect(CALL_NAMES.length).toBeGreaterThan(0);
    expect(new Set([...CALL_NAMES, ...EVENT_NAMES]).size).toBe(CALL_NAMES.length + EVENT_NAMES.length);
    for (const name of CALL_NAMES) {
      expect(calls[name].args.safeParse('not an object').success, name).toBe(false);
      expect(typeof calls[name].result.safeParse, name).toBe('function');
    }
    for (const name of EVENT_NAMES) expect(events[name].safeParse(null).success, name).toBe(false);
  });

  it('has a workbench method for every call', () => {
    for (const name of CALL_NAMES) expect(typeof workbench[name], name).toBe('function');
  });

  it('has an IPC handler for every call', () => {
    const ipc = new MockIpcMain();
    registerContractIpc(ipc, workbench, isAppUrl);
    expect([...ipc.handlers.keys()].sort()).toEqual(CALL_NAMES.map((name) => CALL_CHANNEL_PREFIX + name).sort());
  });

  it('knows every call on the WebSocket', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const replies = new Map<number, CallReply>();
    const all = new Promise<void>((resolve) =>
      socket.on('message', (data) => {
        const reply = JSON.parse(data.toString()) as CallReply;
        if (reply.id !== null) replies.set(reply.id, reply);
        if (replies.size === CALL_NAMES.length) resolve();
      }),
    );
    CALL_NAMES.forEach((name, id) => socket.send(JSON.stringify({ type: 'call', id, name, args: {} })));
    await all;
    socket.close();
    CALL_NAMES.forEach((name, id) => {
      const reply = replies.get(id);
      // A call may refuse the empty argument (input) or be unavailable here, but never be unknown.
      expect(reply?.ok || reply?.error.kind !== 'protocol', `${name}: ${JSON.stringify(reply)}`).toBe(true);
    });
  });
});
