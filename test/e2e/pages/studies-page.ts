// Page object of the Studies view: the new-study form, the shown study with its stop button,
// charts, trials and top runs, and the ensemble of the top k.
import type { Locator, Page } from 'playwright-core';

export interface StudyFormValues {
  readonly dataset: string;
  readonly budget: { readonly kind: 'minutes' | 'trials'; readonly amount: string };
  readonly presets: readonly string[];
  readonly top?: string;
  readonly rungs?: string;
  readonly reduction?: string;
  readonly bracketSize?: string;
  readonly backend?: string;
  readonly fixed?: string;
}

export class StudiesPage {
  constructor(readonly page: Page) {}

  /** Fills the form as a user would (the search settings unfolded) and starts the study; answers its id. */
  async start(values: StudyFormValues): Promise<string> {
    const form = this.page.locator('form[aria-labelledby="start-study-title"]');
    await form.locator('#study-datasetId').selectOption({ label: values.dataset });
    await form.locator('#study-budgetAmount').fill(values.budget.amount);
    await form.getByLabel(values.budget.kind, { exact: true }).check();
    for (const box of await form.locator('.presets input[type="checkbox"]').all()) {
      const name = (await box.locator('xpath=..').textContent())?.trim() ?? '';
      await box.setChecked(values.presets.includes(name));
    }
    if (values.top !== undefined) await form.locator('#study-top').fill(values.top);
    await form.locator('#study-search-settings summary').click();
    const fields = { rungs: values.rungs, reduction: values.reduction, bracketSize: values.bracketSize, fixed: values.fixed };
    for (const [key, text] of Object.entries(fields)) if (text !== undefined) await form.locator(`#study-${key}`).fill(text);
    if (values.backend !== undefined) await form.locator('#study-backend').selectOption(values.backend);
    const shownBefore = this.page.locator('section.study');
    const before = (await shownBefore.count()) > 0 ? await shownBefore.getAttribute('data-study-id') : null;
    await form.getByRole('button', { name: 'Start study' }).click();
    const shown = this.page.locator(`section.study${before ? `:not([data-study-id="${before}"])` : ''}`);
    await shown.waitFor({ timeout: 20_000 });
    return (await shown.getAttribute('data-study-id')) ?? '';
  }

  get study(): Locator {
    return this.page.locator('section.study');
  }

  async waitStatus(status: string, timeoutMs = 30_000): Promise<void> {
    await this.page.waitForSelector(`section.study[data-status="${status}"]`, { timeout: timeoutMs });
  }

  /** Waits until the study has at least `count` trials. */
  async waitTrials(count: number, timeoutMs = 60_000): Promise<void> {
    await this.page.waitForFunction((n) => Number(document.querySelector('section.study [data-trial-count]')?.getAttribute('data-trial-count') ?? 0) >= n, count, { timeout: timeoutMs });
  }

  trialRows(): Locator {
    return this.study.locator('table.trials-table tbody tr');
  }

  topRunIds(): Promise<string[]> {
    return this.study.locator('table.top-table tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-run-id') ?? ''));
  }

  parallelCoordinates(): Locator {
    return this.study.locator('canvas[data-parallel-coordinates]');
  }

  bestSoFarChart(): Locator {
    return this.study.locator('canvas[data-chart-type="line"]');
  }

  async stop(): Promise<void> {
    await this.study.getByRole('button', { name: 'Stop' }).click();
  }

  async setTopK(k: string): Promise<void> {
    await this.study.getByLabel('Number of top runs').fill(k);
  }

  ensembleButton(): Locator {
    return this.study.locator('button[data-action="ensemble-top"]');
  }
}
