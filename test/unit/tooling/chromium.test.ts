// npm test provisions its own browser: CHROMIUM_PATH, then a system Chromium or Chrome, then an
// installer (Playwright's download, Debian's package), failing with one line when none works.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findChromium, provisionChromium } from '../../../scripts/chromium.mjs';

const folders: string[] = [];

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spin-echo-chromium-test-'));
  folders.push(dir);
  return dir;
}

function fakeBrowser(dir: string, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\necho fake\n');
  chmodSync(path, 0o755);
  return path;
}

// Playwright's managed browser is looked for too: these tests only hold where none is installed.
const managedInstalled = (await findChromium({ PATH: '' })) !== null;

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(managedInstalled)('findChromium', () => {
  it('takes CHROMIUM_PATH first, over a browser on PATH', async () => {
    const dir = folder();
    const chosen = fakeBrowser(dir, 'my-chrome');
    fakeBrowser(dir, 'chromium');
    expect(await findChromium({ CHROMIUM_PATH: chosen, PATH: dir })).toEqual({ path: chosen, source: 'CHROMIUM_PATH' });
  });

  it('refuses a CHROMIUM_PATH that is not an executable, instead of quietly using another browser', async () => {
    const dir = folder();
    fakeBrowser(dir, 'chromium');
    await expect(findChromium({ CHROMIUM_PATH: join(dir, 'missing'), PATH: dir })).rejects.toThrow(/CHROMIUM_PATH=.*missing is not an executable/);
  });

  it('prefers chromium to chrome on PATH, and ignores files that are not executable', async () => {
    const dir = folder();
    fakeBrowser(dir, 'google-chrome');
    writeFileSync(join(dir, 'chromium'), 'not executable');
    expect(await findChromium({ PATH: dir })).toEqual({ path: join(dir, 'google-chrome'), source: 'system' });
    const chromium = fakeBrowser(dir, 'chromium-browser');
    expect(await findChromium({ PATH: dir })).toEqual({ path: chromium, source: 'system' });
  });

  it('finds nothing on an empty PATH', async () => {
    expect(await findChromium({ PATH: '' })).toBeNull();
  });
});

describe.skipIf(managedInstalled)('provisionChromium', () => {
  it('runs the installers in order until one yields a browser', async () => {
    const dir = folder();
    const tried: string[] = [];
    const env = { PATH: dir };
    const found = await provisionChromium({
      env,
      installers: [
        () => (tried.push('fails'), false),
        () => (tried.push('installs nothing'), true),
        () => (tried.push('installs'), fakeBrowser(dir, 'chromium'), true),
        () => (tried.push('never reached'), true),
      ],
    });
    expect(found).toEqual({ path: join(dir, 'chromium'), source: 'system' });
    expect(tried).toEqual(['fails', 'installs nothing', 'installs']);
  });

  it('fails with one line naming the ways out when no installer works', async () => {
    const error = await provisionChromium({ env: { PATH: '' }, installers: [() => false] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).message).toMatch(/no Chromium for the e2e tests: .*set CHROMIUM_PATH/);
  });
});
