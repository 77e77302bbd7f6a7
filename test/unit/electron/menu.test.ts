// The menu offers the data, simulation and export commands, the workspace folder and About, and
// each item does what it says.
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from '../../../src-main/electron/menu.ts';

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

function click(template: MenuItemConstructorOptions[], id: string): void {
  const item = items(template).find((entry) => entry.id === id);
  if (!item?.click) throw new Error(`no clickable item '${id}'`);
  (item.click as () => void)();
}

describe('menuTemplate', () => {
  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    it(`wires every item on ${platform}`, () => {
      const actions = { sendCommand: vi.fn(), openWorkspaceFolder: vi.fn(), showAbout: vi.fn() };
      const template = menuTemplate(actions, { platform, developerTools: false });
      click(template, 'open-data-folder');
      click(template, 'new-simulated-dataset');
      click(template, 'export-submission');
      expect(actions.sendCommand.mock.calls).toEqual([['open-data-folder'], ['new-simulated-dataset'], ['export-submission']]);
      click(template, 'open-workspace-folder');
      expect(actions.openWorkspaceFolder).toHaveBeenCalledOnce();
      click(template, 'about');
      expect(actions.showAbout).toHaveBeenCalledOnce();
      expect(items(template).some((item) => item.role === 'toggleDevTools')).toBe(false);
    });
  }
});
