// Runs the spin-echo CLI as a child process for the integration tests: to its end with live stderr
// and no workspace from the environment, or from the repository root within a deadline.
import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = fileURLToPath(new URL('../../bin/spin-echo.mjs', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Called with the whole stderr so far each time more arrives, to react to progress (e.g. send Ctrl-C). */
  readonly onStderr?: (text: string, pid: number) => void;
  /** Its own process group, so that a test can send Ctrl-C to it and its trainer alike, as a terminal does. */
  readonly detached?: boolean;
}

/** Runs `spin-echo ...args` to its end, collecting its exit code and output. */
export function runCliProcess(args: readonly string[], { onStderr, detached = false }: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached, env: { ...process.env, SPIN_ECHO_WORKSPACE: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      onStderr?.(stderr, child.pid!);
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface BoundedCliResult {
  /** The exit code; -1 when the process was killed (the 60 s deadline, a signal). */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `spin-echo ...args` from the repository root with the test's environment, killed after 60 s. */
export function execCli(args: readonly string[]): Promise<BoundedCliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/spin-echo.mjs', ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
