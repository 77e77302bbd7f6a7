// The IPC bridge registers a handler for every contract call, checks sender and argument, and
// forwards only well-formed events.
import { describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, type EventMessage, type ReplyBody } from '../../../src-main/core/api/contract.ts';
import { APP_ENTRY, isAppUrl } from '../../../src-main/electron/app-protocol.ts';
import { CALL_CHANNEL_PREFIX } from '../../../src-main/electron/ipc-channels.ts';
import { forwardEvents, registerContractIpc } from '../../../src-main/electron/ipc.ts';
import { FakeEvents, fakeHandlers } from '../../support/fake-core.ts';
import { MockIpcMain } from './electron-mock.ts';

function setUp() {
  const ipc = new MockIpcMain();
  const chooseFolder = vi.fn(async () => ({ path: '/data/gauss' }));
  const dispose = registerContractIpc(ipc, fakeHandlers({ chooseFolder }), isAppUrl);
  const invoke = (name: string, args: unknown, url = APP_ENTRY) => {
    const handler = ipc.handlers.get(CALL_CHANNEL_PREFIX + name);
    if (!handler) throw new Error(`no handler for ${name}`);
    return handler({ senderFrame: { url } }, args) as Promise<ReplyBody>;
  };
  return { ipc, chooseFolder, dispose, invoke };
}

describe('registerContractIpc', () => {
  it('registers one handler per contract call, and removes them all again', () => {
    const { ipc, dispose } = setUp();
    expect([...ipc.handlers.keys()].sort()).toEqual(CALL_NAMES.map((name) => CALL_CHANNEL_PREFIX + name).sort());
    dispose();
    expect(ipc.handlers.size).toBe(0);
  });

  it('runs a valid call with its defaults filled in', async () => {
    const { invoke, chooseFolder } = setUp();
    await expect(invoke('chooseFolder', { title: 'Open' })).resolves.toEqual({ ok: true, value: { path: '/data/gauss' } });
    expect(chooseFolder).toHaveBeenCalledWith({ title: 'Open', forSaving: false });
  });

  it('rejects a wrong argument with an input error, without calling the core', async () => {
    const { invoke, chooseFolder } = setUp();
    const reply = await invoke('chooseFolder', { title: 7 });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'input', message: expect.stringContaining('title') } });
    await expect(invoke('chooseFolder', 'not an object')).resolves.toMatchObject({ ok: false, error: { kind: 'input' } });
    expect(chooseFolder).not.toHaveBeenCalled();
  });

  it('refuses calls from a frame that is not the app', async () => {
    const { invoke, chooseFolder } = setUp();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://workbenchx/index.html', '']) {
      await expect(invoke('chooseFolder', { title: 'Open' }, url)).resolves.toMatchObject({ ok: false, error: { kind: 'protocol' } });
    }
    expect(chooseFolder).not.toHaveBeenCalled();
  });
});

describe('forwardEvents', () => {
  it('sends well-formed events and drops malformed ones', () => {
    const events = new FakeEvents();
    const sent: EventMessage[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    const unsubscribe = forwardEvents(events, (event) => sent.push(event));
    const good: EventMessage = { type: 'event', name: 'menuCommand', payload: { command: 'export-submission' } };
    events.fire({ type: 'event', name: 'menuCommand', payload: { command: 'format-disk' } } as unknown as EventMessage);
    events.fire(good);
    unsubscribe();
    events.fire(good);
    expect(sent).toEqual([good]);
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining("dropped a malformed 'menuCommand' event"));
    stderr.mockRestore();
  });
});
