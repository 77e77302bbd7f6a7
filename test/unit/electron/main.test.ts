// The main process, run against the electron mock: a single instance, a hardened window on the
// app's own origin, the contract on IPC, and a clear error box when the workspace cannot open.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES } from '../../../src-main/core/api/contract.ts';
import { APP_ENTRY, APP_SCHEME } from '../../../src-main/electron/app-protocol.ts';
import { CALL_CHANNEL_PREFIX } from '../../../src-main/electron/ipc-channels.ts';
import { app, dialog, emitCancellable, ipcMain, Menu, MockBrowserWindow, MockWebContents, protocol } from './electron-mock.ts';

vi.mock('electron', () => import('./electron-mock.ts'));

const workspace = mkdtempSync(join(tmpdir(), 'spin-echo-main-'));
const previousWorkspace = process.env.SPIN_ECHO_WORKSPACE;

async function settled(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

beforeAll(async () => {
  process.env.SPIN_ECHO_WORKSPACE = workspace;
  app.userData = workspace;
  await import('../../../src-main/electron/main.ts');
  await settled(() => MockBrowserWindow.created[0]?.loadURL.mock.calls.length === 1);
});

afterAll(async () => {
  // The app holds its quit until the workbench has closed, then quits again.
  emitCancellable(app, 'will-quit');
  await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
  if (previousWorkspace === undefined) delete process.env.SPIN_ECHO_WORKSPACE;
  else process.env.SPIN_ECHO_WORKSPACE = previousWorkspace;
  rmSync(workspace, { recursive: true, force: true });
});

describe('main process', () => {
  it('registers the app scheme as privileged and takes the single-instance lock', () => {
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([expect.objectContaining({ scheme: APP_SCHEME })]);
    expect(app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(protocol.handle).toHaveBeenCalledWith(APP_SCHEME, expect.any(Function));
  });

  it('opens one window with isolated web preferences on the app origin', () => {
    expect(MockBrowserWindow.created).toHaveLength(1);
    const [window] = MockBrowserWindow.created;
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(window.loadURL).toHaveBeenCalledWith(APP_ENTRY);
    expect(dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it('serves every contract call on IPC', () => {
    for (const name of CALL_NAMES) expect(ipcMain.handlers.has(CALL_CHANNEL_PREFIX + name), name).toBe(true);
  });

  it('hardens every web contents the app creates', () => {
    const contents = new MockWebContents();
    app.emit('web-contents-created', {}, contents);
    expect(emitCancellable(contents, 'will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('forwards menu commands to the page as events', () => {
    const template = Menu.buildFromTemplate.mock.calls.at(-1)?.[0] as { submenu?: { id?: string; click?: () => void }[] }[];
    const item = template.flatMap((menu) => menu.submenu ?? []).find((entry) => entry.id === 'export-submission');
    item?.click?.();
    const [window] = MockBrowserWindow.created;
    expect(window.webContents.send).toHaveBeenCalledWith('workbench:event', { type: 'event', name: 'menuCommand', payload: { command: 'export-submission' } });
  });

  it('gives the workbench a PDF printer: a report call is answered, not refused as unavailable', async () => {
    const handler = ipcMain.handlers.get(CALL_CHANNEL_PREFIX + 'printReportPdf')!;
    const reply = await handler({ senderFrame: { url: APP_ENTRY } }, { exportId: 'exp-none' });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'input', message: expect.stringContaining("no export 'exp-none'") } });
  });

  it('brings the window back when a second instance starts', () => {
    const [window] = MockBrowserWindow.created;
    window.isMinimized.mockReturnValueOnce(true);
    app.emit('second-instance');
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });
});
