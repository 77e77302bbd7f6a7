// Names of the TensorFlow.js backends, kept apart from backend.ts so that the owner process can
// validate trainer messages without loading TensorFlow.js itself.

export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export const BACKEND_PREFERENCES = ['auto', ...BACKEND_NAMES] as const;
export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];
