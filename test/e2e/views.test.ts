// Every view in Chromium as a new user's workspace shows it (the demo data sets, two short runs and
// a small study), at 1280x800 and 1920x1080: none is wider than the window, and each leaves a
// screenshot in the light and the dark theme, test/e2e/artifacts/view-<view>-<width>-<theme>.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppSession, type AppSession } from './fixtures/app-session.ts';
import { datasetId, runTinyStudy, trainTinyRun } from './fixtures/workspace-setup.ts';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

let session: AppSession;
let runs: string[];

beforeAll(async () => {
  session = await openAppSession('views', { demo: true });
  const page = session.browser.page;
  const demo = await datasetId(page, 'Demo gauss');
  runs = [(await trainTinyRun(page, demo, { learningRate: 0.01 }, 3)).id, (await trainTinyRun(page, demo, { learningRate: 0.002 }, 3)).id];
  await runTinyStudy(page, demo, 2);
});

afterAll(async () => {
  await session?.close();
});

/** What shows that a view has drawn what it has; `prepare` does what a user would first (pick runs, open a study). */
const VIEWS: { id: string; ready: string; prepare?: () => Promise<void> }[] = [
  { id: 'data', ready: 'table.datasets tbody tr' },
  { id: 'curves', ready: '[data-panel="curve"] canvas[data-axes]' },
  { id: 'explorer', ready: 'main canvas[data-chart-type="line"][data-axes]' },
  { id: 'train', ready: '[data-live-run] canvas[data-axes]' },
  {
    id: 'studies',
    ready: 'canvas[data-parallel-coordinates]',
    prepare: () => session.browser.page.locator('button[aria-label^="Show study"]').first().click(),
  },
  { id: 'runs', ready: 'table.runs-table tbody tr' },
  {
    id: 'compare',
    ready: '[data-saliency] canvas[data-axes]',
    prepare: async () => {
      for (const id of runs) await session.browser.page.locator(`[data-pick="${id}"]`).check();
    },
  },
  { id: 'export', ready: 'main h2' },
  { id: 'workspace', ready: 'main h2' },
];

describe('every view', () => {
  for (const view of VIEWS) {
    it(`${view.id}: fits the window at 1280 and 1920 pixels, light and dark`, async () => {
      const page = session.browser.page;
      await session.shell.open(view.id);
      await view.prepare?.();
      await page.locator(view.ready).first().waitFor();
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        const [scrollWidth, clientWidth] = await page.locator('main').evaluate((main) => [main.scrollWidth, main.clientWidth]);
        expect(scrollWidth, `${view.id} at ${size.width}`).toBeLessThanOrEqual(clientWidth + 1);
        await session.screenshotThemes(`view-${view.id}-${size.width}`);
      }
      await page.setViewportSize(SIZES[0]);
      expect(session.browser.problems).toEqual([]);
    });
  }
});
