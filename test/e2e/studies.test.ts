// The Studies view in Chromium: a tiny study of a small simulated data set started from the form
// (tiny networks, one and two epochs per rung), its trials appearing in the table, the best-so-far
// chart and the parallel coordinates, stopped and resumed from the view, then an ensemble of its
// top 2 shown in the Runs view, and an ensemble of two selected runs made from the Runs view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { termName } from '../../src-renderer/src/lib/glossary.ts';
import { openAppSession, type AppSession } from './fixtures/app-session.ts';
import { simulateTinyDataset, TINY_MLP } from './fixtures/workspace-setup.ts';
import { RunsPage } from './pages/runs-page.ts';
import { StudiesPage } from './pages/studies-page.ts';

let session: AppSession;
let page: StudiesPage;
let studyId: string;
let topRuns: string[];

beforeAll(async () => {
  session = await openAppSession('studies');
  await simulateTinyDataset(session.browser.page, { model: 'gauss', name: 'tiny gauss', seed: 5, modelCount: 60, evalCount: 12 });
  await session.shell.open('studies');
  page = new StudiesPage(session.browser.page);
});

afterAll(async () => {
  await session?.close();
});

describe('Studies view', () => {
  it('starts a study from the form and shows its trials as they settle', async () => {
    await page.page.locator('[data-empty="studies"]').waitFor();
    studyId = await page.start({
      dataset: 'tiny gauss · 60 curves',
      // A time budget far beyond the test: the study is still running when the test stops it.
      budget: { kind: 'minutes', amount: '30' },
      presets: ['mlp', 'seed-mlp'],
      top: '2',
      rungs: '1, 2',
      reduction: '2',
      bracketSize: '3',
      backend: 'cpu',
      fixed: JSON.stringify(TINY_MLP),
    });
    expect(studyId).toMatch(/\S/);
    expect(await page.study.getAttribute('data-status')).toBe('running');
    expect(await page.page.locator(`table.studies-table tr[data-study-id="${studyId}"]`).count()).toBe(1);
    await page.waitTrials(3);
    await page.page.waitForFunction(() => document.querySelectorAll('section.study table.trials-table tbody tr').length >= 3);
    const presets = await page.trialRows().evaluateAll((rows) => rows.map((row) => row.children[4].textContent ?? ''));
    expect(presets.every((preset) => preset === 'mlp' || preset === 'seed-mlp')).toBe(true);
  });

  it('draws the best so far and the trials in parallel coordinates', async () => {
    await page.bestSoFarChart().waitFor();
    await page.page.waitForFunction(() => Number(document.querySelector('canvas[data-parallel-coordinates]')?.getAttribute('data-lines') ?? 0) >= 2);
    const axes = (await page.parallelCoordinates().getAttribute('data-axes'))!.split(',');
    expect(axes.at(-1)).toBe('valPerElement');
    // The fixed settings are shared by every trial: no axis for them.
    expect(axes).not.toContain('hiddenUnits');
    // The keyboard steps through the trials and reads each one out.
    const readout = page.study.locator('[data-highlighted-run]');
    await page.parallelCoordinates().focus();
    await page.page.keyboard.press('Home');
    const best = await readout.getAttribute('data-highlighted-run');
    const trialIds = await page.trialRows().evaluateAll((rows) => rows.map((row) => row.getAttribute('data-run-id')));
    expect(trialIds).toContain(best);
    expect(await readout.textContent()).toContain(`Run ${best}: ${termName('valPerElement')}`);
    await page.page.keyboard.press('End');
    expect(await readout.getAttribute('data-highlighted-run')).not.toBe(best);
    await page.page.keyboard.press('Escape');
    expect(await readout.getAttribute('data-highlighted-run')).toBe('');
  });

  it('stops the study, resumes it where it was, and stops it again', async () => {
    expect(await page.study.getAttribute('data-status')).toBe('running');
    await page.stop();
    await page.waitStatus('stopped');
    await page.page.waitForSelector(`table.studies-table tr[data-study-id="${studyId}"][data-status="stopped"]`);
    const trials = Number(await page.study.locator('[data-trial-count]').getAttribute('data-trial-count'));
    await page.study.getByRole('button', { name: 'Resume' }).click();
    await page.waitStatus('running');
    await page.waitTrials(trials + 1);
    await page.stop();
    await page.waitStatus('stopped');
    expect(await page.study.getByRole('button', { name: 'Resume' }).isVisible()).toBe(true);
    await session.screenshot('studies');
  });

  it('makes an ensemble of the top k and shows it in the Runs view', async () => {
    await page.setTopK('2');
    topRuns = await page.topRunIds();
    expect(topRuns).toHaveLength(2);
    await page.ensembleButton().click();
    await page.page.waitForSelector('main[data-view="runs"] table.runs-table tr[data-revealed="true"]', { timeout: 30_000 });
    const revealed = page.page.locator('table.runs-table tr[data-revealed="true"]');
    expect(await revealed.getAttribute('data-status')).toBe('finished');
    expect(await revealed.textContent()).toContain('ensemble');
    expect(await page.page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-revealed'))).toBe('true');
  });

  it('makes an ensemble of two selected finished runs from the Runs view', async () => {
    const runs = new RunsPage(page.page);
    const first = await page.page.locator('table.runs-table tr[data-revealed="true"]').getAttribute('data-run-id');
    const button = page.page.locator('button[data-action="ensemble-selected"]');
    await runs.select(topRuns[0]);
    expect(await button.isDisabled()).toBe(true);
    await runs.select(topRuns[1]);
    await button.click();
    await page.page.waitForSelector(`table.runs-table tr[data-revealed="true"]:not([data-run-id="${first}"])`, { timeout: 30_000 });
    const made = page.page.locator('table.runs-table tr[data-revealed="true"]');
    expect(await made.getAttribute('data-status')).toBe('finished');
    expect(await made.textContent()).toContain('ensemble');
    expect(session.browser.problems).toEqual([]);
  });
});
