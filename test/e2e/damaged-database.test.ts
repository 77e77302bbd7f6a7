// The browser mode on a workspace whose database is damaged: the page says so in one sentence,
// naming where the damaged file was kept, and its button starts a fresh database and opens the
// workbench, with the damaged file and the data folders kept.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS } from './fixtures/app-session.ts';
import { damagedCopies, KEPT_DATA_FILE, writeDamagedWorkspace } from '../support/damaged-workspace.ts';
import { launchChromium, type BrowserSession } from './fixtures/chromium.ts';
import { startServeProcess, type ServeProcess } from './fixtures/serve-process.ts';
import { AppShell } from './pages/app-shell.ts';

let workspace: string;
let server: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  workspace = writeDamagedWorkspace(mkdtempSync(join(tmpdir(), 'spin-echo-e2e-damaged-')));
  server = await startServeProcess(workspace);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

describe('a damaged workspace database in the browser', () => {
  it('states the problem with where the file was kept, and opens the workbench on a fresh database when asked', async () => {
    const page = browser.page;
    await page.goto(server.url);
    const notice = page.locator('[data-damaged-database]');
    await notice.waitFor({ timeout: 30_000 });
    const [kept] = damagedCopies(workspace);
    expect(kept).toBeDefined();
    expect(await page.locator('[data-damaged-reason]').textContent()).toBe(
      `The database ${join(workspace, 'workbench.sqlite')} is damaged (file is not a database); it was kept as ${join(workspace, kept)}.`,
    );
    expect(await page.locator('[role="alert"]').count()).toBe(0);
    expect(await page.locator('nav[aria-label="Views"]').count()).toBe(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'damaged-database.png') });

    await page.getByRole('button', { name: 'Start a fresh database' }).click();
    await new AppShell(page).waitLoaded();
    await page.locator('nav[aria-label="Views"]').waitFor();
    expect(await notice.count()).toBe(0);
    expect(existsSync(join(workspace, kept))).toBe(true);
    expect(existsSync(join(workspace, KEPT_DATA_FILE))).toBe(true);
    expect(existsSync(join(workspace, 'workbench.sqlite'))).toBe(true);
  });
});
