// Types of build-cli.mjs for the TypeScript tests that use it.
export const CLI_ENTRY_POINTS: Record<string, string>;
export function buildCli(): Promise<void>;
