// The Runs view in Chromium on a fresh workspace: a table that fits 1280 pixels and scrolls sideways
// with its Run column in view, the best run of the data set marked, runs sorted and filtered by the
// core (a metric and a hyperparameter; a word where a number is wanted refused inline), a
// hyperparameter column shown, tags edited in place, a cancelled run resumed (its duration counts
// training only; its checkpoints gone, refused with the reason and restarted as a new run), and a
// run cloned into the Train form.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDuration } from '../../src-renderer/src/lib/format.ts';
import { termName } from '../../src-renderer/src/lib/glossary.ts';
import { openAppSession, type AppSession } from './fixtures/app-session.ts';
import type { BrowserSession } from './fixtures/chromium.ts';
import { callOnce, datasetId, simulateTinyDataset, trainTinyRun } from './fixtures/workspace-setup.ts';
import type { AppShell } from './pages/app-shell.ts';
import { RunsPage } from './pages/runs-page.ts';
import { TrainPage } from './pages/train-page.ts';

let session: AppSession;
let browser: BrowserSession;
let shell: AppShell;
let page: RunsPage;
let fast: string;
let slow: string;

beforeAll(async () => {
  session = await openAppSession('runs');
  browser = session.browser;
  shell = session.shell;
  await simulateTinyDataset(browser.page, { model: 'gauss', name: 'tiny gauss', seed: 3, modelCount: 60, evalCount: 12 });
  const dataset = await datasetId(browser.page, 'tiny gauss');
  fast = (await trainTinyRun(browser.page, dataset, { learningRate: 0.01 }, 2, ['fast'])).id;
  slow = (await trainTinyRun(browser.page, dataset, { learningRate: 0.0001 }, 2, ['slow'])).id;
  await shell.open('runs');
  page = new RunsPage(browser.page);
  await page.waitRows(2);
});

afterAll(async () => {
  await session?.close();
});

