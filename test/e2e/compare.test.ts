// The Compare view in Chromium on a fresh workspace: two runs picked in the Runs view, their learning
// curves, metrics and differing hyperparameters side by side, true-against-predicted plots,
// residual histograms and feature importance; hovering one run highlights it everywhere. A run of
// another kernel added: a warning that names the kernels, and the comparison split per kernel or
// data set, each run keeping its colour.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openAppSession, type AppSession } from './fixtures/app-session.ts';
import type { BrowserSession } from './fixtures/chromium.ts';
import { datasetId, simulateTinyDataset, trainTinyRun } from './fixtures/workspace-setup.ts';
import { ComparePage } from './pages/compare-page.ts';
import { RunsPage } from './pages/runs-page.ts';


let session: AppSession;
let browser: BrowserSession;
let compare: ComparePage;
let first: string;
let second: string;

beforeAll(async () => {
  session = await openAppSession('compare');
  browser = session.browser;
  const shell = session.shell;
  await simulateTinyDataset(browser.page, { model: 'gauss', name: 'tiny gauss', seed: 3, modelCount: 60, evalCount: 12 });
  const dataset = await datasetId(browser.page, 'tiny gauss');
  first = (await trainTinyRun(browser.page, dataset, { learningRate: 0.01 }, 3)).id;
  second = (await trainTinyRun(browser.page, dataset, { learningRate: 0.001, dropout: 0.1 }, 3)).id;
  await shell.open('runs');
  const runs = new RunsPage(browser.page);
  await runs.waitRows(2);
  await runs.select(first);
  await runs.select(second);
  await browser.page.locator('[data-action="compare-selected"]').click();
  await browser.page.waitForSelector('main[data-view="compare"]');
  compare = new ComparePage(browser.page);
});

afterAll(async () => {
  await session?.close();
});

