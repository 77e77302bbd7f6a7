// Page object of the Export view: the proposed runs, the folder, the export button and what was written.
import type { Locator, Page } from 'playwright-core';

export class ExportPage {
  constructor(readonly page: Page) {}

  run(model: 'gauss' | 'RKKY'): Locator {
    return this.page.locator(`#export-${model}`);
  }

  get folder(): Locator {
    return this.page.locator('#export-folder');
  }

  get button(): Locator {
    return this.page.locator('[data-action="export"]');
  }

  get error(): Locator {
    return this.page.locator('[data-export-error]');
  }

  /** The absolute folder the typed one stands for, shown before anything is written. */
  get resolvedFolder(): Locator {
    return this.page.locator('[data-export-resolved]');
  }

  get written(): Locator {
    return this.page.locator('[data-export-id]');
  }

  score(model: 'gauss' | 'RKKY'): Locator {
    return this.page.locator(`[data-score="${model}"]`);
  }

  report(): Locator {
    return this.page.locator('[data-report]');
  }
}
