// Types of cli-bundle-stamp.mjs for the TypeScript tests that use it.
export const ROOT: string;
export const CLI_BUNDLE_DIR: string;
export const CLI_BUNDLE_MAIN: string;
export const STAMP_NAME: string;
export interface BuildStamp {
  readonly builtAt: number;
  readonly inputs: Record<string, string>;
}
export type BundleState = { readonly fresh: true } | { readonly fresh: false; readonly reason: string };
export function makeStamp(relativePaths: readonly string[], builtAt: number, root?: string): Promise<BuildStamp>;
export function bundleState(options?: { bundleDir?: string; root?: string; exact?: boolean }): Promise<BundleState>;
