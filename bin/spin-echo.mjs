#!/usr/bin/env node
// The spin-echo CLI: runs the bundle in out/cli (built by scripts/build-cli.mjs at `npm ci`) while it
// matches the sources, else the TypeScript sources through tsx. Falling back rather than rebuilding
// here keeps a start from ever racing another start's build, and never runs code older than the sources.
import { bundleState, CLI_BUNDLE_MAIN } from '../scripts/cli-bundle-stamp.mjs';

if ((await bundleState()).fresh) {
  await import(CLI_BUNDLE_MAIN);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src-main/cli/main.ts');
}
