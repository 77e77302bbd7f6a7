#!/usr/bin/env node
// npm start: builds what is stale, then opens the Electron app on the default workspace, or, where
// Electron cannot run the workbench, says why in one line and serves the same UI in the browser.
import { spawn, spawnSync } from 'node:child_process';
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

/** Why Electron cannot run the workbench here, or null when it can. */
function electronProblem(electron) {
  if (!electron) return 'Electron is not installed here (no binary was downloaded)';
  // better-sqlite3 is a native module: built for Node's ABI it does not load in Electron.
  const probe = spawnSync(electron, ['-e', "require('better-sqlite3')"], { cwd: root, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'ignore' });
  if (probe.status !== 0) return "better-sqlite3 is not built for Electron's ABI (run npx electron-builder install-app-deps)";
  return null;
}

const electron = electronBinary();
const problem = electronProblem(electron);
await buildApp({ parts: problem ? ['renderer'] : ['renderer', 'electron'], ifStale: true });

if (!problem) {
  const child = spawn(electron, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  process.stdout.write(`${problem}: opening the browser mode instead.\n`);
  const { register } = await import('tsx/esm/api');
  register();
  const { run } = await import('../src-main/cli/commands/serve.ts');
  process.exitCode = await run(process.argv.slice(2));
}
