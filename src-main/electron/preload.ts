// The sandboxed preload: puts the contract on window.workbench as a narrow pipe (call, onEvent), and
// the path of a dropped folder; validation happens in the main process, which trusts nothing from here.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { BridgeApi, CallName, EventMessage, ReplyBody } from '../core/api/contract.ts';
import { CALL_CHANNEL_PREFIX, EVENT_CHANNEL } from './ipc-channels.ts';

const bridge: BridgeApi = {
  async call(name: CallName, args: unknown): Promise<ReplyBody> {
    try {
      return (await ipcRenderer.invoke(CALL_CHANNEL_PREFIX + String(name), args)) as ReplyBody;
    } catch (error) {
      // Electron rejects a channel without a handler: the same error as the server's unknown call.
      return { ok: false, error: { kind: 'protocol', message: `unknown call '${String(name)}' (${error instanceof Error ? error.message : String(error)})` } };
    }
  },
  onEvent(listener: (event: EventMessage) => void): () => void {
    const forward = (_event: IpcRendererEvent, message: EventMessage) => listener(message);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
  pathForFile(file: File): string | null {
    // The page may pass anything: webUtils throws on what is not a File, and gives '' for a File not on disk.
    try {
      const path = webUtils.getPathForFile(file);
      return typeof path === 'string' && path !== '' ? path : null;
    } catch {
      return null;
    }
  },
};

contextBridge.exposeInMainWorld('workbench', bridge);
