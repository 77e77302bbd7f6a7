// Draw time of the Curves view's overlay in Chromium (the bar: 500 curves x 471 points in
// under 500 ms): the built UI on `spin-echo serve`, a 2000-curve data set imported through the Data
// view, then redraws forced by changing the colour parameter. Prints the component's own draw time
// and the wall time until the canvas has been rasterised (a pixel read forces it), for this machine.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../e2e/fixtures/chromium.ts';
import { startServeProcess } from '../e2e/fixtures/serve-process.ts';
import { AppShell } from '../e2e/pages/app-shell.ts';
import { DataPage } from '../e2e/pages/data-page.ts';
import { writeChallengeFolder } from '../integration/challenge-fixture.ts';

const DATASET_CURVES = 2000;
const OVERLAYS = [500, 2000];
const REDRAWS = 9;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url)), 'renderer', '--if-stale'], { stdio: 'inherit' });
const root = mkdtempSync(join(tmpdir(), 'spin-echo-overlay-bench-'));
const folder = join(root, 'challenge');
mkdirSync(folder);
await writeChallengeFolder(folder, 'gauss', { modelCount: DATASET_CURVES, evalCount: 1, truth: false, seed: 5 });
const server = await startServeProcess(join(root, 'workspace'));
const browser = await launchChromium();
try {
  const page = browser.page;
  const shell = new AppShell(page);
  await page.goto(server.url);
  await shell.waitLoaded();
  const data = new DataPage(page);
  await data.importFolder(folder);
  if ((await data.importOutcome()) !== 'done') throw new Error(`import failed: ${await data.importError.textContent()}`);
  await shell.open('curves');
  const overlay = page.locator('[data-panel="overlay"] canvas[data-curve-overlay]');
  const box = await overlay.boundingBox();
  const ratio = await page.evaluate(() => window.devicePixelRatio);
  process.stdout.write(
    `overlay draw time in Chromium (${browser.context.browser()?.version() ?? 'headless'}, software raster), canvas ${Math.round(box?.width ?? 0)} x ${Math.round(box?.height ?? 0)} CSS px at dpr ${ratio}; ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}\n`,
  );
  for (const curves of OVERLAYS) {
    await page.locator('[data-panel="overlay"] select[name="overlay-count"]').selectOption(String(curves));
    await page.locator(`[data-panel="overlay"] canvas[data-curve-overlay][data-drawn-curves="${curves}"]`).waitFor({ timeout: 60_000 });
    const samples = await page.evaluate(async (redraws) => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-panel="overlay"] canvas[data-curve-overlay]')!;
      const select = document.querySelector<HTMLSelectElement>('[data-panel="overlay"] select[name="colour-by"]')!;
      const parameters = ['xi', 'd', 'alpha'];
      const results: { componentMs: number; wallMs: number }[] = [];
      for (let k = 0; k < redraws; k++) {
        const before = canvas.dataset.draws;
        const drawn = new Promise<void>((resolve) => {
          const observer = new MutationObserver(() => {
            if (canvas.dataset.draws !== before) {
              observer.disconnect();
              resolve();
            }
          });
          observer.observe(canvas, { attributes: true, attributeFilter: ['data-draws'] });
        });
        const started = performance.now();
        select.value = parameters[k % parameters.length];
        select.dispatchEvent(new Event('change', { bubbles: true }));
        await drawn;
        canvas.getContext('2d')!.getImageData(0, 0, 1, 1);
        results.push({ componentMs: Number(canvas.dataset.drawMs), wallMs: performance.now() - started });
        await new Promise((resolve) => requestAnimationFrame(() => resolve(null)));
      }
      return results;
    }, REDRAWS);
    const component = samples.map((sample) => sample.componentMs);
    const wall = samples.map((sample) => sample.wallMs);
    process.stdout.write(
      `  ${curves} curves x 471 points: draw ${median(component).toFixed(1)} ms median (max ${Math.max(...component).toFixed(1)}), ` +
        `until rasterised ${median(wall).toFixed(1)} ms median (max ${Math.max(...wall).toFixed(1)}) over ${REDRAWS} redraws\n`,
    );
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(root, { recursive: true, force: true });
}
