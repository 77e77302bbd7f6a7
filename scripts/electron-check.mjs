// Finds the Electron binary and tells whether it can run the workbench here; shared by npm start
// and the Electron e2e test.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The binary's path, which the electron package exports; it throws when the download was skipped. */
export function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** Why Electron cannot run the workbench here, or null when it can. */
export function electronProblem(electron = electronBinary()) {
  if (!electron) return 'Electron is not installed here (no binary was downloaded)';
  // better-sqlite3 is a native module: built for Node's ABI it does not load in Electron.
  const probe = spawnSync(electron, ['-e', "require('better-sqlite3')"], { cwd: root, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'ignore' });
  if (probe.status !== 0) return "better-sqlite3 is not built for Electron's ABI (run npx electron-builder install-app-deps)";
  return null;
}
