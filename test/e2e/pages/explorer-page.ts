// Page object of the Explorer view: the parameter sliders, the drawn curve's fingerprint and the
// data-set curve laid over it.
import type { Locator, Page } from 'playwright-core';

export class ExplorerPage {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.locator('[data-panel="explorer"]');
  }

  slider(parameter: 'alpha' | 'xi' | 'd'): Locator {
    return this.page.locator(`#${parameter}-slider`);
  }

  /** The fingerprint of the curve drawn last; empty before the first. */
  async digest(): Promise<string> {
    return (await this.panel.getAttribute('data-curve-digest')) ?? '';
  }

  /** Waits until a curve other than the one with fingerprint `before` is drawn; returns its fingerprint. */
  async waitNewCurve(before: string, timeoutMs = 15_000): Promise<string> {
    await this.page.waitForFunction(
      (previous) => {
        const digest = document.querySelector('[data-panel="explorer"]')?.getAttribute('data-curve-digest');
        return digest !== undefined && digest !== null && digest !== '' && digest !== previous;
      },
      before,
      { timeout: timeoutMs },
    );
    return this.digest();
  }

  /** Picks the data set whose curves the overlay and the fit use. */
  async chooseDataset(name: string): Promise<void> {
    const select = this.page.locator('[data-panel="explorer-overlay"] select');
    const value = await select.locator('option', { hasText: name }).first().getAttribute('value');
    await select.selectOption(value ?? '');
  }

  async chooseCurve(index: number): Promise<void> {
    const input = this.page.locator('[data-panel="explorer-overlay"] input[type="number"]');
    await input.fill(String(index));
    await input.dispatchEvent('change');
  }

  get chart(): Locator {
    return this.page.locator('canvas[data-chart-type="line"]');
  }
}
