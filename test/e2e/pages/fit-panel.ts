// Page object of the explorer's fit by simulation: its recipe, start and budget, the Fit and Cancel
// buttons with the reason a fit cannot run, the progress line, and the result table.
import type { Locator, Page } from 'playwright-core';

export class FitPanel {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.locator('[data-panel="explorer-fit"]');
  }

  get fitButton(): Locator {
    return this.panel.getByRole('button', { name: 'Fit this curve' });
  }

  get cancelButton(): Locator {
    return this.panel.getByRole('button', { name: 'Cancel' });
  }

  get progress(): Locator {
    return this.panel.locator('[data-fit-progress]');
  }

  get result(): Locator {
    return this.panel.locator('[data-fit-result]');
  }

  /** 'known' (the data set's own recipe), 'assumed' (the physics defaults, editable) or 'loading'. */
  async recipeState(): Promise<string> {
    return (await this.panel.locator('[data-fit-recipe]').getAttribute('data-fit-recipe')) ?? '';
  }

  async waitRecipe(state: 'known' | 'assumed'): Promise<void> {
    await this.panel.locator(`[data-fit-recipe="${state}"]`).waitFor();
  }

  get recipe(): Locator {
    return this.panel.locator('[data-fit-recipe]');
  }

  /** Why the Fit button is disabled; absent while a fit can run. */
  get blockedReason(): Locator {
    return this.panel.locator('[data-fit-blocked]');
  }

  async setRecipe(settings: { lattice?: number | string; seed?: number; detuning?: 'per-dataset' | 'per-curve' }): Promise<void> {
    if (settings.lattice !== undefined) await this.panel.getByLabel('Lattice side L').fill(String(settings.lattice));
    if (settings.seed !== undefined) await this.panel.getByLabel('Seed').fill(String(settings.seed));
    if (settings.detuning !== undefined) await this.panel.getByLabel('Detuning').selectOption(settings.detuning);
  }

  row(key: 'start' | 'fit' | 'truth'): Locator {
    return this.panel.locator(`[data-fit-row="${key}"]`);
  }

  /** idle, starting, running, done, failed or cancelled. */
  async state(): Promise<string> {
    return (await this.panel.getAttribute('data-fit-state')) ?? '';
  }

  async waitState(state: string, timeoutMs = 30_000): Promise<void> {
    await this.page.waitForSelector(`[data-panel="explorer-fit"][data-fit-state="${state}"]`, { timeout: timeoutMs });
  }

  async setBudget(simulations: number): Promise<void> {
    await this.panel.getByLabel('Simulations at most').fill(String(simulations));
  }

  async startFrom(runId: string): Promise<void> {
    await this.panel.getByLabel('Start from').selectOption(runId);
  }

  /** alpha, xi, d and distance of a row of the result table, as numbers. */
  async rowValues(key: 'start' | 'fit' | 'truth'): Promise<number[]> {
    return (await this.row(key).locator('td').allTextContents()).map(Number);
  }
}
