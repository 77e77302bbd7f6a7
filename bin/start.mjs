#!/usr/bin/env node
// npm start: builds what is stale, then opens the Electron app on the default workspace, or, where
// no Electron binary is installed, says so in one line and serves the same UI in the browser.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../scripts/build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The binary's path, which the electron package exports; it throws when the download was skipped. */
function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const electron = electronBinary();
await buildApp({ parts: electron ? ['renderer', 'electron'] : ['renderer'], ifStale: true });

if (electron) {
  const child = spawn(electron, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  process.stdout.write('Electron is not installed here (no binary was downloaded): opening the browser mode instead.\n');
  const { register } = await import('tsx/esm/api');
  register();
  const { run } = await import('../src-main/cli/commands/serve.ts');
  process.exitCode = await run(process.argv.slice(2));
}
