// The curve inspector in Chromium on a fresh workspace: step through an imported data set's curves
// with the keyboard, filter them by label ranges, and overlay them with zoom from the keyboard.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyArrays } from '../integration/tiny-dataset.ts';
import { openAppSession, type AppSession } from './fixtures/app-session.ts';
import { writeGoodFolder } from './fixtures/challenge-folders.ts';
import { CurvesPage } from './pages/curves-page.ts';
import { DataPage } from './pages/data-page.ts';

const COUNT = 40;
// The labels the fixture writer gives the good folder's training curves (seed 11).
const LABELS = tinyArrays(COUNT, 11).labels.data;

let session: AppSession;
let curves: CurvesPage;

beforeAll(async () => {
  session = await openAppSession('curves');
  const data = new DataPage(session.browser.page);
  await data.importFolder(await writeGoodFolder(join(session.scratch, 'good'), COUNT));
  expect(await data.importOutcome()).toBe('done');
  await session.shell.open('curves');
  curves = new CurvesPage(session.browser.page);
  await curves.waitIndex(0);
});

afterAll(async () => {
  await session?.close();
});

describe('Curves view', () => {
  it('steps through the curves with the arrow keys, showing each one’s labels', async () => {
    const page = session.browser.page;
    await curves.singleChart.waitFor();
    expect(await curves.labelsText()).toContain(`alpha = ${LABELS[0].toFixed(3)}`);
    const updatesBefore = Number(await curves.singleChart.getAttribute('data-chart-updates'));
    await page.locator('h2', { hasText: 'Curves' }).click();
    await page.keyboard.press('ArrowRight');
    await curves.waitIndex(1);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await curves.waitIndex(3);
    await page.keyboard.press('ArrowLeft');
    await curves.waitIndex(2);
    expect(await curves.labelsText()).toContain(`xi = ${LABELS[2 * 3 + 1].toFixed(3)}`);
    await page.waitForFunction(
      (before) => Number(document.querySelector('[data-panel="curve"] canvas[data-chart-type="line"]')?.getAttribute('data-chart-updates')) > before,
      updatesBefore,
    );
    await page.keyboard.press('End');
    await curves.waitIndex(COUNT - 1);
    await page.keyboard.press('Home');
    await curves.waitIndex(0);
  });

  it('keeps only the curves inside the label ranges, and steps among them', async () => {
    const page = session.browser.page;
    const kept = Array.from({ length: COUNT }, (_, row) => row).filter((row) => LABELS[row * 3] >= 10 && LABELS[row * 3 + 2] <= 9);
    await curves.setFilter('alpha', 'at least', 10);
    await curves.setFilter('d', 'at most', 9);
    await page.locator('[data-kept-count]', { hasText: `${kept.length} of ${COUNT}` }).waitFor();
    await curves.waitOverlayCurves(kept.length);
    await page.locator('h2', { hasText: 'Curves' }).click();
    await page.keyboard.press('ArrowRight');
    await curves.waitIndex(kept[0] === 0 ? kept[1] : kept[0]);
    await page.keyboard.press('End');
    await curves.waitIndex(kept.at(-1)!);
    await page.getByRole('button', { name: 'Clear' }).click();
    await curves.waitOverlayCurves(COUNT);
  });

  it('zooms and resets the overlay from the keyboard', async () => {
    const page = session.browser.page;
    const whole = await curves.overlay.getAttribute('data-window');
    await curves.overlay.focus();
    await page.keyboard.press('+');
    await page.waitForFunction((before) => document.querySelector('canvas[data-curve-overlay]')?.getAttribute('data-window') !== before, whole);
    const [x0, x1] = (await curves.overlay.getAttribute('data-window'))!.split(',').map(Number);
    expect(x1 - x0).toBeLessThan(470);
    await page.keyboard.press('0');
    await page.waitForFunction((before) => document.querySelector('canvas[data-curve-overlay]')?.getAttribute('data-window') === before, whole);
    await session.screenshot('curves');
    // The system's dark theme reaches the hand-drawn overlay and the chart.js charts alike.
    const lightWindow = await curves.overlay.getAttribute('data-draws');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction((before) => document.querySelector('canvas[data-curve-overlay]')?.getAttribute('data-draws') !== before, lightWindow);
    await session.screenshot('curves-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(session.browser.problems).toEqual([]);
  });
});
