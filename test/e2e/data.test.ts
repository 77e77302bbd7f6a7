// The Data view in Chromium on a fresh workspace: import a challenge folder and see what it holds,
// a bad folder and the parser's exact error, simulate a tiny data set and cancel another.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppSession, type AppSession } from './fixtures/app-session.ts';
import { writeBadFolder, writeGoodFolder } from './fixtures/challenge-folders.ts';
import { DataPage } from './pages/data-page.ts';

let session: AppSession;
let data: DataPage;

beforeAll(async () => {
  session = await openAppSession('data');
  data = new DataPage(session.browser.page);
  await data.waitListed();
});

afterAll(async () => {
  await session?.close();
});

describe('Data view', () => {
  it('imports a typed folder, shows the files it found, lists the data set and its label histograms', async () => {
    const folder = await writeGoodFolder(join(session.scratch, 'good'));
    await data.importFolder(folder);
    const gauss = data.modelContents('gauss');
    await gauss.waitFor();
    expect(await gauss.textContent()).toContain('can be imported');
    expect(await gauss.locator('[data-file-found="true"]').count()).toBe(6);
    expect(await data.modelContents('RKKY').count()).toBe(0);
    expect(await data.importOutcome()).toBe('done');
    await data.row('good gauss').waitFor();
    expect(await data.row('good gauss').textContent()).toContain(folder);
    for (const key of ['alpha', 'xi', 'd'] as const) await data.histogram(key).waitFor();
    expect(await session.browser.page.locator('[data-panel="histograms"] h3').textContent()).toContain('40 training curves');
    await session.screenshot('data');
  });

  it('shows the parser’s error, file:line:column and reason, word for word', async () => {
    const bad = await writeBadFolder(join(session.scratch, 'bad'));
    expect(bad.message).toMatch(/gauss_echos_model_r\.txt:2:\d+: /);
    await data.importFolder(bad.dir);
    expect(await data.importOutcome()).toBe('failed');
    expect(await data.importError.textContent()).toBe(bad.message);
    expect(await data.rows.count()).toBe(1);
  });

  it('says what a folder lacks, and that a browser cannot take a dropped folder', async () => {
    await data.importFolder(join(session.scratch, 'nowhere'));
    expect(await data.importPanel.locator('[data-import-problem]').textContent()).toContain('no such folder');
    expect(await data.importPanel.getByRole('button', { name: 'Choose…' }).count()).toBe(0);
    const transfer = await session.browser.page.evaluateHandle(() => new DataTransfer());
    await data.importPanel.locator('.drop').dispatchEvent('drop', { dataTransfer: transfer });
    expect(await data.importPanel.locator('[data-import-notice]').textContent()).toContain('type or paste its path');
  });

  it('simulates a tiny data set with progress, then cancels a large one', async () => {
    await data.simulate({ name: 'e2e tiny', modelCount: 12, lattice: 16, seed: 4 });
    await data.simulateState('done').waitFor();
    await data.row('e2e tiny').waitFor();
    expect(await data.row('e2e tiny').textContent()).toMatch(/lattice\s*16.*alpha prior\s*0 to 20/);

    await data.simulate({ name: 'e2e large', modelCount: 200_000, lattice: 16 });
    const progress = data.simulatePanel.locator('[data-simulate-progress]');
    await progress.filter({ hasText: 'curves' }).waitFor();
    expect(await progress.textContent()).toMatch(/\d+ \/ 200,000 curves/);
    await session.screenshot('data-simulating');
    await data.simulatePanel.getByRole('button', { name: 'Cancel' }).click();
    await data.simulateState('cancelled').waitFor();
    expect(await data.row('e2e large').count()).toBe(0);
  });

  it('refuses a bad form inline before anything starts', async () => {
    await session.browser.page.getByRole('tab', { name: 'Simulate' }).click();
    const form = data.simulatePanel;
    await form.getByLabel('Lattice side L').fill('1');
    await form.getByLabel('alpha from').fill('30');
    expect(await form.getByRole('button', { name: 'Simulate' }).isDisabled()).toBe(true);
    expect(await form.locator('#sim-lattice-error').textContent()).toContain('from 2 to 1,024');
    expect(await form.locator('#alpha-error').textContent()).toContain('low to high');
    expect(await form.getByLabel('Lattice side L').getAttribute('aria-invalid')).toBe('true');
    expect(session.browser.problems).toEqual([]);
  });
});
