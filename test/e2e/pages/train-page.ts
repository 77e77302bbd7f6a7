// Page object of the Train view: the data set, preset and hyperparameter inputs, the start
// button, the queue and the live panel of the watched run.
import type { Locator, Page } from 'playwright-core';

export class TrainPage {
  constructor(readonly page: Page) {}

  field(key: string): Locator {
    return this.page.locator(`#hp-${key}`);
  }

  async waitForm(): Promise<void> {
    await this.field('epochs').waitFor();
  }

  /** Picks a preset and waits until the form shows its fields, which load after the choice. */
  async choosePreset(name: string): Promise<void> {
    await this.page.selectOption('#train-preset', name);
    await this.page.locator(`form[data-loaded-preset="${name}"]`).waitFor();
    await this.waitForm();
  }

  /** Opens the group of a field when it is folded, as a user would. */
  async reveal(key: string): Promise<void> {
    const group = this.page.locator(`details:has(#hp-${key})`);
    if (!(await group.evaluate((details) => (details as HTMLDetailsElement).open))) await group.locator('summary').click();
  }

  /** Types values into hyperparameter fields, by key. */
  async fill(values: Record<string, string>): Promise<void> {
    for (const [key, text] of Object.entries(values)) {
      await this.reveal(key);
      await this.field(key).fill(text);
    }
  }

  errorOf(key: string): Locator {
    return this.page.locator(`[data-error-for="${key}"]`);
  }

  get startButton(): Locator {
    return this.page.locator('[data-action="start-run"]');
  }

  /** Starts the run and answers its id. */
  async start(): Promise<string> {
    await this.startButton.click();
    const started = this.page.locator('[data-started]');
    await started.waitFor();
    return (await started.getAttribute('data-started')) ?? '';
  }

  queued(runId: string): Locator {
    return this.page.locator(`[data-queued-run="${runId}"]`);
  }

  live(runId: string): Locator {
    return this.page.locator(`[data-live-run="${runId}"]`);
  }

  fact(name: 'epoch' | 'eta' | 'lr' | 'backend' | 'best-val-loss'): Locator {
    return this.page.locator(`[data-live-run] [data-fact="${name}"]`);
  }
}
