// What the user set outlasts leaving the view and reloading the page, per workspace: the Train
// form's draft and data set, the runs chosen in Compare, the curve picked in the explorer; what
// was kept but is gone (a deleted run or data set) is dropped without a complaint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppSession, type AppSession } from './fixtures/app-session.ts';
import { datasetId, simulateTinyDataset, trainTinyRun } from './fixtures/workspace-setup.ts';
import { ComparePage } from './pages/compare-page.ts';
import { TrainPage } from './pages/train-page.ts';

let session: AppSession;
let train: TrainPage;
let older: string;
let newer: string;
let runs: string[];

async function reload(): Promise<void> {
  await session.browser.page.reload();
  await session.shell.waitLoaded();
}

/** Writes a kept value as an older page (or a hand) might have left it. */
async function keep(name: string, value: unknown): Promise<void> {
  await session.browser.page.evaluate(({ key, text }) => localStorage.setItem(key, text), { key: `spin-echo.kept.${name}@${session.workspace}`, text: JSON.stringify(value) });
}

beforeAll(async () => {
  session = await openAppSession('kept');
  const page = session.browser.page;
  await simulateTinyDataset(page, { model: 'gauss', name: 'older gauss', seed: 3, modelCount: 24, evalCount: 0 });
  await simulateTinyDataset(page, { model: 'RKKY', name: 'newer rkky', seed: 4, modelCount: 24, evalCount: 0 });
  [older, newer] = [await datasetId(page, 'older gauss'), await datasetId(page, 'newer rkky')];
  runs = [(await trainTinyRun(page, older, {}, 1)).id, (await trainTinyRun(page, older, { learningRate: 0.01 }, 1)).id];
  train = new TrainPage(page);
});

afterAll(async () => {
  await session?.close();
});

describe('kept per workspace', () => {
  it("keeps the Train form's draft when the view is left and when the page reloads", async () => {
    const page = session.browser.page;
    await session.shell.open('train');
    await train.waitForm();
    // A new form starts on the newest data set.
    expect(await page.locator('#train-dataset').inputValue()).toBe(newer);
    await page.selectOption('#train-dataset', older);
    await train.choosePreset('mlp');
    await train.fill({ learningRate: '0.0042', hiddenUnits: '16, 8' });
    await train.revealRunOptions();
    await page.fill('#train-tags', 'kept, draft');
    await page.selectOption('#train-backend', 'cpu');

    const expectDraft = async () => {
      await train.waitForm();
      await page.locator('form[data-loaded-preset="mlp"]').waitFor();
      expect(await page.locator('#train-dataset').inputValue()).toBe(older);
      expect(await page.locator('#train-preset').inputValue()).toBe('mlp');
      expect(await train.field('learningRate').inputValue()).toBe('0.0042');
      expect(await train.field('hiddenUnits').inputValue()).toBe('16, 8');
      expect(await page.locator('#train-tags').inputValue()).toBe('kept, draft');
      expect(await page.locator('#train-backend').inputValue()).toBe('cpu');
    };
    await session.shell.open('runs');
    await session.shell.open('train');
    await expectDraft();
    await reload();
    await expectDraft();
    await session.screenshotThemes('train-kept-draft');
  });

  it('keeps the runs chosen in Compare across a reload', async () => {
    const page = session.browser.page;
    await session.shell.open('compare');
    for (const id of runs) await page.locator(`[data-pick="${id}"]`).check();
    const compare = new ComparePage(page);
    await compare.chip(runs[1]).waitFor();
    await reload();
    await compare.chip(runs[1]).waitFor();
    expect((await compare.chips.evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-chip')))).sort()).toEqual([...runs].sort());
  });

  it('drops kept runs and data sets that are gone, and reads nonsense as nothing', async () => {
    const page = session.browser.page;
    await keep('compared-runs', ['run-gone0000', runs[0], 42, '<script>']);
    await keep('train-draft', { datasetId: 'ds-gone0000', presetName: 'no-such-preset', raw: { learningRate: 7, epochs: '3' }, backend: 'quantum', tagsText: 1 });
    await keep('picked-curve', { datasetId: older, split: 'model', curveIndex: 5 });
    await reload();
    await session.shell.open('compare');
    await page.locator(`[data-pick="${runs[0]}"]:checked`).waitFor();
    expect(await page.locator('[data-pick]:checked').count()).toBe(1);
    // The Train form falls back to the data set last picked in the other views, the first preset and its defaults.
    await session.shell.open('train');
    await train.waitForm();
    await page.waitForFunction((id) => (document.querySelector('#train-dataset') as HTMLSelectElement | null)?.value === id, older);
    expect(await page.locator('#train-backend').inputValue()).toBe('auto');
    expect(await page.locator('#train-tags').inputValue()).toBe('');
    // The stored values were rewritten as read.
    const stored = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), `spin-echo.kept.compared-runs@${session.workspace}`);
    expect(stored).toEqual([runs[0]]);
    expect(session.browser.problems).toEqual([]);
  });
});
