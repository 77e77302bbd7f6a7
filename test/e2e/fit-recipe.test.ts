// Fit this curve on the data a new user has: a demo set fits with the demo's own recipe, and
// imported challenge files without a manifest fit with the physics defaults, said plainly and
// editable; a setting the core refuses disables the button with its reason.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppSession, type AppSession } from './fixtures/app-session.ts';
import { writeGoodFolder } from './fixtures/challenge-folders.ts';
import { importFolder } from './fixtures/workspace-setup.ts';
import { ExplorerPage } from './pages/explorer-page.ts';
import { FitPanel } from './pages/fit-panel.ts';

let session: AppSession;
let explorer: ExplorerPage;
let fit: FitPanel;

beforeAll(async () => {
  session = await openAppSession('fit-recipe', { demo: true });
  const page = session.browser.page;
  await importFolder(page, await writeGoodFolder(join(session.scratch, 'gauss'), 8), 'imported gauss');
  await session.shell.open('explorer');
  explorer = new ExplorerPage(page);
  fit = new FitPanel(page);
  await fit.fitButton.waitFor();
});

afterAll(async () => {
  await session?.close();
});

describe('Fit this curve on demo and imported data', () => {
  it("fits a demo curve with the demo's recipe (L = 100, its seed)", async () => {
    await explorer.chooseDataset('Demo gauss');
    await explorer.chooseCurve(20);
    await fit.waitRecipe('known');
    expect(await fit.recipe.innerText()).toMatch(/demo recipe.*L = 100.*seed 101/s);
    expect(await fit.blockedReason.count()).toBe(0);
    await fit.setBudget(3);
    await fit.fitButton.click();
    await fit.result.waitFor({ timeout: 60_000 });
    expect(await fit.state()).toBe('done');
    expect(await fit.result.locator('[data-fit-used-recipe]').textContent()).toBe('Recipe: L = 100, per-dataset detuning, seed 101.');
    expect((await fit.rowValues('fit')).slice(0, 3).every(Number.isFinite)).toBe(true);
    expect(await fit.row('truth').count()).toBe(1);
    await session.screenshotThemes('explorer-fit-demo');
  });

  it('fits imported curves with the physics defaults, says so, and takes other settings', async () => {
    await explorer.chooseDataset('imported gauss');
    await fit.waitRecipe('assumed');
    // The demo curve's result went with its curve.
    expect(await fit.result.count()).toBe(0);
    expect(await fit.panel.locator('[data-assumed-recipe]').innerText()).toContain('physics defaults (L = 100, one detuning draw for the whole data set, seed 0)');
    expect(await fit.panel.getByLabel('Lattice side L').inputValue()).toBe('100');
    expect(await fit.panel.getByLabel('Seed').inputValue()).toBe('0');

    // The core refuses a lattice of 1: the button is disabled, with the core's reason beside it.
    await fit.setRecipe({ lattice: 1 });
    await fit.blockedReason.filter({ hasText: 'lattice must be an integer in [2, 1024]' }).waitFor();
    expect(await fit.fitButton.isDisabled()).toBe(true);
    await session.screenshotThemes('explorer-fit-imported-blocked');

    await fit.setRecipe({ lattice: 16, seed: 3, detuning: 'per-curve' });
    await fit.blockedReason.waitFor({ state: 'detached' });
    await fit.setBudget(4);
    await fit.fitButton.click();
    await session.browser.page.waitForSelector('[data-fit-result] [data-fit-used-recipe]', { timeout: 60_000 });
    expect(await fit.result.locator('[data-fit-used-recipe]').textContent()).toBe('Assumed recipe: L = 16, per-curve detuning, seed 3.');
    expect(await fit.state()).toBe('done');
    await session.screenshotThemes('explorer-fit-imported');
    expect(session.browser.problems).toEqual([]);
  });
});
