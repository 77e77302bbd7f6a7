// The Train view in Chromium on a fresh workspace: a form generated from the preset, the essentials
// first and the rest folded, a problem said once at its field before anything starts (a folded
// group opening for it), an imported folder named after its kernel once, a short run whose epochs
// arrive live, and a queued run cancelled.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openAppSession, type AppSession } from './fixtures/app-session.ts';
import type { BrowserSession } from './fixtures/chromium.ts';
import { writeGoodFolder } from './fixtures/challenge-folders.ts';
import { datasetId, importFolder, simulateTinyDataset } from './fixtures/workspace-setup.ts';
import { TrainPage } from './pages/train-page.ts';

const TINY = { hiddenUnits: '8', activations: 'relu', batchSize: '16', validationFraction: '0.25' };

let session: AppSession;
let browser: BrowserSession;
let train: TrainPage;

beforeAll(async () => {
  session = await openAppSession('train');
  browser = session.browser;
  const shell = session.shell;
  await simulateTinyDataset(browser.page, { model: 'gauss', name: 'tiny gauss', seed: 3, modelCount: 60, evalCount: 12 });
  await shell.open('train');
  train = new TrainPage(browser.page);
  await train.waitForm();
});

afterAll(async () => {
  await session?.close();
});

describe('Train view', () => {
  it('builds the form from the preset and refuses a bad value inline, before the core is asked', async () => {
    await train.choosePreset('mlp');
    expect(await train.field('hiddenUnits').inputValue()).toBe('512, 256, 128');
    await train.fill({ ...TINY, epochs: '3', learningRate: '0' });
    expect(await train.errorOf('learningRate').textContent()).toContain('must be above 0');
    await train.startButton.click();
    // The first problem gets the focus; nothing joined the queue.
    expect(await browser.page.evaluate(() => document.activeElement?.id)).toBe('hp-learningRate');
    expect(await browser.page.locator('[data-started]').count()).toBe(0);
    await train.fill({ learningRate: '0.003' });
    expect(await train.errorOf('learningRate').count()).toBe(0);
  });

  it('shows the essentials first and folds the rest, each problem said once, at its field', async () => {
    await browser.page.reload();
    await train.waitForm();
    const form = browser.page.locator('form.train-form');
    expect(await train.groups()).toEqual([
      { group: 'essentials', open: true },
      ...['model', 'optimizer', 'data', 'schedule', 'stopping', 'run'].map((group) => ({ group, open: false })),
    ]);
    expect(await form.locator('[data-group="essentials"] [data-field]').evaluateAll((fields) => fields.map((field) => field.getAttribute('data-field')))).toEqual([
      'epochs',
      'learningRate',
      'batchSize',
      'hiddenUnits',
    ]);
    await session.screenshotThemes('train-form');

    // A learning rate below the schedule's floor: the folded schedule group opens on its problem.
    await train.fill({ learningRate: '1e-7' });
    await train.errorOf('minLearningRate').waitFor();
    expect((await train.groups()).find((part) => part.group === 'schedule')?.open).toBe(true);
    expect(await form.locator('[data-group="schedule"] summary').textContent()).toContain('1 to fix');
    await train.startButton.click();
    expect(await browser.page.evaluate(() => document.activeElement?.id)).toBe('hp-minLearningRate');
    // Said once: at the field, with no banner repeating it.
    const problem = (await train.errorOf('minLearningRate').textContent()) ?? '';
    expect(problem).toContain('must not exceed the learning rate');
    expect(await form.getByText('must not exceed the learning rate').count()).toBe(1);
    expect(await form.locator('[role="alert"]').count()).toBe(0);
    expect(await form.locator('[data-problems]').textContent()).toBe('A value above needs fixing.');
    await session.screenshotThemes('train-form-problem');
    await train.fill({ learningRate: '0.003' });
    expect(await train.errorOf('minLearningRate').count()).toBe(0);
    // Opened for the problem, the group stays open once it is fixed: it does not fold under the user.
    expect((await train.groups()).find((part) => part.group === 'schedule')?.open).toBe(true);
  });

  it('names an imported data set after its folder and kernel once', async () => {
    await importFolder(browser.page, await writeGoodFolder(join(session.scratch, 'gauss'), 8));
    const id = await datasetId(browser.page, 'gauss');
    await browser.page.locator(`#train-dataset option[value="${id}"]`).waitFor({ state: 'attached' });
    expect(await browser.page.locator(`#train-dataset option[value="${id}"]`).textContent()).toBe('gauss · 8 curves');
    expect(await browser.page.locator('#train-dataset option', { hasText: 'tiny gauss' }).textContent()).toBe('tiny gauss · 60 curves');
  });

  it('starts a short run and shows its epochs as they arrive, with the backend in use', async () => {
    // Records every epoch count the live panel shows, to see the epochs arrive one by one.
    await browser.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenEpochs: string[] }).seenEpochs = seen;
      new MutationObserver((records) => {
        for (const record of records) {
          const value = (record.target as Element).getAttribute('data-epochs');
          if (value !== null && value !== seen.at(-1)) seen.push(value);
        }
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-epochs'] });
    });
    const runId = await train.start();
    const live = train.live(runId);
    await live.waitFor();
    await live.locator('canvas').waitFor();
    await browser.page.waitForSelector(`[data-live-run="${runId}"][data-status="finished"][data-epochs="3"]`, { timeout: 25_000 });
    expect(await train.fact('epoch').textContent()).toBe('3 of 3');
    expect(await browser.page.evaluate(() => (window as unknown as { seenEpochs: string[] }).seenEpochs)).toEqual(expect.arrayContaining(['1', '2', '3']));
    expect((await train.fact('backend').textContent())?.trim()).toMatch(/^(wasm|tensorflow|cpu)$/);
    expect(Number(await train.fact('lr').textContent())).toBeCloseTo(0.003);
    expect(Number(await live.locator('canvas').getAttribute('data-chart-updates'))).toBeGreaterThanOrEqual(1);
    mkdirSync(ARTIFACTS, { recursive: true });
    await browser.page.screenshot({ path: join(ARTIFACTS, 'train.png') });
  });

  it('queues a second run behind a first, and cancels the waiting one', async () => {
    // Long enough to be still training when it is cancelled.
    await train.fill({ epochs: '2000', earlyStoppingPatience: '5000' });
    const first = await train.start();
    const second = await train.start();
    await train.queued(second).waitFor();
    expect(await train.queued(second).getAttribute('data-status')).toBe('queued');
    await train.queued(second).getByRole('button', { name: `Cancel run ${second}` }).click();
    await train.queued(second).waitFor({ state: 'detached' });
    await browser.page.waitForSelector(`[data-queued-run="${first}"][data-status="running"]`);
    await train.queued(first).getByRole('button', { name: `Cancel run ${first}` }).click();
    await train.queued(first).waitFor({ state: 'detached', timeout: 20_000 });
    expect(browser.problems).toEqual([]);
  });

  it("opens the Studies view's start form for the auto preset, on the data set chosen here", async () => {
    await simulateTinyDataset(browser.page, { model: 'RKKY', name: 'tiny rkky', seed: 4, modelCount: 24, evalCount: 4 });
    await session.shell.open('runs');
    await session.shell.open('train');
    // Not the first data set of the list, which the start form would show anyway.
    const options = await browser.page.locator('#train-dataset option').evaluateAll((all) => all.map((option) => (option as HTMLOptionElement).value));
    const chosen = options.at(-1)!;
    await browser.page.selectOption('#train-dataset', chosen);
    await browser.page.selectOption('#train-preset', 'auto');
    await browser.page.waitForSelector('main[data-view="studies"]');
    expect(await browser.page.locator('#study-datasetId option').first().getAttribute('value')).not.toBe(chosen);
    expect(await browser.page.inputValue('#study-datasetId')).toBe(chosen);
    expect(await browser.page.evaluate(() => document.activeElement?.id)).toBe('study-budgetAmount');
    expect(browser.problems).toEqual([]);
  });
});
