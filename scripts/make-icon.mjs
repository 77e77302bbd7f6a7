#!/usr/bin/env node
// Renders resources/icon.svg with Chromium: the 512 x 512 resources/icon.png that packaging uses,
// and the UI's 64 x 64 favicon.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { provisionChromium } from './chromium.mjs';

const resources = fileURLToPath(new URL('../resources/', import.meta.url));
const favicon = fileURLToPath(new URL('../src-renderer/public/', import.meta.url));
const svg = readFileSync(join(resources, 'icon.svg'), 'utf8');
mkdirSync(favicon, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'spin-echo-icon-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: (await provisionChromium()).path,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  viewport: { width: 512, height: 512 },
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: join(resources, 'icon.png'), omitBackground: true });
  await page.setViewportSize({ width: 64, height: 64 });
  await page.locator('svg').evaluate((svg) => svg.setAttribute('width', '64') || svg.setAttribute('height', '64'));
  await page.locator('svg').screenshot({ path: join(favicon, 'favicon.png'), omitBackground: true });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write('wrote resources/icon.png and src-renderer/public/favicon.png\n');
