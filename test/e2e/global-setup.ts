// Builds the UI before the e2e tests, only when out/renderer is missing or older than its sources;
// also Electron's main and preload where an Electron binary exists to run them.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './fixtures/electron-binary.ts';

export default function setup(): void {
  const parts = electronBinary() ? ['renderer', 'electron'] : ['renderer'];
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url)), ...parts, '--if-stale'], { stdio: 'inherit' });
}
