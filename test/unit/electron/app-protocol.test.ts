// app://workbench serves the built UI with its Content-Security-Policy and nothing outside it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_ENTRY, isAppUrl, respondFromRenderer } from '../../../src-main/electron/app-protocol.ts';

describe('app protocol', () => {
  const parent = mkdtempSync(join(tmpdir(), 'spin-echo-app-'));
  const dir = join(parent, 'renderer');
  mkdirSync(dir);
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  writeFileSync(join(parent, 'secret.txt'), 'secret');
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('serves the entry page with a strict policy', async () => {
    const response = await respondFromRenderer(dir, APP_ENTRY);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await response.text()).toBe('<!doctype html>');
  });

  it('refuses paths outside the UI and other hosts', async () => {
    for (const url of ['app://workbench/../secret.txt', 'app://workbench/%2e%2e/secret.txt', 'app://other/index.html', 'app://workbench/missing.js']) {
      expect((await respondFromRenderer(dir, url)).status, url).toBe(404);
    }
  });

  it('names only its own origin as the app', () => {
    expect(isAppUrl(APP_ENTRY)).toBe(true);
    expect(isAppUrl('app://workbench.evil/index.html')).toBe(false);
    expect(isAppUrl('https://workbench/')).toBe(false);
  });
});
