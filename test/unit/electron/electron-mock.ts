// A small stand-in for the `electron` module, as electron/fiddle keeps in tests/mocks: enough of
// the API for the glue under test to run, recording what it was asked to do.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export class MockIpcRenderer extends EventEmitter {
  invoke = vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => undefined);
}

export class MockIpcMain {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  handle = vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  });
  removeHandler = vi.fn((channel: string) => {
    this.handlers.delete(channel);
  });
}

export class MockWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler = vi.fn((handler: (details: { url: string }) => { action: string }) => {
    this.windowOpenHandler = handler;
  });
  send = vi.fn();
  printToPDF = vi.fn(async (_options: unknown) => Buffer.from('%PDF-1.7 mock'));
}

/** Emits an Electron-style cancellable event and tells whether a listener prevented it. */
export function emitCancellable(target: EventEmitter, name: string, ...args: unknown[]): boolean {
  let prevented = false;
  target.emit(name, { preventDefault: () => (prevented = true) }, ...args);
  return prevented;
}

export const ipcRenderer = new MockIpcRenderer();
export const ipcMain = new MockIpcMain();
export const contextBridge = { exposeInMainWorld: vi.fn() };
export const webUtils = { getPathForFile: vi.fn((_file: unknown): string => '') };

export class MockSession {
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  permissionCheckHandler: (() => boolean) | null = null;
  blocked: { filter: { urls: string[] }; listener: (details: unknown, callback: (response: { cancel: boolean }) => void) => void } | null = null;
  setPermissionRequestHandler = vi.fn((handler: MockSession['permissionRequestHandler']) => {
    this.permissionRequestHandler = handler;
  });
  setPermissionCheckHandler = vi.fn((handler: MockSession['permissionCheckHandler']) => {
    this.permissionCheckHandler = handler;
  });
  webRequest = {
    onBeforeRequest: vi.fn((filter: { urls: string[] }, listener: NonNullable<MockSession['blocked']>['listener']) => {
      this.blocked = { filter, listener };
    }),
  };
}

export class MockApp extends EventEmitter {
  hasLock = true;
  userData = '/tmp/spin-echo-mock-user-data';
  isPackaged = false;
  requestSingleInstanceLock = vi.fn(() => this.hasLock);
  whenReady = vi.fn(() => Promise.resolve());
  getPath = vi.fn(() => this.userData);
  quit = vi.fn();
  exit = vi.fn();
}

export class MockBrowserWindow extends EventEmitter {
  static readonly created: MockBrowserWindow[] = [];
  readonly webContents = new MockWebContents();
  loadURL = vi.fn(async () => undefined);
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn();
  maximize = vi.fn();
  isMinimized = vi.fn(() => false);
  isMaximized = vi.fn(() => false);
  getNormalBounds = vi.fn(() => ({ x: 0, y: 0, width: 1280, height: 820 }));
  destroyed = false;
  destroy = vi.fn(() => {
    this.destroyed = true;
  });
  isDestroyed = vi.fn(() => this.destroyed);

  constructor(readonly options: Record<string, unknown>) {
    super();
    MockBrowserWindow.created.push(this);
  }
}

export const app = new MockApp();
export const BrowserWindow = MockBrowserWindow;
export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
export const session = { defaultSession: new MockSession() };
export const screen = { getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]) };
export const Menu = { buildFromTemplate: vi.fn((template: unknown) => template), setApplicationMenu: vi.fn() };
export const dialog = { showOpenDialog: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })), showErrorBox: vi.fn() };
export const shell = { openPath: vi.fn(async () => ''), openExternal: vi.fn(async (_url: string) => undefined) };
export const utilityProcess = { fork: vi.fn() };

export default { app, BrowserWindow, contextBridge, dialog, ipcMain, ipcRenderer, Menu, protocol, screen, session, shell, utilityProcess };
