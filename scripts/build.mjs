#!/usr/bin/env node
// Builds the app: the Svelte UI with Vite into out/renderer, and Electron's main and preload with
// esbuild into out/electron. `node scripts/build.mjs [renderer|electron] [--if-stale]`.
import { build as esbuild } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';
import { isStale } from './build-freshness.mjs';
import { buildWasm, WASM_OUTPUT } from './build-wasm.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const path = (relative) => fileURLToPath(new URL(relative, new URL('../', import.meta.url)));

export const OUTPUTS = {
  renderer: { marker: path('out/renderer/index.html'), sources: [path('src-renderer'), path('src-main/core/api')] },
  electron: { marker: path('out/electron/main.cjs'), sources: [path('src-main'), path('package.json')] },
};

export async function buildRenderer() {
  await viteBuild({ configFile: path('src-renderer/vite.config.ts'), logLevel: 'warn' });
}

// The core uses import.meta.url to find package.json and its worker modules; in a CommonJS bundle
// it becomes this file's URL, and out/electron/ sits as deep as src-main/core/ does.
const importMetaUrl = {
  define: { 'import.meta.url': 'importMetaUrl', 'import.meta.resolve': 'importMetaResolve' },
  banner: {
    js: [
      "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;",
      "const importMetaResolve = (specifier) => require('node:url').pathToFileURL(require.resolve(specifier)).href;",
    ].join('\n'),
  },
};

export async function buildElectron() {
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'linked', logLevel: 'warning', absWorkingDir: root };
  await Promise.all([
    // Main and the processes it starts, each beside it as the core's module-entry expects: the
    // simulation and fit worker threads and the trainer utility process. node_modules stay outside the
    // bundles (native modules, TensorFlow.js); electron-builder ships them.
    esbuild({
      ...common,
      ...importMetaUrl,
      entryPoints: {
        main: 'src-main/electron/main.ts',
        'simulation-worker': 'src-main/core/physics/simulation-worker.ts',
        'fit-worker': 'src-main/core/fit/fit-worker.ts',
        'trainer-utility': 'src-main/electron/trainer-utility.ts',
      },
      outdir: 'out/electron',
      outExtension: { '.js': '.cjs' },
      packages: 'external',
    }),
    // The sandboxed preload can require nothing but electron: everything else is bundled in.
    esbuild({ ...common, entryPoints: { preload: 'src-main/electron/preload.ts' }, outdir: 'out/electron', outExtension: { '.js': '.cjs' }, external: ['electron'] }),
  ]);
  // The simulator's WebAssembly module, where wasm-step-engine.ts looks for it relative to the bundle.
  if (!existsSync(WASM_OUTPUT)) await buildWasm();
  mkdirSync(path('out/electron/assembly'), { recursive: true });
  copyFileSync(WASM_OUTPUT, path('out/electron/assembly/simulator-kernels.wasm'));
}

const STEPS = { renderer: buildRenderer, electron: buildElectron };

/** Builds the named parts (all by default); with ifStale, only those older than their sources. */
export async function buildApp({ parts = Object.keys(STEPS), ifStale = false } = {}) {
  for (const part of parts) {
    if (ifStale && !isStale(OUTPUTS[part].marker, OUTPUTS[part].sources)) continue;
    const started = performance.now();
    await STEPS[part]();
    process.stdout.write(`built ${part} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const parts = args.filter((arg) => !arg.startsWith('--'));
  const unknown = parts.filter((part) => !(part in STEPS));
  if (unknown.length > 0) {
    process.stderr.write(`build: unknown part '${unknown[0]}' (renderer, electron)\n`);
    process.exit(2);
  }
  await buildApp({ parts: parts.length > 0 ? parts : undefined, ifStale: args.includes('--if-stale') });
}
