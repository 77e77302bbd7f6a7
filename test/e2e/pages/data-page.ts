// Page object of the Data view: the data-set table or its empty state.
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
}
