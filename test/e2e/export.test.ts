// The Export view in Chromium on a fresh workspace: the best gauss and RKKY runs proposed, a
// missing folder refused inline, then one click writing both submission files (rows x 3 numbers)
// and the HTML report, with the score against the simulated answer key.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type BrowserSession } from './fixtures/chromium.ts';
import { startServeProcess, type ServeProcess } from './fixtures/serve-process.ts';
import { datasetId, simulateTinyDataset, trainTinyRun, type SettledRun } from './fixtures/workspace-setup.ts';
import { AppShell } from './pages/app-shell.ts';
import { ExportPage } from './pages/export-page.ts';

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const EVAL = 12;

let root: string;
let server: ServeProcess;
let browser: BrowserSession;
let page: ExportPage;
const runsOf: Record<'gauss' | 'RKKY', SettledRun[]> = { gauss: [], RKKY: [] };

function table(path: string): number[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'spin-echo-e2e-export-'));
  server = await startServeProcess(join(root, 'workspace'));
  browser = await launchChromium();
  const shell = new AppShell(browser.page);
  await browser.page.goto(server.url);
  await shell.waitLoaded();
  for (const [model, seed] of [['gauss', 3], ['RKKY', 4]] as const) {
    await simulateTinyDataset(browser.page, { model, name: `tiny ${model}`, seed, modelCount: 60, evalCount: EVAL });
    const dataset = await datasetId(browser.page, `tiny ${model}`);
    for (const learningRate of model === 'gauss' ? [0.01, 0.001] : [0.003]) {
      runsOf[model].push(await trainTinyRun(browser.page, dataset, { learningRate }, 2));
    }
  }
  await shell.open('export');
  page = new ExportPage(browser.page);
  await page.run('RKKY').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('Export view', () => {
  it('proposes the run with the best validation score of each kernel', async () => {
    const bestGauss = [...runsOf.gauss].sort((a, b) => (a.valPerElement ?? Infinity) - (b.valPerElement ?? Infinity))[0].id;
    expect(await page.run('gauss').inputValue()).toBe(bestGauss);
    expect(await page.run('RKKY').inputValue()).toBe(runsOf.RKKY[0].id);
    expect(await page.run('gauss').locator('option').count()).toBe(3);
  });

  it('says in plain words when the folder is missing', async () => {
    await page.folder.fill('');
    await page.button.click();
    expect(await page.error.textContent()).toContain('Type the folder');
    expect(await browser.page.evaluate(() => document.activeElement?.id)).toBe('export-folder');
  });

  it('shows where a relative folder goes (the home folder of the machine running it) before writing anything', async () => {
    await page.folder.fill('spin-echo-relative-export');
    await expect.poll(() => page.resolvedFolder.textContent()).toBe(`Files go to ${join(homedir(), 'spin-echo-relative-export')}`);
    expect(existsSync(join(homedir(), 'spin-echo-relative-export'))).toBe(false);
  });

  it('writes both files and the report in one click, and shows the score', async () => {
    const out = join(root, 'submission');
    await page.folder.fill(out);
    await page.button.click();
    await page.written.waitFor({ timeout: 20_000 });
    for (const model of ['gauss', 'RKKY'] as const) {
      const rows = table(join(out, `${model}_mat_info_eval.txt`));
      expect(rows).toHaveLength(EVAL);
      for (const row of rows) {
        expect(row).toHaveLength(3);
        expect(row.every(Number.isFinite)).toBe(true);
      }
      expect(await page.score(model).textContent()).toMatch(/Err\/3n\s+[\d.]+/);
    }
    expect(await page.report().getAttribute('data-report')).toBe('html');
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toContain(await page.run('gauss').inputValue());
    expect(report).toContain(runsOf.RKKY[0].id);
    expect(report).not.toMatch(/<(script|link|img)\b/i);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).models).toHaveProperty('RKKY');
    await browser.page.locator('table.history tbody tr').first().waitFor();
    mkdirSync(ARTIFACTS, { recursive: true });
    await browser.page.screenshot({ path: join(ARTIFACTS, 'export.png') });
    expect(browser.problems).toEqual([]);
  });
});
