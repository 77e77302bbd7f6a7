// Charts that read well, in Chromium: a logarithmic loss axis ticked at 1, 2 and 5 times powers of
// ten with no labels on top of each other, residual histograms on round bin edges, axis titles that
// fit, charts that grow with the window, a read-out of the values under the pointer, smoothing of
// learning curves, feature importance as a heatmap over time, and parallel coordinates that fit.
// Then one name per quantity: every view names a metric or an axis as the glossary does, with its
// definition on hover, and none of the names it replaced is left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GLOSSARY, termName, type TermId } from '../../src-renderer/src/lib/glossary.ts';
import { openAppSession, type AppSession } from './fixtures/app-session.ts';
import { datasetId, runTinyStudy, simulateTinyDataset, trainTinyRun } from './fixtures/workspace-setup.ts';

interface Axis {
  ticks: { label: string; px: number }[];
  title: string[];
}

let session: AppSession;
let runs: string[];
let dataset: string;

/** The axes of a chart as it drew them (its canvas records them). */
async function axesOf(selector: string): Promise<Record<string, Axis>> {
  return JSON.parse((await session.browser.page.locator(selector).first().getAttribute('data-axes')) ?? '{}') as Record<string, Axis>;
}

const lossCanvas = '[data-loss-chart] canvas';

beforeAll(async () => {
  session = await openAppSession('charts');
  const page = session.browser.page;
  await simulateTinyDataset(page, { model: 'gauss', name: 'chart gauss', seed: 8, modelCount: 60, evalCount: 0 });
  dataset = await datasetId(page, 'chart gauss');
  runs = [(await trainTinyRun(page, dataset, { learningRate: 0.01 }, 8)).id, (await trainTinyRun(page, dataset, { learningRate: 0.002 }, 8)).id];
  await session.shell.open('compare');
  for (const id of runs) await page.locator(`[data-pick="${id}"]`).check();
  await page.locator(`${lossCanvas}[data-axes]`).waitFor();
});

afterAll(async () => {
  await session?.close();
});

