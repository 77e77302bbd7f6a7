// Starts a sibling module as a child process: apart from module-entry.ts, so that commands that
// only start worker threads (inspect) do not load node:child_process at start.
import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import { siblingModule } from './module-entry.ts';

/** A child process (with an IPC channel) running module `name` beside the module at `fromUrl`. */
export function forkSibling(fromUrl: string, name: string, args: string[] = [], options: ForkOptions = {}): ChildProcess {
  const entry = siblingModule(fromUrl, name);
  const execArgv = entry.fromSource ? ['--import', import.meta.resolve('tsx')] : [];
  return fork(entry.path, args, { ...options, execArgv: [...execArgv, ...(options.execArgv ?? [])] });
}
