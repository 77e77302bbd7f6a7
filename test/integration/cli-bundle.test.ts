// The bundled CLI in out/cli (built by npm ci's prepare, or npm run build:cli) is what
// bin/spin-echo.mjs runs: it must match the sources, start lean, and run with its own bundled
// trainer process and worker threads.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WASM_OUTPUT, WASM_SOURCE } from '../../scripts/build-wasm.mjs';
import { bundleState, CLI_BUNDLE_DIR, CLI_BUNDLE_MAIN, ROOT, STAMP_NAME } from '../../scripts/cli-bundle-stamp.mjs';
import { inspectChallengeFolder } from '../../src-main/core/formats/challenge-inspect.ts';
import { writeChallengeFolder } from './challenge-fixture.ts';
import type { CliResult } from './cli-process.ts';

/** Runs the bundle's own entry, never the sources: a missing bundled sibling cannot be papered over by tsx. */
function runBundle(args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BUNDLE_MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SPIN_ECHO_WORKSPACE: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The bundle files a module imports statically (loaded with it), and the packages it imports. */
function staticImports(file: string): { chunks: string[]; packages: string[] } {
  const text = readFileSync(join(CLI_BUNDLE_DIR, file), 'utf8');
  const specifiers = [...text.matchAll(/^import\s+(?:[^;]*?\s+from\s+)?"([^"]+)";/gm)].map((match) => match[1]);
  return {
    chunks: specifiers.filter((specifier) => specifier.startsWith('./')).map((specifier) => specifier.slice(2)),
    packages: specifiers.filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:')),
  };
}

/** Every package loaded with `file`, through its static imports, transitively. */
function packagesLoadedWith(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const { chunks, packages } = staticImports(file);
  return [...packages, ...chunks.flatMap((chunk) => packagesLoadedWith(chunk, seen))];
}

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'spin-echo-bundle-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the bundled CLI', () => {
  it('was built from the sources as they are now (else: npm run build:cli)', async () => {
    expect(await bundleState({ exact: true })).toEqual({ fresh: true });
  });

  it("stamps the wasm module's sources, not the module npm ci writes just before the build (which every start would hash)", () => {
    const inputs = Object.keys(JSON.parse(readFileSync(join(CLI_BUNDLE_DIR, STAMP_NAME), 'utf8')).inputs);
    expect(inputs).toEqual(expect.arrayContaining([relative(ROOT, WASM_SOURCE), 'scripts/build-wasm.mjs']));
    expect(inputs).not.toContain(relative(ROOT, WASM_OUTPUT));
  });

  it('prints its usage', async () => {
    const result = await runBundle(['--help']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^usage: spin-echo <command> \[options\]\n/);
    expect(result.stdout).toContain('  inspect ');
  });

  it('loads no package from node_modules for --help or inspect (zod, TensorFlow.js, better-sqlite3 wait for the commands that use them)', () => {
    expect(packagesLoadedWith('main.mjs')).toEqual([]);
    const inspectChunk = /inspect: \{[^\n]*import\("\.\/(inspect-\w+\.mjs)"\)/.exec(readFileSync(CLI_BUNDLE_MAIN, 'utf8'))?.[1];
    expect(inspectChunk).toBeDefined();
    expect(packagesLoadedWith(inspectChunk!)).toEqual([]);
    expect(packagesLoadedWith('trainer-process.mjs')).toContain('@tensorflow/tfjs');
  });

  it('inspects a challenge folder as the sources do', async () => {
    const folder = join(root, 'challenge');
    mkdirSync(folder);
    await writeChallengeFolder(folder, 'gauss', { modelCount: 12, evalCount: 5, truth: true, seed: 3 });
    const result = await runBundle(['inspect', folder, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(JSON.stringify(await inspectChallengeFolder(folder))));
  });

  it('simulates in its bundled simulation worker, with the WebAssembly engine where the bundle looks for it', async () => {
    expect(readFileSync(join(CLI_BUNDLE_DIR, 'assembly/simulator-kernels.wasm')).equals(readFileSync(WASM_OUTPUT))).toBe(true);
    const out = join(root, 'simulated');
    const result = await runBundle(['simulate', '--kernel', 'gauss', '--seed', '5', '--n-model', '3', '--n-eval', '0', '--lattice', '10', '--workers', '1', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const rows = readFileSync(join(out, 'gauss_echos_model_r.txt'), 'utf8').trim().split('\n');
    expect(rows.map((row) => row.split('\t').length)).toEqual([471, 471, 471]);
  });

  it('trains in its bundled trainer process', async () => {
    const folder = join(root, 'to-train');
    const workspace = join(root, 'workspace');
    mkdirSync(folder);
    await writeChallengeFolder(folder, 'gauss', { modelCount: 40, evalCount: 8, truth: true, seed: 4 });
    const imported = await runBundle(['datasets', 'import', folder, '--workspace', workspace, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    const tiny = ['--set', 'hiddenUnits=[8]', '--set', 'activations=["relu"]', '--set', 'batchSize=16', '--backend', 'cpu'];
    const trained = await runBundle(['train', '--dataset', folder, '--model', 'seed-mlp', '--epochs', '1', ...tiny, '--json', '--workspace', workspace]);
    expect(trained.code, trained.stderr).toBe(0);
    expect(JSON.parse(trained.stdout)).toMatchObject({ status: 'finished', backend: 'cpu' });
  });
});
