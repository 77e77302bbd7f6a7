// Page object of the shell: readiness, navigation between views, the connection banner.
import type { Locator, Page } from 'playwright-core';

export class AppShell {
  constructor(readonly page: Page) {}

  /** Waits for the readiness marker that the first answered call sets. */
  async waitLoaded(timeoutMs = 30_000): Promise<void> {
    await this.page.waitForSelector('body[data-app-state="loaded"]', { timeout: timeoutMs });
  }

  navLink(viewId: string): Locator {
    return this.page.locator(`nav a[data-view-link="${viewId}"]`);
  }

  async open(viewId: string): Promise<void> {
    await this.navLink(viewId).click();
    await this.page.waitForSelector(`main[data-view="${viewId}"]`);
  }

  async viewIds(): Promise<string[]> {
    return this.page.locator('nav a[data-view-link]').evaluateAll((links) => links.map((link) => link.getAttribute('data-view-link') ?? ''));
  }

  get main(): Locator {
    return this.page.locator('main');
  }
}
