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

  /** Opens the group of a field when it is folded, as a user would; the essentials are never folded. */
  async reveal(key: string): Promise<void> {
    await this.unfold(this.page.locator(`details:has(#hp-${key})`));
  }

  /** Opens the folded backend, tags and notes. */
  async revealRunOptions(): Promise<void> {
    await this.unfold(this.page.locator('details[data-group="run"]'));
  }

  private async unfold(group: Locator): Promise<void> {
    if ((await group.count()) === 0) return;
    if (!(await group.evaluate((details) => (details as HTMLDetailsElement).open))) await group.locator('summary').click();
  }

  /** The data-group of each part of the form in order: the essentials, then the folded groups, and whether each is open. */
  groups(): Promise<{ group: string; open: boolean }[]> {
    return this.page.locator('form.train-form [data-group]').evaluateAll((parts) =>
      parts.map((part) => ({ group: part.getAttribute('data-group') ?? '', open: part instanceof HTMLDetailsElement ? part.open : true })),
    );
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