describe('Compare view', () => {
  it('compares the two runs picked in the Runs view, with every chart drawn', async () => {
    await compare.chips.nth(1).waitFor();
    expect(await compare.chips.evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-chip')))).toEqual([first, second]);
    await browser.page.locator('main canvas').first().waitFor();
    await browser.page.waitForFunction(() => document.querySelectorAll('[data-scatter] canvas, [data-histogram] canvas, [data-saliency] canvas').length === 9);
    expect(await compare.canvases('scatter').count()).toBe(3);
    expect(await compare.canvases('histogram').count()).toBe(3);
    expect(await compare.canvases('saliency').count()).toBe(3);
  });

  it('puts best metrics side by side and those of a chosen epoch', async () => {
    const metrics = compare.table('metrics');
    expect(await metrics.locator('thead th').allTextContents()).toEqual(['Metric', first, second]);
    expect(await metrics.locator('tbody th').allTextContents()).toContain('val MSE α');
    expect(await metrics.locator('td.best').count()).toBeGreaterThan(0);
    await browser.page.getByLabel('At epoch').check();
    await browser.page.getByLabel('Epoch to compare').fill('2');
    await metrics.locator('tbody th', { hasText: 'learning rate' }).waitFor();
    const lossCells = await metrics.locator('tbody tr', { has: browser.page.locator('th', { hasText: /^val loss$/ }) }).locator('td').allTextContents();
    expect(lossCells.every((text) => Number.isFinite(Number(text)))).toBe(true);
  });

  it('shows only the hyperparameters that differ, or all of them', async () => {
    expect(await compare.hyperparameterKeys()).toEqual(['dropout', 'learningRate']);
    await browser.page.locator('[data-toggle="only-differences"]').uncheck();
    expect((await compare.hyperparameterKeys()).length).toBeGreaterThan(20);
    await browser.page.locator('[data-toggle="only-differences"]').check();
  });

  it('highlights a run in every chart and table while it is hovered or focused', async () => {
    const before = await compare.updates('scatter');
    await compare.chip(second).hover();
    expect(await compare.chip(second).getAttribute('aria-pressed')).toBe('true');
    await browser.page.waitForFunction((n) => document.querySelectorAll('table[data-table="metrics"] td.hl').length === n, await compare.table('metrics').locator('tbody tr').count());
    const after = await compare.updates('scatter');
    expect(after.every((count, k) => count > before[k])).toBe(true);
    expect((await compare.updates('histogram')).every((count) => count > 0)).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await browser.page.screenshot({ path: join(ARTIFACTS, 'compare.png') });
    await browser.page.mouse.move(5, 5);
    await compare.chip(first).focus();
    expect(await compare.chip(first).getAttribute('aria-pressed')).toBe('true');
    expect(browser.problems).toEqual([]);
  });
});

describe('runs of different kernels', () => {
  let rkky: string;

  beforeAll(async () => {
    await simulateTinyDataset(browser.page, { model: 'RKKY', name: 'tiny RKKY', seed: 4, modelCount: 60, evalCount: 0 });
    rkky = (await trainTinyRun(browser.page, await datasetId(browser.page, 'tiny RKKY'), { learningRate: 0.01 }, 2)).id;
  });

  it('warns that the runs learnt different kernels, and which run learnt which', async () => {
    const page = browser.page;
    expect(await page.locator('[data-mixed-sources]').count()).toBe(0);
    await page.locator('details.picker summary').click();
    await page.locator(`[data-pick="${rkky}"]`).check();
    const warning = page.locator('[data-mixed-sources="kernel"]');
    await warning.waitFor();
    expect(await warning.textContent()).toContain(`2 different kernels (gauss: ${first}, ${second}; RKKY: ${rkky})`);
  });

  it('splits the comparison per kernel or per data set, each run keeping its colour', async () => {
    const page = browser.page;
    const parts = page.locator('[data-compare-part]');
    expect(await parts.count()).toBe(1);
    const swatch = (scope: string, runId: string) =>
      page.locator(`${scope} table[data-table="metrics"] thead th`, { hasText: runId }).locator('.run-swatch').evaluate((element) => getComputedStyle(element).backgroundColor);
    const colour = await swatch('[data-compare-part="all"]', rkky);
    await page.locator('[data-split-by]').selectOption('kernel');
    await page.locator('[data-compare-part="RKKY"]').waitFor();
    expect(await parts.evaluateAll((sections) => sections.map((section) => section.getAttribute('data-compare-part')))).toEqual(['gauss', 'RKKY']);
    expect(await page.locator('[data-compare-part="gauss"] table[data-table="metrics"] thead th').allTextContents()).toEqual(['Metric', first, second]);
    expect(await page.locator('[data-compare-part="RKKY"] table[data-table="metrics"] thead th').allTextContents()).toEqual(['Metric', rkky]);
    expect(await swatch('[data-compare-part="RKKY"]', rkky)).toBe(colour);
    // Each part draws its own charts: the RKKY run's learning curve is in its part alone.
    await page.locator('[data-compare-part="RKKY"] [data-loss-chart] canvas').waitFor();
    await session.screenshotThemes('compare-split-kernel');

    await page.locator('[data-split-by]').selectOption('dataset');
    await page.waitForFunction(() => document.querySelectorAll('[data-compare-part]').length === 2 && !document.querySelector('[data-compare-part="gauss"]'));
    expect(await page.locator('h3.part-title').allTextContents()).toEqual(['Data set tiny gauss · 2 runs', 'Data set tiny RKKY · 1 run']);

    if (!(await page.locator('details.picker').evaluate((details) => (details as HTMLDetailsElement).open))) await page.locator('details.picker summary').click();
    await page.locator(`[data-pick="${rkky}"]`).uncheck();
    await page.locator('[data-compare-part="all"]').waitFor();
    expect(await page.locator('[data-mixed-sources]').count()).toBe(0);
    expect(browser.problems).toEqual([]);
  });
});
