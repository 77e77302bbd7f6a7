// spin-echo serve: the workbench UI in any browser, from 127.0.0.1, behind a session token.
import { existsSync } from 'node:fs';
import { builtRendererDir } from '../../core/shipped-resources.ts';
import { Workbench } from '../../core/workbench.ts';
import { describeDemoSeed, seedDemoWorkspace } from '../../core/workspace/demo-workspace.ts';
import { resolveWorkspaceDir } from '../../core/workspace/workspace-location.ts';
import { startLoopbackServer } from '../../server/loopback-server.ts';
import { numberFlag, parseCommandFlags } from '../args.ts';

const USAGE = `usage: spin-echo serve [--port P] [--workspace DIR] [--no-demo]

Serves the workbench UI on http://127.0.0.1:P (a free port by default) and prints its URL,
which carries the session token. Stop with Ctrl+C.

  --port P          port to listen on, 0 for any free one (default 0)
  --workspace DIR   workspace folder (default: $SPIN_ECHO_WORKSPACE, else the per-user data folder)
  --no-demo         leave a new workspace empty (by default it starts with the demo data sets)`;

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

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandFlags(argv, { port: { type: 'string' }, workspace: { type: 'string' }, 'no-demo': { type: 'boolean' } }, USAGE);
  if (parsed === null) return 0;
  const { values } = parsed;
  const port = numberFlag('port', values.port, 0, { min: 0, max: 65535, integer: true });
  const workspaceDir = resolveWorkspaceDir(values.workspace);
  if (!existsSync(RENDERER_DIR)) process.stderr.write('spin-echo serve: the UI is not built yet: run npm run build (the page will say so too)\n');
  const demo = values['no-demo'] ? null : describeDemoSeed(await seedDemoWorkspace(workspaceDir));
  if (demo) process.stderr.write(`spin-echo serve: ${demo}\n`);
  const workbench = await Workbench.open({ workspaceDir, mode: 'browser' });
  try {
    const server = await startLoopbackServer({ handlers: workbench, events: workbench, staticDir: RENDERER_DIR, port });
    process.stdout.write(`Spin Echo Workbench on workspace ${workspaceDir}\nOpen ${server.url}\n`);
    await stopSignal();
    await server.close();
  } finally {
    await workbench.close();
  }
  return 0;
}
