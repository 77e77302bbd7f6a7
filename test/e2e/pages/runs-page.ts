// Page object of the Runs view: the table's rows and cells, sorting, filters, columns, inline tags
// and notes, and each row's actions.
import type { Locator, Page } from 'playwright-core';

export class RunsPage {
  constructor(readonly page: Page) {}

  get rows(): Locator {
    return this.page.locator('table.runs-table tbody tr');
  }

  row(runId: string): Locator {
    return this.page.locator(`table.runs-table tbody tr[data-run-id="${runId}"]`);
  }

  async waitRows(count: number): Promise<void> {
    await this.page.waitForFunction((n) => document.querySelectorAll('table.runs-table tbody tr').length === n, count);
  }

  /** Run ids in table order. */
  async ids(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-run-id') ?? ''));
  }

  async sortBy(label: string): Promise<void> {
    await this.page.locator('table.runs-table thead button.sort', { hasText: label }).click();
  }

  async addFilter(fieldLabel: string, op: string, value: string): Promise<void> {
    const form = this.page.locator('form.filter');
    await form.getByLabel('Filter field').selectOption({ label: fieldLabel });
    await form.getByLabel('Comparison').selectOption(op);
    await form.getByLabel('Filter value').fill(value);
    await form.getByRole('button', { name: 'Add filter' }).click();
  }

  async removeFilters(): Promise<void> {
    const buttons = this.page.locator('ul.chips button');
    while ((await buttons.count()) > 0) await buttons.first().click();
  }

  async showColumn(label: string): Promise<void> {
    const menu = this.page.locator('details.columns');
    if (!(await menu.evaluate((details) => (details as HTMLDetailsElement).open))) await menu.locator('summary').click();
    await menu.getByLabel(label, { exact: true }).check();
    await menu.locator('summary').click();
  }

  async hideColumn(label: string): Promise<void> {
    const menu = this.page.locator('details.columns');
    if (!(await menu.evaluate((details) => (details as HTMLDetailsElement).open))) await menu.locator('summary').click();
    await menu.getByLabel(label, { exact: true }).uncheck();
    await menu.locator('summary').click();
  }

  headers(): Promise<string[]> {
    return this.page.locator('table.runs-table thead th').allTextContents();
  }

  async editTags(runId: string, text: string): Promise<void> {
    await this.row(runId).getByRole('button', { name: `Edit tags of run ${runId}` }).click();
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }

  cell(runId: string, what: 'tags' | 'notes'): Locator {
    return this.row(runId).locator(`[data-cell="${what}"]`);
  }

  action(runId: string, name: 'Clone' | 'Resume' | 'Cancel'): Locator {
    return this.row(runId).getByRole('button', { name: `${name} run ${runId}` });
  }

  select(runId: string): Promise<void> {
    return this.row(runId).getByRole('checkbox', { name: `Select run ${runId}` }).check();
  }
}
