// The Compare view in Chromium on a fresh workspace: two runs picked in the Runs view, their learning
// curves, metrics and differing hyperparameters side by side, true-against-predicted plots,
// residual histograms and feature importance; hovering one run highlights it everywhere.
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
