// The Electron PDF printer against the electron mock: a hidden window without script loads the
// report as a data URL, prints it with its backgrounds, and is destroyed whatever happens.
import { describe, expect, it } from 'vitest';
import { electronPdfPrinter, PRINT_WINDOW_OPTIONS } from '../../../src-main/electron/pdf-printer.ts';
import { MockBrowserWindow } from './electron-mock.ts';

function printer(windows: MockBrowserWindow[]) {
  return electronPdfPrinter((options) => {
    const window = new MockBrowserWindow(options as Record<string, unknown>);
    windows.push(window);
    // The mock window has the part of BrowserWindow the printer uses.
    return window as never;
  });
}

describe('electronPdfPrinter', () => {
  it('prints the page from a hidden, script-less window and closes it', async () => {
    const windows: MockBrowserWindow[] = [];
    const html = '<!doctype html><h1>Report é</h1>';
    const pdf = await printer(windows).printToPdf(html);
    expect(Buffer.from(pdf).toString()).toBe('%PDF-1.7 mock');
    const [window] = windows;
    expect(window.options).toEqual(PRINT_WINDOW_OPTIONS);
    expect(window.options).toMatchObject({ show: false, webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect(window.options.webPreferences).not.toHaveProperty('preload');
    const url = (window.loadURL.mock.calls[0] as unknown[])[0] as string;
    expect(url.startsWith('data:text/html;charset=utf-8;base64,')).toBe(true);
    expect(Buffer.from(url.split(',')[1], 'base64').toString('utf8')).toBe(html);
    expect(window.webContents.printToPDF).toHaveBeenCalledWith(expect.objectContaining({ printBackground: true, pageSize: 'A4' }));
    expect(window.destroy).toHaveBeenCalledTimes(1);
  });

  it('destroys the window when the page cannot load, and passes the error on', async () => {
    const windows: MockBrowserWindow[] = [];
    const failing = electronPdfPrinter((options) => {
      const window = new MockBrowserWindow(options as Record<string, unknown>);
      window.loadURL.mockRejectedValueOnce(new Error('ERR_ABORTED'));
      windows.push(window);
      return window as never;
    });
    await expect(failing.printToPdf('<p>x</p>')).rejects.toThrow('ERR_ABORTED');
    expect(windows[0].webContents.printToPDF).not.toHaveBeenCalled();
    expect(windows[0].destroy).toHaveBeenCalledTimes(1);
  });
});
