// The main window's web preferences keep the page isolated, and its remembered place survives
// restarts unless no display shows it any more.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mainWindowOptions } from '../../../src-main/electron/window-options.ts';
import { DEFAULT_WINDOW_STATE, loadWindowState, saveWindowState } from '../../../src-main/electron/window-state.ts';

describe('mainWindowOptions', () => {
  it('turns on isolation and turns off everything that would expose Node to the page', () => {
    const { webPreferences } = mainWindowOptions('/app/preload.cjs', DEFAULT_WINDOW_STATE);
    expect(webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('window state', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spin-echo-window-'));
  const file = join(dir, 'window-state.json');
  const display = { x: 0, y: 0, width: 1920, height: 1080 };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('falls back to the default without a file or with a damaged one', () => {
    expect(loadWindowState(join(dir, 'missing.json'), [display])).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(file, '{"bounds": {"width": "wide"}');
    expect(loadWindowState(file, [display])).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('restores a saved place', async () => {
    const state = { bounds: { x: 100, y: 50, width: 1000, height: 700 }, maximized: true };
    await saveWindowState(file, state);
    expect(loadWindowState(file, [display])).toEqual(state);
  });

  it('keeps the size but forgets a place that no display shows', async () => {
    await saveWindowState(file, { bounds: { x: 3000, y: 50, width: 1000, height: 700 }, maximized: false });
    expect(loadWindowState(file, [display])).toEqual({ bounds: { width: 1000, height: 700 }, maximized: false });
    expect(loadWindowState(file, [display, { x: 1920, y: 0, width: 2560, height: 1440 }]).bounds.x).toBe(3000);
  });
});
