// Builds the UI before the e2e tests, only when out/renderer is missing or older than its sources;
// also Electron's bundles where Electron can run the workbench.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { electronProblem } from '../../scripts/electron-check.mjs';

export default function setup(): void {
  const parts = electronProblem() === null ? ['renderer', 'electron'] : ['renderer'];
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url)), ...parts, '--if-stale'], { stdio: 'inherit' });
}
