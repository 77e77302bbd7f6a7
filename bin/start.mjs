#!/usr/bin/env node
// npm start: builds what is stale, then opens the Electron app on the default workspace, or, where
// Electron cannot run the workbench, says why in one line and serves the same UI in the browser.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../scripts/build.mjs';
import { electronBinary, electronProblem, electronSqliteBinding, fetchElectronBinary, SQLITE_BINDING_ENV } from '../scripts/electron-check.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The binary and a better-sqlite3 binding it can load, fetched on first use where a network exists. */
function prepareElectron() {
  let electron = electronBinary();
  if (!electron) {
    process.stdout.write('Fetching Electron (first start)...\n');
    electron = fetchElectronBinary();
  }
  if (!electron || electronProblem(electron) === null) return { electron, binding: null };
  return { electron, binding: electronSqliteBinding() };
}

const { electron, binding } = prepareElectron();
const problem = electronProblem(electron, binding);
await buildApp({ parts: problem ? ['renderer'] : ['renderer', 'electron'], ifStale: true });

if (!problem) {
  const env = binding ? { ...process.env, [SQLITE_BINDING_ENV]: binding } : process.env;
  const child = spawn(electron, [root, ...process.argv.slice(2)], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  process.stdout.write(`${problem}: opening the browser mode instead.\n`);
  const { register } = await import('tsx/esm/api');
  register();
  const { run } = await import('../src-main/cli/commands/serve.ts');
  const { reportFailure } = await import('../src-main/cli/exit-codes.ts');
  // A busy or damaged workspace, a bad flag: one line and the CLI's exit code, never a stack trace.
  process.exitCode = await run(process.argv.slice(2)).catch(reportFailure);
}