describe('charts', () => {
  it('ticks a logarithmic loss axis at 1, 2 and 5 times powers of ten, labels apart', async () => {
    const { y } = await axesOf(lossCanvas);
    expect(y.ticks.length).toBeGreaterThanOrEqual(2);
    for (const { label } of y.ticks) {
      const value = Number(label);
      expect(Number.isFinite(value), label).toBe(true);
      expect([1, 2, 5], label).toContain(Number((value / 10 ** Math.floor(Math.log10(value) + 1e-9)).toPrecision(6)));
    }
    const positions = y.ticks.map((tick) => tick.px).sort((a, b) => a - b);
    // 12 px labels: at least 14 px between neighbours.
    for (let k = 1; k < positions.length; k++) expect(positions[k] - positions[k - 1]).toBeGreaterThanOrEqual(14);
  });

  it('reads out the values under the pointer, every run at that epoch, and smooths on request', async () => {
    const page = session.browser.page;
    const canvas = page.locator(lossCanvas);
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.4);
    const readout = page.locator('[data-loss-chart] [data-chart-readout]');
    await readout.waitFor();
    const text = (await readout.innerText()).replace(/\s+/g, ' ');
    expect(text).toMatch(/^epoch \d+ /);
    for (const id of runs) expect(text).toMatch(new RegExp(`${id} val loss: \\d`));
    expect(text).not.toContain('raw');

    await page.locator('[data-compare-curves] [data-smoothing]').fill('0.8');
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.4);
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.4);
    await readout.filter({ hasText: 'raw' }).waitFor();
    const smoothed = (await readout.innerText()).replace(/\s+/g, ' ');
    for (const id of runs) expect(smoothed).toMatch(new RegExp(`${id} val loss: [\\d.e-]+ \\(raw [\\d.e-]+\\)`));
    await session.screenshotThemes('compare-charts');
    await page.mouse.move(0, 0);
  });

  it('bins residuals on round edges', async () => {
    const histograms = session.browser.page.locator('[data-histogram]');
    expect(await histograms.count()).toBe(3);
    for (const histogram of await histograms.all()) {
      const width = Number(await histogram.getAttribute('data-bin-width'));
      const start = Number(await histogram.getAttribute('data-bin-start'));
      expect([1, 2, 5]).toContain(Number((width / 10 ** Math.floor(Math.log10(width) + 1e-9)).toPrecision(6)));
      expect(Math.abs(start / width - Math.round(start / width))).toBeLessThan(1e-6);
      const { x } = await axesOf(`[data-histogram="${await histogram.getAttribute('data-histogram')}"] canvas`);
      // Ticks on round values: multiples of their own step, which is a whole number of bins.
      const values = x.ticks.map(({ label }) => Number(label));
      expect(values.length).toBeGreaterThanOrEqual(2);
      const step = values[1] - values[0];
      expect(Math.abs(step / width - Math.round(step / width))).toBeLessThan(1e-6);
      for (const value of values) expect(Math.abs(value / step - Math.round(value / step)), String(value)).toBeLessThan(1e-6);
    }
  });

  it('keeps every axis title inside its chart', async () => {
    const page = session.browser.page;
    await page.locator('[data-saliency] canvas[data-axes]').first().waitFor();
    const overflows = await page.evaluate(() => {
      const measure = document.createElement('canvas').getContext('2d')!;
      measure.font = `12px ${getComputedStyle(document.body).fontFamily}`;
      const found: string[] = [];
      for (const canvas of document.querySelectorAll<HTMLCanvasElement>('canvas[data-axes]')) {
        const axes = JSON.parse(canvas.dataset.axes ?? '{}') as Record<string, { title: string[] }>;
        const box = canvas.getBoundingClientRect();
        for (const [id, axis] of Object.entries(axes)) {
          const room = id.startsWith('y') ? box.height : box.width;
          for (const line of axis.title) if (measure.measureText(line).width > room) found.push(`${line} (${Math.round(measure.measureText(line).width)} > ${Math.round(room)} px)`);
        }
      }
      return found;
    });
    expect(overflows).toEqual([]);
  });

  it('draws feature importance as a heatmap over time: alpha, xi and d for each run and channel', async () => {
    const page = session.browser.page;
    await page.locator('[data-saliency-view="heatmap"]').check();
    const strips = page.locator('[data-saliency-heatmap] canvas');
    await strips.first().waitFor();
    // The tiny MLP reads Re and Im: two strips per run.
    expect(await strips.count()).toBe(2 * runs.length);
    for (const strip of await strips.all()) {
      expect(await strip.getAttribute('data-rows')).toBe('3');
      expect(Number(await strip.getAttribute('data-columns'))).toBe(471);
      // Not one flat colour: the picture shows where the network looks.
      const colours = await strip.evaluate((canvas: HTMLCanvasElement) => {
        const { data } = canvas.getContext('2d')!.getImageData(30, 0, canvas.width - 30, Math.floor(canvas.height / 2));
        const seen = new Set<number>();
        for (let i = 0; i < data.length; i += 16) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        return seen.size;
      });
      expect(colours).toBeGreaterThan(10);
    }
    await session.screenshotThemes('compare-heatmap');
  });

  it('grows its charts with the window', async () => {
    const page = session.browser.page;
    const height = () => page.locator(lossCanvas).evaluate((canvas) => canvas.getBoundingClientRect().height);
    const small = await height();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForFunction((before) => (document.querySelector('[data-loss-chart] canvas')?.getBoundingClientRect().height ?? 0) > before, small);
    expect(await height()).toBeGreaterThan(small * 1.2);
    await session.screenshotThemes('compare-1920');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('fits the parallel coordinates of a study in the window, at 1280 and 1920 pixels', async () => {
    const page = session.browser.page;
    const studyId = await runTinyStudy(page, dataset);
    await session.shell.open('studies');
    await page.locator(`button[aria-label="Show study ${studyId}"]`).click();
    const plot = page.locator('canvas[data-parallel-coordinates]');
    await page.waitForFunction(() => Number(document.querySelector('canvas[data-parallel-coordinates]')?.getAttribute('data-lines') ?? 0) >= 2);
    for (const size of [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(size);
      await page.waitForTimeout(100);
      const [canvasWidth, boxWidth] = await plot.evaluate((canvas) => [canvas.getBoundingClientRect().width, canvas.parentElement!.getBoundingClientRect().width]);
      expect(canvasWidth).toBeLessThanOrEqual(boxWidth + 1);
      expect(await page.locator('[data-scroll-hint]').count()).toBe(0);
      const { y } = await axesOf('section.study canvas[data-chart-type="line"]');
      expect(y.ticks.length).toBeGreaterThanOrEqual(2);
      await session.screenshotThemes(`studies-${size.width}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(session.browser.problems).toEqual([]);
  });
});

describe('one name per quantity', () => {
  /** The names the glossary replaced: each view called some quantities by one of these. */
  const RETIRED = [/Best val loss/, /Val Err\/3n/, /err\/elem/i, /error per element/i, /validation error/i, /time index/i, /\bDuration\b/, /Answer key Err/];

  /** What the open view says: its text, its labels for assistive technology and its charts' axis titles; and each named quantity. */
  async function shown(): Promise<{ words: string[]; terms: { id: string; name: string; title: string }[] }> {
    return session.browser.page.evaluate(() => {
      const main = document.querySelector('main')!;
      const words = [main.innerText, ...[...main.querySelectorAll('[aria-label]')].map((element) => element.getAttribute('aria-label') ?? '')];
      for (const canvas of main.querySelectorAll<HTMLCanvasElement>('canvas[data-chart-type][data-axes]')) {
        for (const axis of Object.values(JSON.parse(canvas.dataset.axes ?? '{}') as Record<string, { title: string[] }>)) words.push(axis.title.join(' '));
      }
      const terms = [...main.querySelectorAll<HTMLElement>('[data-term]')].map((element) => ({ id: element.dataset.term ?? '', name: element.textContent ?? '', title: element.title }));
      return { words, terms };
    });
  }

  async function expectOneNamePerQuantity(view: string): Promise<Set<string>> {
    const { words, terms } = await shown();
    for (const retired of RETIRED) expect(words.filter((text) => retired.test(text)), `${view}: ${retired}`).toEqual([]);
    for (const term of terms) {
      const entry = GLOSSARY[term.id as TermId];
      expect(entry, `${view}: ${term.id}`).toBeDefined();
      expect(term, view).toEqual({ id: term.id, name: entry.name, title: entry.definition });
    }
    return new Set(terms.map((term) => term.id));
  }

  /** The titles of the axes of the charts under `selector`, by axis id. */
  async function axisTitles(selector: string): Promise<Record<string, string>> {
    const axes = await axesOf(`${selector}[data-axes]`);
    return Object.fromEntries(Object.entries(axes).map(([id, axis]) => [id, axis.title.join(' ')]));
  }

  it('in Compare: metrics, learning curves and feature importance', async () => {
    const page = session.browser.page;
    await session.shell.open('compare');
    await page.locator('[data-saliency-view="lines"]').check();
    await page.locator('[data-saliency] canvas[data-axes]').first().waitFor();
    const terms = await expectOneNamePerQuantity('compare');
    for (const id of ['bestEpoch', 'valLoss', 'valMseAlpha', 'valErr', 'valPerElement', 'trainLoss']) expect(terms, id).toContain(id);
    expect(await axisTitles(lossCanvas)).toEqual({ x: termName('epoch'), y: termName('valLoss') });
    expect((await axisTitles('[data-saliency="alpha"] canvas')).x).toBe(termName('sampleK'));
  });

  it('in Runs: the column headers', async () => {
    await session.shell.open('runs');
    await session.browser.page.locator('table.runs-table tbody tr').first().waitFor();
    const terms = await expectOneNamePerQuantity('runs');
    for (const id of ['bestEpoch', 'valPerElement', 'evalPerElement', 'trainingTime']) expect(terms, id).toContain(id);
  });

  it('in Studies: the trials, the top runs and the best so far', async () => {
    const page = session.browser.page;
    await session.shell.open('studies');
    await page.locator('button[aria-label^="Show study"]').first().click();
    await page.locator('section.study table.trials-table tbody tr').first().waitFor();
    const terms = await expectOneNamePerQuantity('studies');
    for (const id of ['valPerElement', 'valMseAlpha', 'trainingTime']) expect(terms, id).toContain(id);
    expect(await axisTitles('section.study canvas[data-chart-type="line"]')).toEqual({ x: `${termName('studyTime')} (s)`, y: termName('valPerElement') });
  });

  it('in Curves: the samples of a curve', async () => {
    const page = session.browser.page;
    await session.shell.open('curves');
    await page.locator('[data-panel="curve"] canvas[data-chart-type="line"][data-axes]').waitFor();
    await expectOneNamePerQuantity('curves');
    expect((await axisTitles('[data-panel="curve"] canvas[data-chart-type="line"]')).x).toBe(termName('sampleK'));
    expect(session.browser.problems).toEqual([]);
  });
});
