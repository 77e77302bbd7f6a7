// Smoke test of the browser mode: `spin-echo serve` on a fresh workspace, driven in Chromium.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type BrowserSession } from './fixtures/chromium.ts';
import { startServeProcess, type ServeProcess } from './fixtures/serve-process.ts';
import { AppShell } from './pages/app-shell.ts';
import { DataPage } from './pages/data-page.ts';
import { JobsPanel } from './pages/jobs-panel.ts';
import { WorkspacePage } from './pages/workspace-page.ts';

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

let workspace: string;
let server: ServeProcess;
let browser: BrowserSession;
let shell: AppShell;

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'spin-echo-e2e-'));
  server = await startServeProcess(workspace, { demo: true });
  browser = await launchChromium();
  shell = new AppShell(browser.page);
  await browser.page.goto(server.url);
  await shell.waitLoaded();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

describe('browser mode', () => {
  it('loads the app and lists the demo data sets a new workspace starts with', async () => {
    const data = new DataPage(browser.page);
    await data.waitListed();
    expect((await data.rows.locator('th').allTextContents()).sort()).toEqual(['Demo RKKY', 'Demo gauss']);
    for (const row of await data.rows.all()) expect(await row.textContent()).toMatch(/Demo.*600.*200 \(with truth\)/s);
    expect(await shell.viewIds()).toEqual(['data', 'curves', 'explorer', 'train', 'studies', 'runs', 'compare', 'export', 'workspace']);
  });

  it('round-trips a call: the workspace panel shows what the core answered', async () => {
    await shell.open('workspace');
    const panel = new WorkspacePage(browser.page);
    expect(await panel.fact('version')).toContain(version);
    expect(await panel.fact('workspace-dir')).toBe(workspace);
    expect(await panel.fact('ml-backend')).not.toBe('');
    expect(await panel.fact('mode')).toContain('WebSocket');
  });

  it('sets the number of trainers from the keyboard, keeps it in the workspace, and goes back to the default', async () => {
    await shell.open('workspace');
    const panel = new WorkspacePage(browser.page);
    const help = browser.page.locator('#trainers-help');
    await expect.poll(() => help.textContent()).toContain('the default: the cores minus one');
    await panel.typeTrainers('0');
    await expect.poll(() => browser.page.locator('[data-fact="trainers"] [role="alert"]').textContent()).toContain('a whole number from 1 to 64');
    await panel.typeTrainers('3');
    await expect.poll(() => help.textContent()).toMatch(/: 3, the workspace's setting/);
    // Stored in the workspace: a reload asks the core again.
    await browser.page.reload();
    await shell.waitLoaded();
    await expect.poll(() => panel.trainerCount.inputValue()).toBe('3');
    await browser.page.getByRole('button', { name: /^Use default/ }).focus();
    await browser.page.keyboard.press('Enter');
    await expect.poll(() => help.textContent()).toContain('the default: the cores minus one');
  });

  it('has every view built: none shows the placeholder of a view still coming', async () => {
    for (const id of await shell.viewIds()) {
      await shell.open(id);
      expect(await shell.page.locator('[data-coming]').count(), id).toBe(0);
    }
  });

  it('keeps the view across a reload, on the session cookie alone', async () => {
    await browser.page.goto(`${server.origin}/#/workspace`);
    await shell.waitLoaded();
    expect(await browser.page.locator('main').getAttribute('data-view')).toBe('workspace');
  });

  it('streams job progress to the page during a short simulation, and lists the new data set', async () => {
    await shell.open('data');
    // A second connection from the page itself (same origin, session cookie) starts the job and
    // records the events; the app's own connection refreshes the list when the data set is ready.
    const seen = await browser.page.evaluate(async () => {
      const socket = new WebSocket(`ws://${location.host}/ws`);
      socket.binaryType = 'arraybuffer';
      const names: string[] = [];
      await new Promise((resolve) => (socket.onopen = resolve));
      const finished = new Promise<void>((resolve) => {
        socket.onmessage = (message: MessageEvent<string>) => {
          const data = JSON.parse(message.data) as { type: string; name?: string };
          names.push(data.type === 'event' ? `event:${data.name}` : 'reply');
          if (data.name === 'jobFinished') resolve();
        };
      });
      const args = { model: 'gauss', name: 'e2e tiny', seed: 3, modelCount: 24, evalCount: 0, settings: { lattice: 16 } };
      socket.send(JSON.stringify({ type: 'call', id: 1, name: 'simulateDataset', args }));
      await finished;
      socket.close();
      return names;
    });
    expect(seen[0]).toBe('reply');
    expect(seen).toContain('event:jobProgress');
    expect(seen.at(-1)).toBe('event:jobFinished');
    const data = new DataPage(browser.page);
    await data.rows.filter({ hasText: 'e2e tiny' }).waitFor();
    expect(await data.rows.count()).toBe(3);
  });

  it('shows a running job with its progress, and cancels it from its button', async () => {
    const jobId = await browser.page.evaluate(async () => {
      const socket = new WebSocket(`ws://${location.host}/ws`);
      await new Promise((resolve) => (socket.onopen = resolve));
      const reply = new Promise<string>((resolve) => (socket.onmessage = (message: MessageEvent<string>) => resolve(JSON.parse(message.data).value.jobId)));
      const args = { model: 'RKKY', seed: 5, modelCount: 100000, settings: { lattice: 16 } };
      socket.send(JSON.stringify({ type: 'call', id: 1, name: 'simulateDataset', args }));
      const id = await reply;
      socket.close();
      return id;
    });
    const panel = new JobsPanel(browser.page);
    await panel.job(jobId).locator('progress').waitFor();
    mkdirSync(ARTIFACTS, { recursive: true });
    await browser.page.screenshot({ path: join(ARTIFACTS, 'smoke-job.png') });
    await panel.cancel(jobId);
    await panel.job(jobId).getByText('was cancelled').waitFor();
    await panel.dismiss(jobId);
    await panel.job(jobId).waitFor({ state: 'detached' });
  });

  it('runs without console errors or policy violations, and leaves a screenshot', async () => {
    await shell.open('data');
    mkdirSync(ARTIFACTS, { recursive: true });
    await browser.page.screenshot({ path: join(ARTIFACTS, 'smoke-data.png') });
    expect(browser.problems).toEqual([]);
  });
});
