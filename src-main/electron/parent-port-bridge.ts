// Gives a utility process the child_process IPC surface (process.send, 'message' events) over its
// parentPort, so that the learn module's trainer process runs unchanged under Electron.
import type { ParentPort } from 'electron';

interface BridgedProcess {
  parentPort?: ParentPort;
  send?: (message: unknown) => boolean;
  emit(event: 'message', message: unknown): boolean;
}

export function bridgeParentPort(target: BridgedProcess): void {
  const port = target.parentPort;
  if (!port) throw new Error('not a utility process: process.parentPort is missing');
  target.send = (message) => {
    port.postMessage(message);
    return true;
  };
  port.on('message', (event) => target.emit('message', event.data));
}
