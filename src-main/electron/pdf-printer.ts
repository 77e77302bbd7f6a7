// Prints a report to PDF in a hidden, script-less window: the core's PdfPrinter for the Electron face.
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { PdfPrinter } from '../core/workbench/pdf-printer.ts';

/** The hidden window's options: no preload, no script, every isolation on; the report needs none. */
export const PRINT_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  show: false,
  width: 900,
  height: 1200,
  webPreferences: {
    javascript: false,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    webviewTag: false,
    spellcheck: false,
  },
};

type PrintWindow = Pick<BrowserWindow, 'loadURL' | 'destroy' | 'isDestroyed'> & { readonly webContents: Pick<BrowserWindow['webContents'], 'printToPDF'> };

/** A printer that loads the page as a data URL (it is self-contained) and prints it on A4 with its backgrounds. */
export function electronPdfPrinter(createWindow: (options: BrowserWindowConstructorOptions) => PrintWindow): PdfPrinter {
  return {
    async printToPdf(html) {
      const window = createWindow(PRINT_WINDOW_OPTIONS);
      try {
        await window.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
        const pdf = await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4', margins: { marginType: 'default' } });
        return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      } finally {
        if (!window.isDestroyed()) window.destroy();
      }
    },
  };
}
