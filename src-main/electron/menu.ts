// The application menu: data, simulation and export items that the UI carries out, the workspace
// folder, and an About box with the version and the ML backend.
import type { MenuItemConstructorOptions } from 'electron';
import type { EventPayload } from '../core/api/contract.ts';

export type MenuCommandName = EventPayload<'menuCommand'>['command'];

export interface MenuActions {
  /** Hands a command to the page, which runs it the way its own buttons do. */
  sendCommand(command: MenuCommandName): void;
  openWorkspaceFolder(): void;
  showAbout(): void;
}

export function menuTemplate(actions: MenuActions, options: { platform: NodeJS.Platform; developerTools: boolean }): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const about: MenuItemConstructorOptions = { id: 'about', label: 'About Spin Echo Workbench', click: () => actions.showAbout() };
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { id: 'open-data-folder', label: 'Open Data Folder…', accelerator: 'CmdOrCtrl+O', click: () => actions.sendCommand('open-data-folder') },
      { id: 'new-simulated-dataset', label: 'New Simulated Data Set…', accelerator: 'CmdOrCtrl+N', click: () => actions.sendCommand('new-simulated-dataset') },
      { id: 'export-submission', label: 'Export Submission…', accelerator: 'CmdOrCtrl+E', click: () => actions.sendCommand('export-submission') },
      { type: 'separator' },
      { id: 'open-workspace-folder', label: 'Open Workspace Folder', click: () => actions.openWorkspaceFolder() },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      ...(options.developerTools ? [{ role: 'toggleDevTools' } as const] : []),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  return [
    ...(isMac ? [{ label: 'Spin Echo Workbench', submenu: [about, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { type: 'separator' }, { role: 'quit' }] } satisfies MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
    { role: 'help', submenu: isMac ? [] : [about] },
  ];
}