describe('Runs view', () => {
  it('lists every run in a table that fits 1280 pixels, the best of the data set marked', async () => {
    expect((await page.ids()).sort()).toEqual([fast, slow].sort());
    const headers = await page.headers();
    for (const header of ['Run', 'Status', 'Data set', 'Model', termName('valPerElement'), termName('trainingTime'), 'Tags', 'Actions']) {
      expect(headers.some((text) => text.includes(header)), header).toBe(true);
    }
    for (const hidden of ['Backend', termName('valMseAlpha'), 'Notes']) expect(headers.some((text) => text.includes(hidden)), hidden).toBe(false);
    expect(await page.row(fast).getAttribute('data-status')).toBe('finished');
    expect(await page.row(fast).textContent()).toContain('tiny gauss');
    const box = browser.page.locator('.table-box');
    expect(await box.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);

    // The best: the lower val Err/3n of the two.
    const listed = (await callOnce(browser.page, 'listRuns', {})) as { id: string; valPerElement: number }[];
    const best = listed.filter((run) => run.id === fast || run.id === slow).sort((a, b) => a.valPerElement - b.valPerElement)[0].id;
    expect(await browser.page.locator('tr[data-best]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-run-id')))).toEqual([best]);
    await session.screenshotThemes('runs-1280');
  });

  it('scrolls sideways with many columns, the Run column staying in view', async () => {
    const extra = ['Backend', termName('valLoss'), termName('valMseAlpha'), termName('valMseXi'), termName('valMseD'), termName('valErr'), 'Created', 'Seed', 'Epochs'];
    for (const label of [...extra, 'Notes']) await page.showColumn(label);
    const box = browser.page.locator('.table-box');
    expect(await box.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    await box.evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
    const runCell = page.row(fast).locator('th.run-cell');
    const [cellLeft, boxLeft] = await Promise.all([runCell.evaluate((cell) => cell.getBoundingClientRect().left), box.evaluate((element) => element.getBoundingClientRect().left)]);
    expect(Math.abs(cellLeft - boxLeft)).toBeLessThan(2);
    await session.screenshotThemes('runs-scrolled');
    await box.evaluate((element) => element.scrollTo({ left: 0 }));
    await browser.page.setViewportSize({ width: 1920, height: 1080 });
    await session.screenshotThemes('runs-1920');
    await browser.page.setViewportSize({ width: 1280, height: 800 });
    for (const label of extra) await page.hideColumn(label);
  });

  it('refuses a word where the filter wants a number, beside the input', async () => {
    await page.addFilter(termName('valPerElement'), '<', 'abc');
    const error = browser.page.locator('[data-filter-error]');
    expect(await error.textContent()).toBe(`"abc" is not a number: ${termName('valPerElement')} compares with numbers.`);
    expect(await browser.page.locator('form.filter').getByLabel('Filter value').getAttribute('aria-invalid')).toBe('true');
    expect(await browser.page.locator('ul.chips li').count()).toBe(0);
    await page.waitRows(2);
    await browser.page.locator('form.filter').getByLabel('Filter value').fill('0.5');
    expect(await error.count()).toBe(0);
  });

  it('sorts and filters through the core, by a metric and by a hyperparameter', async () => {
    await page.showColumn('learning rate');
    expect((await page.headers()).some((text) => text.includes('learning rate'))).toBe(true);
    await page.sortBy('learning rate');
    await browser.page.waitForFunction(([first]) => document.querySelector('table.runs-table tbody tr')?.getAttribute('data-run-id') === first, [slow]);
    await page.sortBy('learning rate');
    await browser.page.waitForFunction(([first]) => document.querySelector('table.runs-table tbody tr')?.getAttribute('data-run-id') === first, [fast]);
    expect(await page.ids()).toEqual([fast, slow]);
    await page.addFilter('learning rate', '<', '0.001');
    await page.waitRows(1);
    expect(await page.ids()).toEqual([slow]);
    await page.removeFilters();
    await page.addFilter(termName('valLoss'), '>', '1e9');
    await browser.page.locator('[data-empty="runs"]').waitFor();
    await page.removeFilters();
    await page.waitRows(2);
  });

  it('edits tags in place, with the keyboard', async () => {
    await page.editTags(fast, 'fast, keeper');
    await page.cell(fast, 'tags').getByText('keeper').waitFor();
    expect(await browser.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Edit tags of run ${fast}`);
  });

  it('resumes a cancelled run; without checkpoints, shows why not and restarts it as a new run', async () => {
    const dataset = await datasetId(browser.page, 'tiny gauss');
    const long = await browser.page.evaluate(async (datasetId) => {
      const socket = new WebSocket(`ws://${location.host}/ws`);
      await new Promise((resolve) => (socket.onopen = resolve));
      const id = await new Promise<string>((resolve) => {
        socket.onmessage = (message: MessageEvent<string>) => {
          const data = JSON.parse(message.data) as { type: string; value?: { id: string } };
          if (data.type === 'reply') resolve(data.value!.id);
        };
        socket.send(JSON.stringify({ type: 'call', id: 1, name: 'startRun', args: { datasetId, preset: 'mlp', epochs: 3000, overrides: { hiddenUnits: [8], activations: ['relu'], batchSize: 16, earlyStopping: false } } }));
      });
      socket.close();
      return id;
    }, dataset);
    await browser.page.waitForSelector(`tr[data-run-id="${long}"][data-status="running"]`, { timeout: 20_000 });
    await page.action(long, 'Cancel').click();
    await browser.page.waitForSelector(`tr[data-run-id="${long}"][data-status="cancelled"]`, { timeout: 20_000 });
    // It lies cancelled a while: that time is no training.
    await browser.page.waitForTimeout(3000);
    await page.action(long, 'Resume').click();
    await browser.page.waitForSelector(`tr[data-run-id="${long}"][data-status="running"]`, { timeout: 20_000 });
    // At least one epoch stored and checkpointed, so that there is history to keep below.
    await expect.poll(() => existsSync(join(session.workspace, 'runs', long, 'last.ckpt')), { timeout: 20_000 }).toBe(true);
    await page.action(long, 'Cancel').click();
    await browser.page.waitForSelector(`tr[data-run-id="${long}"][data-status="cancelled"]`, { timeout: 20_000 });

    const { run, epochs } = (await callOnce(browser.page, 'getRunMetrics', { runId: long })) as {
      run: { trainingSeconds: number; createdAt: string; finishedAt: string };
      epochs: { seconds: number }[];
    };
    expect(run.trainingSeconds).toBeCloseTo(epochs.reduce((sum, epoch) => sum + epoch.seconds, 0), 6);
    expect(run.trainingSeconds).toBeLessThan((Date.parse(run.finishedAt) - Date.parse(run.createdAt)) / 1000 - 2.5);
    const durationColumn = (await page.headers()).findIndex((text) => text.includes(termName('trainingTime')));
    await browser.page.waitForFunction(
      ([id, column, text]) => document.querySelector(`tr[data-run-id="${id}"]`)?.children[Number(column)]?.textContent?.trim() === text,
      [long, String(durationColumn), formatDuration(run.trainingSeconds)],
    );

    // Its checkpoints gone, the resume is refused with the reason, and the recipe can be restarted as a new run.
    for (const name of ['last.ckpt', 'last.previous.ckpt']) rmSync(join(session.workspace, 'runs', long, name), { force: true });
    await page.action(long, 'Resume').click();
    const refusal = browser.page.getByRole('alert').filter({ hasText: `Run ${long} could not be resumed` });
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/last\.ckpt is missing; its \d+ stored epochs are kept/);
    const before = (await page.ids()).length;
    await refusal.getByRole('button', { name: 'Restart as a new run' }).click();
    await page.waitRows(before + 1);
    const restarted = (await page.ids()).find((id) => ![fast, slow, long].includes(id))!;
    await browser.page.waitForSelector(`tr[data-run-id="${restarted}"][data-status="running"]`, { timeout: 20_000 });
    expect(await page.row(long).getAttribute('data-status')).toBe('cancelled');
    await page.action(restarted, 'Cancel').click();
    await browser.page.waitForSelector(`tr[data-run-id="${restarted}"][data-status="cancelled"]`, { timeout: 20_000 });
  });

  it('clones a run into the Train form, prefilled with its hyperparameters', async () => {
    await page.showColumn('Notes');
    await page.action(slow, 'Clone').click();
    await browser.page.waitForSelector(`main[data-view="train"] [data-clone-of="${slow}"]`);
    const train = new TrainPage(browser.page);
    await train.waitForm();
    expect(await train.field('learningRate').inputValue()).toBe('0.0001');
    expect(await train.field('hiddenUnits').inputValue()).toBe('8');
    await train.fill({ learningRate: '0.002' });
    const clone = await train.start();
    await shell.open('runs');
    await page.row(clone).waitFor();
    expect(await page.cell(clone, 'notes').textContent()).toContain(`clone of ${slow}`);
    expect(browser.problems).toEqual([]);
  });
});
