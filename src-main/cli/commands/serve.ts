// spin-echo serve: the workbench UI in any browser, from 127.0.0.1, behind a session token.
import { existsSync } from 'node:fs';
import type { CallHandlers, EventSource } from '../../core/api/contract-dispatch.ts';
import { builtRendererDir } from '../../core/shipped-resources.ts';
import { DamagedDatabaseError } from '../../core/workspace/vocabulary.ts';
import { Workbench } from '../../core/workbench/workbench.ts';
import { describeDemoSeed, seedDemoWorkspace } from '../../core/workspace/demo-workspace.ts';
import { WorkspaceBusyError } from '../../core/workspace/workspace-lock.ts';
import { DamagedWorkspaceGate } from '../../server/damaged-workspace-gate.ts';
import { startLoopbackServer } from '../../server/loopback-server.ts';
import { findServedUrl, recordServedUrl } from '../../core/workspace/served-url.ts';
import { numberFlag, parseCommandFlags } from '../args.ts';
import { flaggedWorkspaceDir, parseTrainersFlag, TRAINERS_FLAG, trainersUsage } from '../workspace-flags.ts';

const USAGE = `usage: spin-echo serve [--port P] [--workspace DIR] [--no-demo] [--fresh-database] [--trainers N]

Serves the workbench UI on http://127.0.0.1:P (a free port by default) and prints its URL,
which carries the session token. Stop with Ctrl+C. When another serve has the workspace open,
prints its URL instead. When the workspace database is damaged, the page says so and offers to
start a fresh one.

  --port P          port to listen on, 0 for any free one (default 0)
  --workspace DIR   workspace folder (default: $SPIN_ECHO_WORKSPACE, else the per-user data folder)
  --no-demo         leave a new workspace empty (by default it starts with the demo data sets)
  --fresh-database  start a fresh database where a damaged one was moved aside (the damaged file
                    and the data folders are kept)
${trainersUsage(20)}`;

const RENDERER_DIR = builtRendererDir();

function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

type ServedCore = { handlers: CallHandlers; events: EventSource; close(): Promise<void> };

/**
 * The workbench on the workspace, or, when its database is damaged, the gate that lets the page
 * offer a fresh one. A workspace whose database is being replaced is not new: no demo then.
 */
async function openServedCore(workspaceDir: string, { demo, fresh, trainers }: { demo: boolean; fresh: boolean; trainers: number | undefined }): Promise<ServedCore> {
  const openWorkbench = (recreateIfDamaged: boolean) => Workbench.open({ workspaceDir, mode: 'browser', recreateIfDamaged, trainers });
  try {
    const seeded = demo && !fresh ? describeDemoSeed(await seedDemoWorkspace(workspaceDir)) : null;
    if (seeded) process.stderr.write(`spin-echo serve: ${seeded}\n`);
    const workbench = await openWorkbench(fresh);
    return { handlers: workbench, events: workbench, close: () => workbench.close() };
  } catch (error) {
    if (!(error instanceof DamagedDatabaseError)) throw error;
    process.stderr.write(`spin-echo serve: ${error.message} (the page offers it, as does --fresh-database)\n`);
    const gate = new DamagedWorkspaceGate(error, () => openWorkbench(true));
    return { handlers: gate.handlers, events: gate, close: () => gate.close() };
  }
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandFlags(
    argv,
    { port: { type: 'string' }, workspace: { type: 'string' }, 'no-demo': { type: 'boolean' }, 'fresh-database': { type: 'boolean' }, ...TRAINERS_FLAG },
    USAGE,
  );
  if (parsed === null) return 0;
  const { values } = parsed;
  const port = numberFlag('port', values.port, 0, { min: 0, max: 65535, integer: true });
  const trainers = parseTrainersFlag(values.trainers);
  const workspaceDir = flaggedWorkspaceDir(values.workspace);
  let core: ServedCore;
  try {
    core = await openServedCore(workspaceDir, { demo: !values['no-demo'], fresh: values['fresh-database'] === true, trainers });
  } catch (error) {
    const url = error instanceof WorkspaceBusyError ? await findServedUrl(workspaceDir) : null;
    if (url === null) throw error;
    process.stdout.write(`Spin Echo Workbench is already open on workspace ${workspaceDir}\nOpen ${url}\n`);
    return 0;
  }
  try {
    if (!existsSync(RENDERER_DIR)) process.stderr.write('spin-echo serve: the UI is not built yet: run npm run build (the page will say so too)\n');
    const server = await startLoopbackServer({ handlers: core.handlers, events: core.events, staticDir: RENDERER_DIR, port });
    const forgetUrl = recordServedUrl(workspaceDir, server.url);
    try {
      process.stdout.write(`Spin Echo Workbench on workspace ${workspaceDir}\nOpen ${server.url}\n`);
      await stopSignal();
      await server.close();
    } finally {
      forgetUrl();
    }
  } finally {
    await core.close();
  }
  return 0;
}
