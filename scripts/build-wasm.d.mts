// Types of build-wasm.mjs for the TypeScript tests that use it.
export const WASM_SOURCE: string;
export const WASM_OUTPUT: string;
export function buildWasm(): Promise<void>;
