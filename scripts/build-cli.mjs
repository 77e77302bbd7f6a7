#!/usr/bin/env node
// Bundles the spin-echo CLI and the modules it starts (the trainer process, the worker threads) with
// esbuild into out/cli, so that a command starts without compiling TypeScript; `npm ci` runs it
// through the prepare script. `node scripts/build-cli.mjs [--if-stale]`.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasm, WASM_OUTPUT, WASM_SOURCE } from './build-wasm.mjs';
import { bundleState, CLI_BUNDLE_DIR, makeStamp, ROOT, STAMP_NAME } from './cli-bundle-stamp.mjs';

/**
 * The CLI and every module started beside it (module-entry.ts's startSiblingWorker, fork-sibling.ts's
 * forkSibling): they all land in out/cli, where a sibling is looked up by name with the caller's extension.
 */
export const CLI_ENTRY_POINTS = {
  main: 'src-main/cli/main.ts',
  'trainer-process': 'src-main/core/learn/trainer-process.ts',
  'simulation-worker': 'src-main/core/physics/simulation-worker.ts',
  'fit-worker': 'src-main/core/fit/fit-worker.ts',
  'table-shape-worker': 'src-main/core/formats/table-shape-worker.ts',
};

/**
 * Files that shape the bundle without being bundled: the build's options and what the copied wasm
 * module is compiled from. Its sources, not the module itself: npm ci writes the module just before
 * this build, and a file that recent is hashed at every start (node:crypto alone costs 7 ms).
 */
const WASM_INPUTS = [WASM_SOURCE, fileURLToPath(new URL('./build-wasm.mjs', import.meta.url))];
const EXTRA_INPUTS = ['scripts/build-cli.mjs', 'tsconfig.json', ...WASM_INPUTS.map((path) => relative(ROOT, path))];

/** Room for file systems whose modification times are coarser than the clock (FAT: 2 s). */
const MTIME_SLACK_MS = 2000;
const ATTEMPTS = 3;

/**
 * Bundles into `outdir`. Splitting keeps each command's imports (zod, better-sqlite3, TensorFlow.js)
 * in its own chunk, loaded only when the command runs; without it every package would be imported
 * at start. Chunks sit beside the entries, so import.meta.url keeps the depth of src-main/core/
 * (../../package.json, ../../resources) and siblings are found. node_modules stay outside.
 */
async function bundle(outdir) {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: CLI_ENTRY_POINTS,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  return Object.keys(result.metafile.inputs);
}

/** Builds out/cli afresh and replaces the old one, so that a CLI starting meanwhile sees a whole bundle or none. */
export async function buildCli() {
  const builtAt = statSync(WASM_OUTPUT, { throwIfNoEntry: false })?.mtimeMs;
  if (builtAt === undefined || WASM_INPUTS.some((input) => statSync(input).mtimeMs > builtAt)) await buildWasm();
  const bundlePath = CLI_BUNDLE_DIR.slice(0, -1);
  const staging = `${bundlePath}.${process.pid}.tmp/`;
  try {
    for (let attempt = 1; ; attempt++) {
      rmSync(staging, { recursive: true, force: true });
      const startedAt = Date.now();
      const inputs = [...(await bundle(staging)), ...EXTRA_INPUTS];
      mkdirSync(`${staging}assembly`, { recursive: true });
      copyFileSync(WASM_OUTPUT, `${staging}assembly/simulator-kernels.wasm`);
      // A source saved while esbuild read it would be hashed in its new state: build again.
      const changed = inputs.find((input) => statSync(ROOT + input).mtimeMs > startedAt);
      if (changed === undefined) {
        writeFileSync(staging + STAMP_NAME, JSON.stringify(await makeStamp(inputs, startedAt - MTIME_SLACK_MS), null, 1) + '\n');
        break;
      }
      if (attempt === ATTEMPTS) throw new Error(`${changed} kept changing during the build`);
    }
    const old = `${bundlePath}.${process.pid}.old`;
    rmSync(old, { recursive: true, force: true });
    if (existsSync(bundlePath)) renameSync(bundlePath, old);
    renameSync(staging, bundlePath);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const unknown = args.find((arg) => arg !== '--if-stale');
  if (unknown !== undefined) {
    process.stderr.write(`build-cli: unknown option '${unknown}' (--if-stale)\n`);
    process.exit(2);
  }
  if (args.includes('--if-stale') && (await bundleState()).fresh) process.exit(0);
  const started = performance.now();
  await buildCli();
  process.stdout.write(`built out/cli in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
