// Page object of the Compare view: the run chips, the side-by-side tables and the charts.
import type { Locator, Page } from 'playwright-core';

export class ComparePage {
  constructor(readonly page: Page) {}

  chip(runId: string): Locator {
    return this.page.locator(`[data-chip="${runId}"]`);
  }

  get chips(): Locator {
    return this.page.locator('[data-chip]');
  }

  table(name: 'metrics' | 'hyperparameters'): Locator {
    return this.page.locator(`table[data-table="${name}"]`);
  }

  /** Row headers of the hyperparameter table. */
  hyperparameterKeys(): Promise<string[]> {
    return this.page.locator('table[data-table="hyperparameters"] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-hp') ?? ''));
  }

  canvases(kind: 'scatter' | 'histogram' | 'saliency'): Locator {
    return this.page.locator(`[data-${kind}] canvas`);
  }

  /** How many times each canvas of a kind was redrawn with new data. */
  updates(kind: 'scatter' | 'histogram' | 'saliency'): Promise<number[]> {
    return this.canvases(kind).evaluateAll((canvases) => canvases.map((canvas) => Number(canvas.getAttribute('data-chart-updates'))));
  }
}
