// Finds the Electron binary (fetching it on first use where a network exists), gives Electron a
// better-sqlite3 binding built for its own ABI, and tells whether it can run the workbench here;
// shared by npm start and the Electron e2e test.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
// The variable src-main/core/store/sqlite-binding.ts reads.
const SQLITE_BINDING_ENV = 'SPIN_ECHO_SQLITE_BINDING';
// Offline, a download fails at once; this only bounds a stalled connection.
const FETCH_TIMEOUT_MS = 5 * 60_000;

/** The binary's path, which the electron package exports; it throws when the download was skipped. */
export function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** Runs electron's own install script (skipped at npm ci), then looks for the binary again. */
export function fetchElectronBinary() {
  const script = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(script)) return null;
  spawnSync(process.execPath, [script], { cwd: join(root, 'node_modules', 'electron'), stdio: 'ignore', timeout: FETCH_TIMEOUT_MS });
  return electronBinary();
}

function electronVersion() {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

/**
 * A better-sqlite3 binding for Electron's ABI in out/native/, kept apart from the package's own
 * build that Node uses; made on first use from the prebuilt binaries (needs a network). Null when
 * it cannot be had.
 */
export function electronSqliteBinding() {
  const version = electronVersion();
  const packageCopy = join(root, 'out', 'native', `electron-${version}`, 'better-sqlite3');
  const binding = join(packageCopy, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return binding;
  const source = join(root, 'node_modules', 'better-sqlite3');
  cpSync(source, packageCopy, { recursive: true, filter: (path) => !path.startsWith(join(source, 'build')) });
  const prebuild = join(root, 'node_modules', 'prebuild-install', 'bin.js');
  spawnSync(process.execPath, [prebuild, '--runtime', 'electron', '--target', version], { cwd: packageCopy, stdio: 'ignore', timeout: FETCH_TIMEOUT_MS });
  return existsSync(binding) ? binding : null;
}

/** Whether `runtime` can open a database with better-sqlite3 (and the given binding, if any). */
function sqliteLoadsIn(runtime, binding) {
  const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  if (binding) env[SQLITE_BINDING_ENV] = binding;
  else delete env[SQLITE_BINDING_ENV];
  const script = `const D = require('better-sqlite3'); const b = process.env.${SQLITE_BINDING_ENV}; new D(':memory:', b ? { nativeBinding: b } : {}).close();`;
  return spawnSync(runtime, ['-e', script], { cwd: root, env, stdio: 'ignore' }).status === 0;
}

/** Why Electron cannot run the workbench here, or null when it can (with `binding` if given). */
export function electronProblem(electron = electronBinary(), binding = null) {
  if (!electron) return 'Electron is not installed here (its binary could not be downloaded)';
  if (!sqliteLoadsIn(electron, binding)) return "better-sqlite3 has no build for Electron's ABI here (npm start makes one where a network exists)";
  return null;
}

export { SQLITE_BINDING_ENV };
