// Where the files shipped beside the program live: the demo data sets (beside the packaged app's
// resources, or in resources/demo of the source tree) and the built UI (out/renderer).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the shipped demo data sets. A packaged Electron app has them in
 * `process.resourcesPath/demo` (electron-builder's extraResources, outside the asar archive).
 * Elsewhere they sit in the source tree: this module and the bundles (out/electron/main.cjs,
 * out/cli/*.mjs) are equally deep below the project root, so one relative URL serves all.
 */
export function demoResourcesDir(resourcesPath: string | undefined = (process as { resourcesPath?: string }).resourcesPath): string {
  if (resourcesPath) {
    const packaged = join(resourcesPath, 'demo');
    if (existsSync(packaged)) return packaged;
  }
  return fileURLToPath(new URL('../../resources/demo', import.meta.url));
}

/** The built UI that `spin-echo serve` serves, found like the demo folder above (npm run build makes it). */
export function builtRendererDir(): string {
  return fileURLToPath(new URL('../../out/renderer/', import.meta.url));
}
