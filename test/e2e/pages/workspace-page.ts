// Page object of the Workspace view: the facts of the about panel, and its trainer setting.
import type { Page } from 'playwright-core';

export class WorkspacePage {
  constructor(readonly page: Page) {}

  async fact(name: 'version' | 'workspace-dir' | 'ml-backend' | 'mode' | 'platform' | 'trainers'): Promise<string> {
    return (await this.page.locator(`[data-fact="${name}"]`).textContent())?.trim() ?? '';
  }

  /** The trainer count field, found by its label. */
  get trainerCount() {
    return this.page.getByLabel('Trainers', { exact: true });
  }

  /** Types a trainer count with the keyboard and applies it with Enter. */
  async typeTrainers(count: string): Promise<void> {
    await this.trainerCount.focus();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(count);
    await this.page.keyboard.press('Enter');
  }
}
