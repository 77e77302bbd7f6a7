// Where the demo data sets shipped with the program live: beside the packaged app's resources, or
// in resources/demo of the source tree (from the TypeScript sources and from an unpackaged build).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the shipped demo data sets. A packaged Electron app has them in
 * `process.resourcesPath/demo` (electron-builder's extraResources, outside the asar archive).
 * Elsewhere they sit in the source tree: this module and the bundle out/electron/main.cjs are
 * equally deep below the project root, so one relative URL serves both.
 */
export function demoResourcesDir(resourcesPath: string | undefined = (process as { resourcesPath?: string }).resourcesPath): string {
  if (resourcesPath) {
    const packaged = join(resourcesPath, 'demo');
    if (existsSync(packaged)) return packaged;
  }
  return fileURLToPath(new URL('../../resources/demo', import.meta.url));
}
