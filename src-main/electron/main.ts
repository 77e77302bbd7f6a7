// The Electron main process: a single instance with one hardened window on the default workspace,
// the contract over IPC, the application menu, and the UI served from app://workbench.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell, utilityProcess } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeError } from '../core/errors.ts';
import { TrainerClient } from '../core/learn/trainer-client.ts';
import { Workbench } from '../core/workbench.ts';
import { describeDemoSeed, seedDemoWorkspace } from '../core/workspace/demo-workspace.ts';
import { resolveWorkspaceDir } from '../core/workspace/workspace-location.ts';
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

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  serveRenderer(protocol, RENDERER_DIR);
  const workspaceDir = resolveWorkspaceDir(undefined);
  const demo = describeDemoSeed(await seedDemoWorkspace(workspaceDir));
  if (demo) console.warn(demo);
  const workbench = await Workbench.open({
    workspaceDir,
    mode: 'electron',
    dialogs: electronDialogs(dialog, () => mainWindow),
    printer: electronPdfPrinter((options) => new BrowserWindow(options)),
    electronVersion: process.versions.electron ?? null,
    createTrainer: () => new TrainerClient(utilityTrainerTransport((path, args, options) => utilityProcess.fork(path, args, options), TRAINER_ENTRY)),
  });
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
