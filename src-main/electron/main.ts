// The Electron main process: a single instance with one hardened window on the default workspace,
// the contract over IPC, the application menu, and the UI served from app://workbench.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell, utilityProcess } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeDamagedDatabase, describeError } from '../core/errors.ts';
import { DamagedDatabaseError, TrainerClient } from '../core/workspace/vocabulary.ts';
import { findServedUrl } from '../core/workspace/served-url.ts';
import { Workbench } from '../core/workbench/workbench.ts';
import { describeDemoSeed, seedDemoWorkspace } from '../core/workspace/demo-workspace.ts';
import { resolveWorkspaceDir } from '../core/workspace/workspace-location.ts';
import { WorkspaceBusyError } from '../core/workspace/workspace-lock.ts';
import { aboutText } from './about.ts';
import { APP_ENTRY, isAppUrl, registerAppScheme, serveRenderer } from './app-protocol.ts';
import { hardenSession, hardenWebContents } from './hardening.ts';
import { EVENT_CHANNEL } from './ipc-channels.ts';
import { closeBeforeQuit } from './graceful-quit.ts';
import { forwardEvents, registerContractIpc } from './ipc.ts';
import { menuTemplate, type MenuCommandName } from './menu.ts';
import { electronDialogs } from './native-dialogs.ts';
import { electronPdfPrinter } from './pdf-printer.ts';
import { utilityTrainerTransport } from './utility-trainer.ts';
import { mainWindowOptions } from './window-options.ts';
import { loadWindowState, trackWindowState } from './window-state.ts';

// This file runs bundled as out/electron/main.cjs, beside preload.cjs, trainer-utility.cjs and
// simulation-worker.cjs, and above out/renderer.
const BUNDLE_DIR = fileURLToPath(new URL('.', import.meta.url));
const RENDERER_DIR = join(BUNDLE_DIR, '..', 'renderer');
const PRELOAD = join(BUNDLE_DIR, 'preload.cjs');
const TRAINER_ENTRY = join(BUNDLE_DIR, 'trainer-utility.cjs');

let mainWindow: BrowserWindow | null = null;

async function openMainWindow(workbench: Workbench, workspaceDir: string): Promise<BrowserWindow> {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const state = loadWindowState(stateFile, screen.getAllDisplays().map((display) => display.workArea));
  const window = new BrowserWindow(mainWindowOptions(PRELOAD, state));
  if (state.maximized) window.maximize();
  trackWindowState(window, stateFile);
  window.once('ready-to-show', () => window.show());
  const stopForwarding = forwardEvents(workbench, (event) => window.webContents.send(EVENT_CHANNEL, event));
  window.on('closed', () => {
    stopForwarding();
    mainWindow = null;
  });
  const showAbout = async () => {
    const { message, detail } = aboutText(await workbench.getWorkspaceInfo());
    await dialog.showMessageBox(window, { type: 'info', title: 'About Spin Echo Workbench', message, detail });
  };
  const actions = {
    sendCommand: (command: MenuCommandName) => workbench.emit({ type: 'event', name: 'menuCommand', payload: { command } }),
    openWorkspaceFolder: () => void shell.openPath(workspaceDir),
    showAbout: () => void showAbout(),
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(actions, { platform: process.platform, developerTools: !app.isPackaged })));
  await window.loadURL(APP_ENTRY);
  return window;
}

/** Asks whether to start a fresh database in place of a damaged one; true to start it. */
async function chooseFreshDatabase(damage: DamagedDatabaseError): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: 'Spin Echo Workbench',
    message: 'The workspace database is damaged',
    detail: `${describeDamagedDatabase(damage)} A fresh database starts empty of runs and data sets; the damaged file and the data folders of the workspace are kept.`,
    buttons: ['Start a fresh database', 'Quit'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  return response === 0;
}

/** Points to the browser mode that has the workspace open, and opens it there if the user wants. */
async function offerServedWorkspace(url: string): Promise<void> {
  const { response } = await dialog.showMessageBox({
    type: 'info',
    title: 'Spin Echo Workbench',
    message: 'The workspace is open in the browser mode',
    detail: `Another Spin Echo Workbench serves this workspace at ${url}`,
    buttons: ['Open in the browser', 'Quit'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  if (response === 0) await shell.openExternal(url);
}

/** The workbench on the workspace, after the user's choice where its database is damaged; null to quit. */
async function openWorkbench(workspaceDir: string): Promise<Workbench | null> {
  const open = (recreateIfDamaged: boolean) =>
    Workbench.open({
      workspaceDir,
      mode: 'electron',
      dialogs: electronDialogs(dialog, () => mainWindow),
      printer: electronPdfPrinter((options) => new BrowserWindow(options)),
      electronVersion: process.versions.electron ?? null,
      createTrainer: () => new TrainerClient(utilityTrainerTransport((path, args, options) => utilityProcess.fork(path, args, options), TRAINER_ENTRY)),
      recreateIfDamaged,
    });
  // `npm start -- --fresh-database` passes the flag on, as it does to serve.
  if (process.argv.includes('--fresh-database')) return open(true);
  try {
    const demo = describeDemoSeed(await seedDemoWorkspace(workspaceDir));
    if (demo) console.warn(demo);
    return await open(false);
  } catch (error) {
    if (error instanceof DamagedDatabaseError) return (await chooseFreshDatabase(error)) ? open(true) : null;
    const url = error instanceof WorkspaceBusyError ? await findServedUrl(workspaceDir) : null;
    if (url === null) throw error;
    await offerServedWorkspace(url);
    return null;
  }
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  serveRenderer(protocol, RENDERER_DIR);
  const workspaceDir = resolveWorkspaceDir(undefined);
  const workbench = await openWorkbench(workspaceDir);
  if (!workbench) {
    app.quit();
    return;
  }
  registerContractIpc(ipcMain, workbench, isAppUrl);
  closeBeforeQuit(app, () => workbench.close());
  mainWindow = await openMainWindow(workbench, workspaceDir);
}

registerAppScheme(protocol);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isAppUrl));
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start).catch((error: unknown) => {
    // A busy or damaged workspace, say: one clear sentence, never a stack trace.
    dialog.showErrorBox('Spin Echo Workbench cannot start', describeError(error));
    app.exit(1);
  });
}
