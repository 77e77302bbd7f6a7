// The preload exposes exactly the narrow pipe (call, onEvent) and turns a refused channel into a typed error.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { BridgeApi, EventMessage } from '../../../src-main/core/api/contract.ts';
import { CALL_CHANNEL_PREFIX, EVENT_CHANNEL } from '../../../src-main/electron/ipc-channels.ts';
import { contextBridge, ipcRenderer, webUtils } from './electron-mock.ts';

vi.mock('electron', () => import('./electron-mock.ts'));

let bridge: BridgeApi;

beforeAll(async () => {
  await import('../../../src-main/electron/preload.ts');
  expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = contextBridge.exposeInMainWorld.mock.calls[0] as [string, BridgeApi];
  expect(key).toBe('workbench');
  bridge = api;
});

describe('preload', () => {
  it('exposes only call, onEvent and pathForFile', () => {
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onEvent', 'pathForFile']);
  });

  it('gives the path of a dropped file or folder, and null for anything else', () => {
    webUtils.getPathForFile.mockImplementation((file: unknown) => {
      if (file === 'not a file') throw new TypeError('Error processing argument at index 0');
      return file === 'on disk' ? '/data/challenge' : '';
    });
    expect(bridge.pathForFile('on disk' as unknown as File)).toBe('/data/challenge');
    expect(bridge.pathForFile('in memory' as unknown as File)).toBeNull();
    expect(bridge.pathForFile('not a file' as unknown as File)).toBeNull();
  });

  it('sends a call on its own channel and returns the reply', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: [] });
    await expect(bridge.call('listDatasets', {})).resolves.toEqual({ ok: true, value: [] });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(`${CALL_CHANNEL_PREFIX}listDatasets`, {});
  });

  it('turns a channel without a handler into a protocol error', async () => {
    ipcRenderer.invoke.mockRejectedValueOnce(new Error("No handler registered for 'workbench:call:nope'"));
    const reply = await bridge.call('nope' as never, {});
    expect(reply).toMatchObject({ ok: false, error: { kind: 'protocol', message: expect.stringContaining("unknown call 'nope'") } });
  });

  it('delivers events until unsubscribed', () => {
    const received: EventMessage[] = [];
    const unsubscribe = bridge.onEvent((event) => received.push(event));
    const event: EventMessage = { type: 'event', name: 'jobProgress', payload: { jobId: 'a', done: 1, total: 2, etaSeconds: null } };
    ipcRenderer.emit(EVENT_CHANNEL, {}, event);
    unsubscribe();
    ipcRenderer.emit(EVENT_CHANNEL, {}, event);
    expect(received).toEqual([event]);
  });
});
