// The main window's options: remembered bounds, and web preferences with every isolation on.
import type { BrowserWindowConstructorOptions } from 'electron';
import { productName } from '../core/version.ts';
import type { WindowState } from './window-state.ts';

export function mainWindowOptions(preload: string, state: WindowState): BrowserWindowConstructorOptions {
  return {
    ...state.bounds,
    minWidth: 900,
    minHeight: 600,
    title: productName,
    // Shown once the page has painted, so the window never flashes empty.
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}
