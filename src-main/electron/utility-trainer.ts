// The trainer in Electron's utilityProcess: the learn module's TrainerTransport over a utility
// process, so that TensorFlow.js never loads in the main process and a crash leaves the app up.
import type { UtilityProcess } from 'electron';
import type { TrainerTransport } from '../core/workspace/vocabulary.ts';

const STDERR_TAIL = 4096;

type ForkUtility = (modulePath: string, args: string[], options: { serviceName: string; stdio: ['ignore', 'ignore', 'pipe'] }) => UtilityProcess;

/** Starts `entry` (the bundled trainer-utility.cjs) as a utility process and speaks to it. */
export function utilityTrainerTransport(fork: ForkUtility, entry: string): TrainerTransport {
  const child = fork(entry, [], { serviceName: 'Spin Echo Workbench trainer', stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer | string) => {
    tail = (tail + chunk.toString()).slice(-STDERR_TAIL);
  });
  return {
    // Messages sent before the process has spawned wait in Electron's queue; the client also
    // holds its own until the trainer says 'ready'.
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code: number) => listener(code, null)),
    kill: () => {
      child.kill();
    },
    stderrTail: () => tail,
  };
}
