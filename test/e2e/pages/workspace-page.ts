// Page object of the Workspace view: the facts of the about panel.
import type { Page } from 'playwright-core';

export class WorkspacePage {
  constructor(readonly page: Page) {}

  async fact(name: 'version' | 'workspace-dir' | 'ml-backend' | 'mode' | 'platform'): Promise<string> {
    return (await this.page.locator(`[data-fact="${name}"]`).textContent())?.trim() ?? '';
  }
}
