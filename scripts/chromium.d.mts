// Types of chromium.mjs for the TypeScript tests that use it.
export interface FoundChromium {
  readonly path: string;
  readonly source: 'CHROMIUM_PATH' | 'system' | 'playwright';
}
export function findChromium(env?: NodeJS.ProcessEnv): Promise<FoundChromium | null>;
export function provisionChromium(options?: {
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  installers?: readonly ((log: (line: string) => void) => boolean)[];
}): Promise<FoundChromium>;
export function chromiumVersion(path: string): string;
