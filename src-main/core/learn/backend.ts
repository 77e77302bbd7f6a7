// Chooses the TensorFlow.js backend for training: tfjs-node when it is installed, then wasm, then
// cpu, noting why each faster one was skipped, and moving on when a model cannot train on one.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { InputError } from '../errors.ts';

import { BACKEND_NAMES, BACKEND_PREFERENCES, type BackendName, type BackendPreference } from './backend-names.ts';

export { BACKEND_NAMES, BACKEND_PREFERENCES, type BackendName, type BackendPreference } from './backend-names.ts';

export interface BackendChoice {
  readonly name: BackendName;
  /** Why each backend before it was skipped, and what the chosen one lacks. */
  readonly notes: string[];
}

// The optional dependency is named through a variable so that TypeScript does not need its types.
const TFJS_NODE = '@tensorflow/tfjs-node';
let wasmPathsSet = false;

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function loadTensorflowBackend(): Promise<void> {
  if (tf.findBackendFactory('tensorflow')) return;
  try {
    await import(TFJS_NODE);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new Error(`${TFJS_NODE} is not installed`);
    throw new Error(`${TFJS_NODE} failed to load: ${reasonOf(error)}`);
  }
  // A tfjs-node with its own nested copy of tfjs-core registers into an engine this module never sees.
  if (!tf.findBackendFactory('tensorflow')) throw new Error(`${TFJS_NODE} registered its backend in another copy of tfjs-core`);
}

function pointWasmAtItsBinaries(): void {
  if (wasmPathsSet) return;
  // Under Node the wasm backend fetches nothing: it reads the .wasm files from this directory, given as a path ending in '/'.
  const require = createRequire(import.meta.url);
  const binary = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
  setWasmPaths(`${dirname(binary)}/`);
  wasmPathsSet = true;
}

async function activate(name: BackendName): Promise<string[]> {
  if (name === 'tensorflow') await loadTensorflowBackend();
  if (name === 'wasm') pointWasmAtItsBinaries();
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') failed to initialise`);
  await tf.ready();
  if (name !== 'wasm') return [];
  const notes: string[] = [];
  if (!tf.env().getBool('WASM_HAS_SIMD_SUPPORT')) notes.push('wasm: no SIMD support');
  if (!tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')) notes.push('wasm: single-threaded (no threads support under Node)');
  return notes;
}

/** The backends to try, in order, for a preference: the preferred one and every slower one after it. */
export function backendCandidates(preference: BackendPreference): BackendName[] {
  if (preference === 'auto') return [...BACKEND_NAMES];
  const start = BACKEND_NAMES.indexOf(preference);
  if (start < 0) throw new InputError(`unknown backend '${String(preference)}' (expected one of ${BACKEND_PREFERENCES.join(', ')})`);
  return BACKEND_NAMES.slice(start);
}

/**
 * Activates the first backend of the preference that initialises and passes `probe` (for
 * instance one forward and backward pass of the model to train); throws if none does.
 */
export async function selectBackend(
  preference: BackendPreference,
  probe?: (name: BackendName) => void | Promise<void>,
): Promise<BackendChoice> {
  const notes: string[] = [];
  for (const name of backendCandidates(preference)) {
    try {
      const limits = await activate(name);
      if (probe) await probe(name);
      return { name, notes: [...notes, ...limits] };
    } catch (error) {
      notes.push(`${name} skipped: ${reasonOf(error)}`);
    }
  }
  throw new InputError(`no TensorFlow.js backend could be used: ${notes.join('; ')}`);
}

/** The backend now active, as a BackendName. */
export function activeBackend(): BackendName {
  const name = tf.getBackend();
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) throw new Error(`unexpected active backend '${name}'`);
  return name as BackendName;
}
