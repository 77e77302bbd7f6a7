// The same smoke test in the real Electron app, wherever an Electron binary is installed.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDeadline } from './fixtures/bounded.ts';
import { electronBinary, electronProblem } from '../../scripts/electron-check.mjs';
import { AppShell } from './pages/app-shell.ts';
import { DataPage } from './pages/data-page.ts';
import { WorkspacePage } from './pages/workspace-page.ts';

const binary = electronBinary();
const problem = electronProblem(binary);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

if (problem) console.log(`Electron smoke test not run: ${problem}.`);

describe.skipIf(problem !== null)('Electron app', () => {
  let workspace: string;
  let application: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'spin-echo-electron-'));
    application = await _electron.launch({
      executablePath: binary!,
      args: [ROOT, `--user-data-dir=${join(workspace, 'user-data')}`],
      env: { ...process.env, SPIN_ECHO_WORKSPACE: join(workspace, 'workspace') },
    });
    page = await application.firstWindow();
    await new AppShell(page).waitLoaded();
  });

  afterAll(async () => {
    if (application && (await withDeadline(() => application.close(), 10_000)) === 'timed-out') application.process().kill('SIGKILL');
    rmSync(workspace, { recursive: true, force: true });
  });

  it('loads, lists the data sets and answers over IPC', async () => {
    await new DataPage(page).waitListed();
    const shell = new AppShell(page);
    await shell.open('workspace');
    expect(await new WorkspacePage(page).fact('mode')).toContain('IPC');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'electron-workspace.png') });
  });

  it('keeps Node out of the page', async () => {
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys((globalThis as { workbench?: object }).workbench ?? {}).sort())).toEqual(['call', 'onEvent']);
  });
});
