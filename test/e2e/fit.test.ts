// Fit by simulation in the explorer, in Chromium on a fresh workspace with a 16 x 16 lattice data
// set: a long fit shows its progress and stops on Cancel; a short one from a run's prediction
// shows the start, the fit and the truth in a table, and their curves over the data curve.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppSession, type AppSession } from './fixtures/app-session.ts';
import { datasetId, simulateTinyDataset, trainTinyRun, type SettledRun } from './fixtures/workspace-setup.ts';
import { FitPanel } from './pages/fit-panel.ts';

let session: AppSession;
let fit: FitPanel;
let run: SettledRun;

beforeAll(async () => {
  session = await openAppSession('fit');
  const page = session.browser.page;
  await simulateTinyDataset(page, { model: 'gauss', name: 'fit gauss', seed: 4, modelCount: 16, evalCount: 0 });
  run = await trainTinyRun(page, await datasetId(page, 'fit gauss'));
  await session.shell.open('explorer');
  fit = new FitPanel(page);
  await fit.fitButton.waitFor();
});

afterAll(async () => {
  await session?.close();
});

describe('Fit this curve', () => {
  it('shows the progress of a running fit, and Cancel stops it', async () => {
    await fit.setBudget(100_000);
    await fit.fitButton.click();
    await session.browser.page.waitForFunction(() => /^[1-9]\d* \/ 100000 simulations/.test(document.querySelector('[data-fit-progress]')?.textContent?.trim() ?? ''), undefined, { timeout: 30_000 });
    expect(await fit.fitButton.isDisabled()).toBe(true);
    await fit.cancelButton.click();
    await fit.waitState('cancelled');
    expect(await fit.panel.textContent()).toContain('Fit cancelled.');
    expect(await fit.result.count()).toBe(0);
    // The job is gone from the core's list, not only from the page.
    const jobs = await session.browser.page.evaluate(async () => {
      const socket = new WebSocket(`ws://${location.host}/ws`);
      await new Promise((resolve) => (socket.onopen = resolve));
      const reply = await new Promise<string>((resolve) => {
        socket.onmessage = (message) => typeof message.data === 'string' && JSON.parse(message.data).type === 'reply' && resolve(message.data);
        socket.send(JSON.stringify({ type: 'call', id: 1, name: 'listJobs', args: {} }));
      });
      socket.close();
      return JSON.parse(reply).value as unknown[];
    });
    expect(jobs).toEqual([]);
  });

  it("fits a validation curve from the run's prediction and shows both answers, the truth and the curves", async () => {
    const page = session.browser.page;
    await fit.startFrom(run.id);
    // Curve #0 may be one the run trained on: the panel offers its nearest validation curve.
    await page.waitForSelector('[data-panel="explorer-fit"] :is([data-ml-start], [data-go-to-curve])');
    const goTo = fit.panel.locator('[data-go-to-curve]');
    if ((await goTo.count()) > 0) await goTo.click();
    await fit.panel.locator('[data-ml-start]').waitFor();
    await fit.setBudget(40);
    await fit.fitButton.click();
    await fit.result.waitFor({ timeout: 60_000 });
    expect(await fit.state()).toBe('done');
    expect(await fit.row('start').locator('th').textContent()).toContain(`ML prediction (${run.id})`);
    expect(await fit.row('truth').count()).toBe(1);
    const [start, fitted, truth] = await Promise.all([fit.rowValues('start'), fit.rowValues('fit'), fit.rowValues('truth')]);
    for (const values of [start, fitted, truth]) expect(values.slice(0, 3).every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(fitted[3])).toBe(true);
    // The fit is no farther from the data curve than its start (a start the fit had to move inside the priors shows no distance).
    if (Number.isFinite(start[3])) expect(fitted[3]).toBeLessThanOrEqual(start[3]);
    else expect(await fit.row('start').locator('th').textContent()).toContain('moved inside the priors');
    expect(await fit.result.locator('caption').textContent()).toMatch(/\d+ simulations/);
    // Data, fit and start curves in one chart.
    expect(await fit.result.locator('[data-fit-curves]').getAttribute('data-fit-curves')).toBe('3');
    expect(await fit.result.locator('canvas[data-chart-type="line"]').count()).toBe(1);
    await session.screenshot('explorer-fit');
    expect(session.browser.problems).toEqual([]);
    expect(await page.locator('[data-fit-error]').count()).toBe(0);
  });
});
