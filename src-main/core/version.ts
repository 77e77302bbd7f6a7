// The program's version, read once from package.json, for manifests, runs and the About box.
import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string; productName: string };

export const programVersion: string = packageJson.version;
export const productName: string = packageJson.productName;
