// A workbench on a fresh temporary workspace, served by the loopback server and reached by a
// WebSocket client: the contract driven the way the UI drives it, for the integration tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbench } from '../../src-main/core/workbench/workbench.ts';
import { startLoopbackServer, type LoopbackServer } from '../../src-main/server/loopback-server.ts';
import { WsClient } from '../support/ws-client.ts';

export interface WorkbenchBridge {
  /** The temporary folder: the server's static root, with the workspace in its `workspace` subfolder. */
  readonly root: string;
  readonly client: WsClient;
  /** Closes the client, the server and the workbench, then removes the folder. */
  close(): Promise<void>;
}

/** Opens one in a new folder named from `prefix`; `prepare` fills the workspace folder before the workbench opens it. */
export async function openWorkbenchBridge(prefix: string, prepare?: (workspaceDir: string) => Promise<void>): Promise<WorkbenchBridge> {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const workspaceDir = join(root, 'workspace');
  let workbench: Workbench | undefined;
  let server: LoopbackServer | undefined;
  let client: WsClient | undefined;
  const close = async (): Promise<void> => {
    client?.close();
    await server?.close();
    await workbench?.close();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await prepare?.(workspaceDir);
    workbench = await Workbench.open({ workspaceDir, mode: 'browser' });
    server = await startLoopbackServer({ handlers: workbench, events: workbench, staticDir: root, port: 0 });
    client = await WsClient.connect(server.port, server.token);
  } catch (error) {
    await close();
    throw error;
  }
  return { root, client, close };
}
