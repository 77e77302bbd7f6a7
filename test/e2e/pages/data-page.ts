// Page object of the Data view: the import panel, the simulation form, the data-set table and the
// label histograms.
import type { Locator, Page } from 'playwright-core';

export class DataPage {
  constructor(readonly page: Page) {}

  get rows(): Locator {
    return this.page.locator('table.datasets tbody tr');
  }

  get emptyState(): Locator {
    return this.page.locator('[data-empty="datasets"]');
  }

  /** Waits until the list has loaded: either rows or the empty state are shown. */
  async waitListed(): Promise<void> {
    await this.page.waitForSelector('table.datasets tbody tr, [data-empty="datasets"]');
  }

  row(name: string): Locator {
    return this.rows.filter({ has: this.page.locator('th', { hasText: name }) });
  }

  get importPanel(): Locator {
    return this.page.locator('[data-panel="import"]');
  }

  /** Types a folder's path and presses Import. */
  async importFolder(folder: string): Promise<void> {
    await this.page.getByRole('tab', { name: 'Import a folder' }).click();
    await this.importPanel.getByLabel('Folder', { exact: true }).fill(folder);
    await this.importPanel.getByRole('button', { name: 'Import' }).click();
  }

  /** Waits for the import to end and says how: done, failed or cancelled. */
  async importOutcome(): Promise<string> {
    const state = this.importPanel.locator('[data-import-state="done"], [data-import-state="failed"], [data-import-state="cancelled"]');
    await state.waitFor();
    return (await state.getAttribute('data-import-state')) ?? '';
  }

  get importError(): Locator {
    return this.importPanel.locator('[data-import-error]');
  }

  modelContents(model: string): Locator {
    return this.importPanel.locator(`[data-folder-contents] [data-model="${model}"]`);
  }

  get simulatePanel(): Locator {
    return this.page.locator('[data-panel="simulate"]');
  }

  /** Fills the simulation form's counts and lattice and presses Simulate. */
  async simulate(recipe: { name?: string; modelCount: number; evalCount?: number; seed?: number; lattice: number; kernel?: 'gauss' | 'RKKY' }): Promise<void> {
    await this.page.getByRole('tab', { name: 'Simulate' }).click();
    const form = this.simulatePanel;
    if (recipe.kernel) await form.getByLabel(recipe.kernel, { exact: true }).check();
    if (recipe.name !== undefined) await form.getByLabel('Name').fill(recipe.name);
    await form.getByLabel('Training curves').fill(String(recipe.modelCount));
    await form.getByLabel('Eval curves').fill(String(recipe.evalCount ?? 0));
    if (recipe.seed !== undefined) await form.getByLabel('Seed').fill(String(recipe.seed));
    await form.getByLabel('Lattice side L').fill(String(recipe.lattice));
    await form.getByRole('button', { name: 'Simulate' }).click();
  }

  simulateState(state: string): Locator {
    return this.simulatePanel.locator(`[data-simulate-state="${state}"]`);
  }

  histogram(key: 'alpha' | 'xi' | 'd'): Locator {
    return this.page.locator(`[data-panel="histograms"] [data-histogram="${key}"] canvas`);
  }
}
