// Types of electron-check.mjs for the TypeScript tests that use it.
export function electronBinary(): string | null;
export function fetchElectronBinary(): string | null;
export function electronSqliteBinding(): string | null;
export function electronProblem(electron?: string | null, binding?: string | null): string | null;
export const SQLITE_BINDING_ENV: string;
