// Your own network, in Chromium on a fresh workspace: a layer list defined in the Train view's form,
// kept in step with its JSON text, each problem said where it is (a JSON syntax error with its line
// and column, a field's value at the field, a shape at its layer), saved as a preset, trained, and
// finished in the Runs table; offered to studies like the built-in presets. Screenshots of the
// editor in the light and the dark theme: test/e2e/artifacts/train-own-network-{light,dark}.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppSession, type AppSession } from './fixtures/app-session.ts';
import { simulateTinyDataset } from './fixtures/workspace-setup.ts';
import { RunsPage } from './pages/runs-page.ts';
import { TrainPage } from './pages/train-page.ts';

let session: AppSession;
let train: TrainPage;

beforeAll(async () => {
  session = await openAppSession('own-network');
  await simulateTinyDataset(session.browser.page, { model: 'gauss', name: 'tiny gauss', seed: 3, modelCount: 60, evalCount: 8 });
  await session.shell.open('train');
  train = new TrainPage(session.browser.page);
  await train.waitForm();
});

afterAll(async () => {
  await session?.close();
});

describe('Your own network', () => {
  it('edits a layer list in the form and as JSON, in step, with each problem at its place', async () => {
    const page = session.browser.page;
    await page.locator('[data-action="open-models"]').click();
    // The keyboard goes to the editor.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('model-saved');
    const editor = page.locator('[data-model-editor]');
    await editor.locator('[data-output-shape="0"]').filter({ hasText: '[236, 16]' }).waitFor();

    // The form: smaller layers, the pooling removed, a dropout added and moved up one.
    await page.fill('#layer-0-filters', '4');
    await page.fill('#layer-4-units', '8');
    await page.getByRole('button', { name: 'Remove layer 2' }).click();
    await page.selectOption('#model-add-kind', 'dropout');
    await editor.locator('[data-action="add-layer"]').click();
    await page.getByRole('button', { name: 'Move layer 4 up' }).click();
    expect(await editor.locator('[data-layer]').evaluateAll((layers) => layers.map((layer) => layer.getAttribute('data-kind')))).toEqual([
      'conv1d',
      'batch-norm',
      'global-average-pool1d',
      'dropout',
      'dense',
      null,
    ]);
    // The JSON follows the form, and the core's shapes and counts follow both.
    const json = JSON.parse(await page.inputValue('#model-json')) as Record<string, unknown>[];
    expect(json[0]).toMatchObject({ kind: 'conv1d', filters: 4 });
    expect(json[3]).toEqual({ kind: 'dropout', rate: 0.1 });
    await editor.locator('[data-output-shape="4"]').filter({ hasText: '[8]' }).waitFor();
    // conv 7·3·4+4, batch norm 4·4, dense 4·8+8, head 8·3+3
    await editor.locator('[data-parameter-count]').filter({ hasText: `${88 + 16 + 40 + 27} parameters` }).waitFor();

    // A JSON syntax error, said with its line and column; saving waits.
    const text = await page.inputValue('#model-json');
    await page.fill('#model-json', text.replace('"batch-norm"\n  },', '"batch-norm"\n  },,'));
    const syntax = editor.locator('[data-json-error]');
    await syntax.waitFor();
    expect(await syntax.textContent()).toMatch(/^Line 12, column 5: expected a value, found ','/);
    await page.fill('#model-name', 'tiny-net');
    expect(await editor.locator('[data-action="save-model"]').isDisabled()).toBe(true);

    // The JSON edited back, with a bad value: the form follows and says it at the field.
    await page.fill('#model-json', text.replace('"filters": 4', '"filters": 0'));
    await syntax.waitFor({ state: 'detached' });
    expect(await page.inputValue('#layer-0-filters')).toBe('0');
    expect(await editor.locator('[data-error-for="0.filters"]').textContent()).toBe('must be an integer from 1 to 1024');
    await page.fill('#layer-0-filters', '4');
    await editor.locator('[data-error-for="0.filters"]').waitFor({ state: 'detached' });

    // A convolution after flatten: said at the layer that cannot take its input.
    await page.selectOption('#layer-2-kind', 'flatten');
    await page.selectOption('#layer-3-kind', 'conv1d');
    expect(await editor.locator('[data-error-for="3"]').textContent()).toBe('conv1d needs a [time, channels] input, not the flat [944] it receives');
    expect(await editor.locator('[data-action="save-model"]').isDisabled()).toBe(true);
    await page.selectOption('#layer-3-kind', 'dropout');
    await editor.locator('[data-error-for="3"]').waitFor({ state: 'detached' });
    await editor.locator('[data-parameter-count]').filter({ hasText: /parameters$/ }).waitFor();
    await page.selectOption('#layer-2-kind', 'global-average-pool1d');
    await editor.locator('[data-parameter-count]').filter({ hasText: `${88 + 16 + 40 + 27} parameters` }).waitFor();
    await session.screenshotThemes('train-own-network');
    expect(session.browser.problems).toEqual([]);
  });

  it('saves the model as a preset, trains it, and shows the run finished in the Runs table', async () => {
    const page = session.browser.page;
    await page.locator('[data-action="save-model"]').click();
    await page.locator('[data-saved-model="tiny-net"]').waitFor();
    // Chosen as the run's preset, with the training settings every preset has.
    await page.locator('form[data-loaded-preset="tiny-net"]').waitFor();
    expect(await page.inputValue('#train-preset')).toBe('tiny-net');
    await train.fill({ epochs: '2', batchSize: '16' });
    const runId = await train.start();
    await page.waitForSelector(`[data-live-run="${runId}"][data-status="finished"][data-epochs="2"]`, { timeout: 60_000 });

    await session.shell.open('runs');
    const runs = new RunsPage(page);
    const row = runs.row(runId);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('finished');
    expect(await row.textContent()).toContain('tiny-net');

    // Studies offer it beside the built-in presets.
    await session.shell.open('studies');
    await page.getByLabel('tiny-net').waitFor();
    expect(session.browser.problems).toEqual([]);
  }, 90_000);
});
