// The main process, against the electron mock, on a workspace it cannot simply open: a damaged
// database asks in a native box whether to start a fresh one (kept files stay), Quit quits; a
// workspace another browser-mode serve has open is offered there instead of failing.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { openWorkspace, type Workspace } from '../../../src-main/core/workspace/workspace.ts';
import { recordServedUrl } from '../../../src-main/core/workspace/served-url.ts';
import { startLoopbackServer, type LoopbackServer } from '../../../src-main/server/loopback-server.ts';
import { damagedCopies, KEPT_DATA_FILE, writeDamagedWorkspace } from '../../support/damaged-workspace.ts';
import { FakeEvents, fakeHandlers } from '../../support/fake-core.ts';

vi.mock('electron', () => import('./electron-mock.ts'));

const root = mkdtempSync(join(tmpdir(), 'spin-echo-main-choices-'));
const previousWorkspace = process.env.SPIN_ECHO_WORKSPACE;

afterAll(() => {
  if (previousWorkspace === undefined) delete process.env.SPIN_ECHO_WORKSPACE;
  else process.env.SPIN_ECHO_WORKSPACE = previousWorkspace;
  rmSync(root, { recursive: true, force: true });
});

function damagedWorkspace(name: string): string {
  return writeDamagedWorkspace(join(root, name));
}

type ElectronMock = typeof import('./electron-mock.ts');

/**
 * Loads main.ts afresh, as a new app start, on `workspace`, with the dialog answering `response`,
 * and waits until `settled`; returns the mock it talks to.
 */
async function startApp(workspace: string, response: number, settled: (electron: ElectronMock) => boolean): Promise<ElectronMock> {
  process.env.SPIN_ECHO_WORKSPACE = workspace;
  vi.resetModules();
  const electron = (await import('electron')) as unknown as ElectronMock;
  // The mock outlives the reset: forget the windows, listeners, IPC handlers and calls of the start before.
  electron.MockBrowserWindow.created.length = 0;
  electron.app.removeAllListeners();
  electron.ipcMain.handlers.clear();
  vi.clearAllMocks();
  electron.app.userData = workspace;
  // mockReset drops an answer queued for a start that never asked.
  electron.dialog.showMessageBox.mockReset().mockResolvedValueOnce({ response });
  await import('../../../src-main/electron/main.ts');
  await vi.waitFor(() => expect(settled(electron)).toBe(true), { timeout: 20_000 });
  return electron;
}

describe('main process on a damaged workspace database', () => {
  let started: ElectronMock | null = null;

  afterEach(async () => {
    // The app holds its quit until the workbench has closed: let it close now.
    started?.emitCancellable(started.app, 'will-quit');
    if (started?.MockBrowserWindow.created.length) await vi.waitFor(() => expect(started!.app.quit).toHaveBeenCalled());
    started = null;
  });

  it('asks, and on "Start a fresh database" opens the window, the damaged file and data folders kept', async () => {
    const workspace = damagedWorkspace('fresh');
    started = await startApp(workspace, 0, ({ MockBrowserWindow }) => MockBrowserWindow.created[0]?.loadURL.mock.calls.length === 1);
    const { dialog } = started;
    const [options] = dialog.showMessageBox.mock.calls[0] as unknown as [{ message: string; detail: string; buttons: string[] }];
    expect(options.message).toBe('The workspace database is damaged');
    expect(options.buttons).toEqual(['Start a fresh database', 'Quit']);
    const [kept] = damagedCopies(workspace);
    expect(options.detail).toContain(`it was kept as ${join(workspace, kept)}.`);
    expect(existsSync(join(workspace, kept))).toBe(true);
    expect(existsSync(join(workspace, KEPT_DATA_FILE))).toBe(true);
    expect(dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it('starts the fresh database without asking when started with --fresh-database', async () => {
    const workspace = damagedWorkspace('flag');
    process.argv.push('--fresh-database');
    try {
      started = await startApp(workspace, 1, ({ MockBrowserWindow }) => MockBrowserWindow.created[0]?.loadURL.mock.calls.length === 1);
    } finally {
      process.argv.pop();
    }
    expect(started.dialog.showMessageBox).not.toHaveBeenCalled();
    expect(damagedCopies(workspace)).toHaveLength(1);
    expect(existsSync(join(workspace, KEPT_DATA_FILE))).toBe(true);
  });

  it('quits on "Quit", opening nothing and leaving the damaged file aside', async () => {
    const workspace = damagedWorkspace('quit');
    started = await startApp(workspace, 1, ({ app }) => app.quit.mock.calls.length > 0);
    const { dialog, MockBrowserWindow } = started;
    expect(MockBrowserWindow.created).toHaveLength(0);
    expect(existsSync(join(workspace, 'workbench.sqlite'))).toBe(false);
    expect(damagedCopies(workspace)).toHaveLength(1);
    expect(dialog.showErrorBox).not.toHaveBeenCalled();
  });
});

describe('main process on a workspace a browser-mode serve has open', () => {
  let owner: Workspace;
  let server: LoopbackServer;

  afterEach(async () => {
    await server?.close();
    await owner?.close();
  });

  it('offers its URL and opens it in the browser instead of an error box', async () => {
    const workspace = join(root, 'served');
    owner = await openWorkspace(workspace);
    server = await startLoopbackServer({ handlers: fakeHandlers({}), events: new FakeEvents(), staticDir: root, port: 0 });
    const forget = recordServedUrl(workspace, server.url);
    const { dialog, shell, MockBrowserWindow } = await startApp(workspace, 0, ({ app }) => app.quit.mock.calls.length > 0);
    forget();
    expect(dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ message: 'The workspace is open in the browser mode', detail: expect.stringContaining(server.url) }));
    expect(shell.openExternal).toHaveBeenCalledWith(server.url);
    expect(MockBrowserWindow.created).toHaveLength(0);
    expect(dialog.showErrorBox).not.toHaveBeenCalled();
  });
});

describe('a second instance of the app', () => {
  it('quits at once, opening neither the workspace nor a window (the first instance comes to the front)', async () => {
    const workspace = join(root, 'second');
    const electron = (await import('electron')) as unknown as ElectronMock;
    electron.app.hasLock = false;
    try {
      const { app, MockBrowserWindow } = await startApp(workspace, 0, ({ app }) => app.quit.mock.calls.length > 0);
      expect(app.requestSingleInstanceLock).toHaveBeenCalled();
      expect(app.whenReady).not.toHaveBeenCalled();
      expect(MockBrowserWindow.created).toHaveLength(0);
      expect(existsSync(workspace)).toBe(false);
    } finally {
      electron.app.hasLock = true;
    }
  });
});
