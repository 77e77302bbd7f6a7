#!/usr/bin/env node
// Compiles the simulator's AssemblyScript kernels to WebAssembly (SIMD) beside their source; `npm ci`
// runs it through the prepare script, and scripts/build.mjs and build-cli.mjs copy it into their bundles.
import { fileURLToPath } from 'node:url';

export const WASM_SOURCE = fileURLToPath(new URL('../src-main/core/physics/assembly/simulator-kernels.ts', import.meta.url));
export const WASM_OUTPUT = fileURLToPath(new URL('../src-main/core/physics/assembly/simulator-kernels.wasm', import.meta.url));

// -O3 keeps IEEE semantics (Binaryen never reassociates or fuses f64 arithmetic), which the
// bit-identity with the TypeScript engine relies on.
export async function buildWasm() {
  // Loaded here, not at the top: scripts that only need the paths above should not load the compiler.
  const { default: asc } = await import('assemblyscript/asc');
  const { error, stderr } = await asc.main([WASM_SOURCE, '--outFile', WASM_OUTPUT, '-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd']);
  if (error) throw new Error(`asc failed: ${error.message}\n${stderr.toString()}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  await buildWasm();
  process.stdout.write(`built ${WASM_OUTPUT} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
