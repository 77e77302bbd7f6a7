// Page object of the Curves view: the shown curve and its labels, the label filter and the overlay.
import type { Locator, Page } from 'playwright-core';

export class CurvesPage {
  constructor(readonly page: Page) {}

  get curvePanel(): Locator {
    return this.page.locator('[data-panel="curve"]');
  }

  /** Waits until curve `index` is the one shown. */
  async waitIndex(index: number): Promise<void> {
    await this.page.locator(`[data-panel="curve"][data-curve-index="${index}"]`).waitFor();
  }

  async labelsText(): Promise<string> {
    return (await this.curvePanel.locator('[data-curve-labels]').textContent()) ?? '';
  }

  get singleChart(): Locator {
    return this.curvePanel.locator('canvas[data-chart-type="line"]');
  }

  async setFilter(parameter: 'alpha' | 'xi' | 'd', end: 'at least' | 'at most', value: number): Promise<void> {
    await this.page.getByLabel(`${parameter} ${end}`).fill(String(value));
  }

  async keptText(): Promise<string> {
    return (await this.page.locator('[data-kept-count]').textContent()) ?? '';
  }

  get overlay(): Locator {
    return this.page.locator('[data-panel="overlay"] canvas[data-curve-overlay]');
  }

  /** Waits until the overlay has drawn `count` curves. */
  async waitOverlayCurves(count: number): Promise<void> {
    await this.page.locator(`[data-panel="overlay"] canvas[data-curve-overlay][data-drawn-curves="${count}"]`).waitFor();
  }
}
