// `spin-echo serve` on a workspace it cannot simply open: a damaged database (the page is offered a
// fresh one, or --fresh-database starts one), or a workspace another serve has open (its URL is
// printed), or one some other process owns (one line, no stack trace).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVED_URL_FILE } from '../../src-main/core/workspace/served-url.ts';
import { startServeProcess, type ServeProcess } from '../e2e/fixtures/serve-process.ts';
import { damagedCopies, KEPT_DATA_FILE, writeDamagedWorkspace } from '../support/damaged-workspace.ts';
import { WsClient } from '../support/ws-client.ts';
import { runCliProcess } from './cli-process.ts';

const WORKSPACE_MODULE = fileURLToPath(new URL('../../src-main/core/workspace/workspace.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'spin-echo-serve-ws-'));
const servers: ServeProcess[] = [];

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  rmSync(root, { recursive: true, force: true });
});

function damagedWorkspace(name: string): string {
  return writeDamagedWorkspace(join(root, name));
}

async function serve(workspace: string, extraArgs: string[] = []): Promise<{ server: ServeProcess; client: WsClient }> {
  const server = await startServeProcess(workspace, { extraArgs });
  servers.push(server);
  const url = new URL(server.url);
  return { server, client: await WsClient.connect(Number(url.port), url.searchParams.get('token')!) };
}

describe('serve on a damaged database', () => {
  it('refuses every call as damaged, naming where the file was kept, until the page starts a fresh database', async () => {
    const workspace = damagedWorkspace('damaged');
    const { server, client } = await serve(workspace);
    expect(server.output()).toMatch(/the database is damaged .* it was kept as .*workbench\.sqlite\.damaged-.*--fresh-database/);
    for (const [name, args] of [['getWorkspaceInfo', {}], ['listDatasets', {}]] as const) {
      const reply = await client.send(name, args);
      expect(reply.ok).toBe(false);
      if (reply.ok) continue;
      expect(reply.error.kind).toBe('damaged');
      expect(reply.error.message).toMatch(new RegExp(`kept as ${join(workspace, 'workbench.sqlite.damaged-')}`));
    }
    const [first, second] = await Promise.all([client.call('startFreshDatabase', {}), client.call('startFreshDatabase', {})]);
    expect(first.workspaceDir).toBe(workspace);
    expect(second).toEqual(first);
    expect(await client.call('listDatasets', {})).toEqual([]);
    expect(damagedCopies(workspace)).toHaveLength(1);
    expect(existsSync(join(workspace, KEPT_DATA_FILE))).toBe(true);
    client.close();
  });

  it('starts a fresh database at once with --fresh-database, keeping the damaged file and the data folders', async () => {
    const workspace = damagedWorkspace('fresh-flag');
    const { client } = await serve(workspace, ['--fresh-database']);
    expect((await client.call('getWorkspaceInfo', {})).workspaceDir).toBe(workspace);
    expect(damagedCopies(workspace)).toHaveLength(1);
    expect(existsSync(join(workspace, KEPT_DATA_FILE))).toBe(true);
    client.close();
  });
});

describe('serve on a workspace in use', () => {
  it('prints the URL of the serve that has it open, and that serve removes its record when it stops', async () => {
    const workspace = join(root, 'shared');
    const { server: first, client } = await serve(workspace);
    const record = join(workspace, SERVED_URL_FILE);
    expect(statSync(record).mode & 0o777).toBe(0o600);
    const second = await runCliProcess(['serve', '--no-demo', '--workspace', workspace]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`already open on workspace ${workspace}`);
    expect(second.stdout).toContain(`Open ${first.url}\n`);
    expect(second.stderr).toBe('');
    client.close();
    await first.stop();
    expect(existsSync(record)).toBe(false);
  });

  it('says in one line who owns it when no serve answers for it', async () => {
    const workspace = join(root, 'owned');
    const owner = await holdWorkspace(workspace);
    try {
      // A record left by a serve that died: nothing answers there any more.
      writeFileSync(join(workspace, SERVED_URL_FILE), JSON.stringify({ url: 'http://127.0.0.1:9/?token=stale', pid: 1 }));
      const result = await runCliProcess(['serve', '--no-demo', '--workspace', workspace]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^spin-echo: ${workspace}: the workspace is in use by process ${owner.pid}\\b[^\\n]*\\n$`));
      expect(result.stdout).toBe('');
    } finally {
      owner.kill();
    }
  });
});

/** Another process that opens the workspace (taking its lock) and keeps it until killed. */
async function holdWorkspace(dir: string): Promise<ChildProcess> {
  const script = `const { openWorkspace } = await import(${JSON.stringify(WORKSPACE_MODULE)}); await openWorkspace(${JSON.stringify(dir)}); console.log('ready'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the workspace holder exited with code ${code}`)));
  });
  return child;
}
