// The explorer in Chromium on a fresh workspace: moving the sliders (keyboard and typed values)
// redraws the simulated curve, the kernel switch does too, and a data-set curve can be laid over it.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppSession, type AppSession } from './fixtures/app-session.ts';
import { writeGoodFolder } from './fixtures/challenge-folders.ts';
import { DataPage } from './pages/data-page.ts';
import { ExplorerPage } from './pages/explorer-page.ts';

let session: AppSession;
let explorer: ExplorerPage;

beforeAll(async () => {
  session = await openAppSession('explorer');
  const data = new DataPage(session.browser.page);
  await data.importFolder(await writeGoodFolder(join(session.scratch, 'good'), 5));
  expect(await data.importOutcome()).toBe('done');
  await session.shell.open('explorer');
  explorer = new ExplorerPage(session.browser.page);
  // A small lattice keeps each curve to milliseconds on a busy machine.
  await session.browser.page.locator('[data-panel="explorer"] select').selectOption('32');
});

afterAll(async () => {
  await session?.close();
});

describe('Explorer view', () => {
  it('redraws the curve as the sliders move by keyboard', async () => {
    const page = session.browser.page;
    const first = await explorer.waitNewCurve('');
    const updates = Number(await explorer.chart.getAttribute('data-chart-updates'));
    await explorer.slider('alpha').focus();
    for (let k = 0; k < 20; k++) await page.keyboard.press('ArrowRight');
    // The slider snaps to its 0.01 grid on the first step.
    const alpha = Number(await explorer.slider('alpha').inputValue());
    expect(alpha).toBeGreaterThan(8.37);
    expect(alpha).toBeLessThan(8.39);
    const second = await explorer.waitNewCurve(first);
    await explorer.slider('xi').focus();
    await page.keyboard.press('PageUp');
    const third = await explorer.waitNewCurve(second);
    expect(new Set([first, second, third]).size).toBe(3);
    expect(Number(await explorer.chart.getAttribute('data-chart-updates'))).toBeGreaterThan(updates);
    expect(await explorer.panel.textContent()).toContain('computed in');
  });

  it('redraws on a typed value and on the kernel switch, with no error', async () => {
    const page = session.browser.page;
    let before = await explorer.digest();
    await page.getByLabel('d value').fill('9');
    await page.getByLabel('d value').press('Tab');
    before = await explorer.waitNewCurve(before);
    await page.getByRole('radio', { name: 'RKKY', exact: true }).check();
    await explorer.waitNewCurve(before);
    expect(await page.locator('[data-explorer-error]').count()).toBe(0);
  });

  it('lays a data-set curve over it and takes its labels', async () => {
    const page = session.browser.page;
    await page.locator('[data-panel="explorer-overlay"]').getByLabel('Show').check();
    const labels = page.locator('[data-reference-labels]');
    await labels.waitFor();
    const [alpha] = /alpha = ([\d.]+)/.exec((await labels.textContent()) ?? '')!.slice(1).map(Number);
    const before = await explorer.digest();
    await page.locator('[data-panel="explorer-overlay"]').getByRole('button', { name: 'Use its labels' }).click();
    await explorer.waitNewCurve(before);
    await page.waitForFunction((value) => Math.abs(Number((document.querySelector('#alpha-slider') as HTMLInputElement).value) - value) < 0.01, alpha);
    expect(await page.getByRole('radio', { name: 'gauss', exact: true }).isChecked()).toBe(true);
    // The challenge's lattice for the picture: the physics of the data.
    const small = await explorer.digest();
    await page.locator('[data-panel="explorer"] select').selectOption('100');
    await explorer.waitNewCurve(small, 30_000);
    await session.screenshot('explorer');
    expect(session.browser.problems).toEqual([]);
  });
});
