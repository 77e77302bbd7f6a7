// Finds a Chromium for the e2e tests and, when none is there, provisions one: CHROMIUM_PATH, then a
// system Chromium or Chrome, then Playwright's managed browser, then Debian's package (as root).
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Names of a system Chromium or Chrome on PATH, in order of preference. */
const SYSTEM_BROWSERS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name, env) {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** Where playwright-core keeps its own Chromium, whether or not it is installed. */
async function managedChromiumPath() {
  try {
    const { chromium } = await import('playwright-core');
    return chromium.executablePath();
  } catch {
    return null;
  }
}

/**
 * The Chromium to drive, without installing anything: { path, source }, or null. CHROMIUM_PATH
 * wins and must exist: a wrong one is an error, not a reason to pick another browser silently.
 */
export async function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) {
    if (!isExecutable(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file`);
    return { path: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
  }
  for (const name of SYSTEM_BROWSERS) {
    const path = onPath(name, env);
    if (path) return { path, source: 'system' };
  }
  const managed = await managedChromiumPath();
  if (managed && isExecutable(managed)) return { path: managed, source: 'playwright' };
  return null;
}

function quietly(command, args, timeoutMs) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, encoding: 'utf8' });
  return result.status === 0;
}

function isDebianRoot() {
  return process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/etc/debian_version') && onPath('apt-get', process.env) !== null;
}

/** Playwright's own download: fails fast where the network is closed. */
function installManaged(log) {
  log("no Chromium found: trying Playwright's managed browser...");
  const cli = join(process.cwd(), 'node_modules', 'playwright-core', 'cli.js');
  return existsSync(cli) && quietly(process.execPath, [cli, 'install', 'chromium'], 10 * 60_000);
}

function installDebianPackage(log) {
  if (!isDebianRoot()) return false;
  log('trying apt-get install chromium (root on Debian)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'pipe', 'pipe'], env, timeout: 15 * 60_000 }).status === 0;
  // A fresh machine may have no package lists yet: install first, update only when that fails.
  return apt(['install', '-y', '-qq', 'chromium']) || (apt(['update', '-qq']) && apt(['install', '-y', '-qq', 'chromium']));
}

const INSTALLERS = [installManaged, installDebianPackage];

/**
 * Finds a Chromium, trying each installer (each returns whether it installed one) until one is
 * found; throws one line when none can be had. Tests pass their own installers.
 */
export async function provisionChromium({ log = () => {}, env = process.env, installers = INSTALLERS } = {}) {
  const found = await findChromium(env);
  if (found) return found;
  for (const install of installers) {
    if (!install(log)) continue;
    const installed = await findChromium(env);
    if (installed) return installed;
  }
  throw new Error(
    'no Chromium for the e2e tests: none on PATH, Playwright could not download its own, and ' +
      (isDebianRoot() ? 'apt-get install chromium failed' : 'apt-get needs root on Debian') +
      '; install Chromium or Chrome, or set CHROMIUM_PATH',
  );
}

/** The browser's own version line, for the log. */
export function chromiumVersion(path) {
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'version unknown';
  }
}

// Run as a script (npm's pretest): provision, print one line, exit 1 with one line on failure.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const log = (line) => process.stdout.write(`chromium: ${line}\n`);
  try {
    const { path, source } = await provisionChromium({ log });
    log(`${path} (${source}; ${chromiumVersion(path)})`);
  } catch (error) {
    process.stderr.write(`chromium: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
