// Page object of the jobs panel: running jobs with their cancel buttons, and ended ones.
import type { Locator, Page } from 'playwright-core';

export class JobsPanel {
  constructor(readonly page: Page) {}

  job(jobId: string): Locator {
    return this.page.locator(`.jobs [data-job="${jobId}"]`);
  }

  async cancel(jobId: string): Promise<void> {
    await this.job(jobId).getByRole('button', { name: 'Cancel' }).click();
  }

  async dismiss(jobId: string): Promise<void> {
    await this.job(jobId).getByRole('button', { name: 'Dismiss' }).click();
  }
}
