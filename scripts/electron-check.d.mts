// Types of electron-check.mjs for the TypeScript tests that use it.
export function electronBinary(): string | null;
export function electronProblem(electron?: string | null): string | null;
