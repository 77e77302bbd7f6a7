// The native dialogs of the Electron face, given to the core as its NativeDialogs.
import type { BrowserWindow, Dialog } from 'electron';
import type { NativeDialogs } from '../core/workbench/native-dialogs.ts';

export function electronDialogs(dialog: Pick<Dialog, 'showOpenDialog'>, window: () => BrowserWindow | null): NativeDialogs {
  return {
    async chooseFolder({ title, forSaving }) {
      const properties: ('openDirectory' | 'createDirectory')[] = forSaving ? ['openDirectory', 'createDirectory'] : ['openDirectory'];
      const parent = window();
      const result = parent ? await dialog.showOpenDialog(parent, { title, properties }) : await dialog.showOpenDialog({ title, properties });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}
