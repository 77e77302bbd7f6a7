// The CLI bundle's build stamp: which source files out/cli was built from and a SHA-256 of each, so
// that bin/spin-echo.mjs runs the bundle only while it matches the sources, and a test can say so.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const CLI_BUNDLE_DIR = fileURLToPath(new URL('../out/cli/', import.meta.url));
export const CLI_BUNDLE_MAIN = fileURLToPath(new URL('../out/cli/main.mjs', import.meta.url));
export const STAMP_NAME = 'build-stamp.json';

/** SHA-256 of a file's bytes, hex. node:crypto loads only when a file is actually hashed. */
async function hashFile(path) {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * The stamp for the given files (paths relative to `root`, ending in '/'): their hashes and
 * `builtAt`, a time before the build read any of them.
 */
export async function makeStamp(relativePaths, builtAt, root = ROOT) {
  const inputs = {};
  for (const relative of [...relativePaths].sort()) inputs[relative] = await hashFile(root + relative);
  return { builtAt, inputs };
}

/**
 * Whether the bundle in `bundleDir` was built from the sources as they are now: `{ fresh: true }`
 * or `{ fresh: false, reason }`. A file not modified since the build is taken as unchanged unless
 * `exact`; a modified one (a checkout touches files too) is hashed and compared.
 */
export async function bundleState({ bundleDir = CLI_BUNDLE_DIR, root = ROOT, exact = false } = {}) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(bundleDir + STAMP_NAME, 'utf8'));
  } catch {
    return { fresh: false, reason: `${bundleDir} is not built (no ${STAMP_NAME})` };
  }
  for (const [relative, hash] of Object.entries(stamp.inputs)) {
    let modified;
    try {
      modified = statSync(root + relative).mtimeMs;
    } catch {
      return { fresh: false, reason: `${relative} was removed since the build` };
    }
    if (!exact && modified <= stamp.builtAt) continue;
    if ((await hashFile(root + relative)) !== hash) return { fresh: false, reason: `${relative} changed since the build` };
  }
  return { fresh: true };
}
