// Where the workspace lives: a --workspace flag, else SPIN_ECHO_WORKSPACE, else the user's data folder.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { productName } from '../version.ts';

export const WORKSPACE_ENV = 'SPIN_ECHO_WORKSPACE';

/** The per-user data folder of the platform: XDG on Linux, Application Support on macOS, APPDATA on Windows. */
export function defaultWorkspaceDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', productName);
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), productName);
  // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  const dataHome = xdg && xdg.startsWith('/') ? xdg : join(home, '.local', 'share');
  return join(dataHome, 'spin-echo-workbench');
}

/** The workspace folder to use, as an absolute path. */
export function resolveWorkspaceDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag !== '') return resolve(flag);
  const fromEnv = env[WORKSPACE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  return defaultWorkspaceDir(env);
}
