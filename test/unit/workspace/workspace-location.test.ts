import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultWorkspaceDir, resolveWorkspaceDir } from '../../../src-main/core/workspace/workspace-location.ts';
import { processStartTime } from '../../../src-main/core/files/process-identity.ts';
import { acquireWorkspaceLock, LOCK_FILE, WorkspaceBusyError, type LockContent } from '../../../src-main/core/workspace/workspace-lock.ts';

const LOCK_MODULE = new URL('../../../src-main/core/workspace/workspace-lock.ts', import.meta.url).href;

/** A child process that takes the workspace lock of `dir` and holds it until killed. */
async function holdLockInChild(dir: string): Promise<ChildProcess> {
  const script = `const { acquireWorkspaceLock } = await import(${JSON.stringify(LOCK_MODULE)}); acquireWorkspaceLock(${JSON.stringify(dir)}); console.log('held'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
    child.on('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
  return child;
}

/** The pid the lock record of `dir` names as its owner. */
function ownerPid(dir: string): number {
  return (JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as LockContent).pid;
}

describe('workspace location', () => {
  it('follows each platform and XDG', () => {
    expect(defaultWorkspaceDir({}, 'linux', '/home/ada')).toBe('/home/ada/.local/share/spin-echo-workbench');
    expect(defaultWorkspaceDir({ XDG_DATA_HOME: '/data' }, 'linux', '/home/ada')).toBe('/data/spin-echo-workbench');
    expect(defaultWorkspaceDir({ XDG_DATA_HOME: 'relative' }, 'linux', '/home/ada')).toBe('/home/ada/.local/share/spin-echo-workbench');
    expect(defaultWorkspaceDir({}, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Application Support/Spin Echo Workbench');
    expect(defaultWorkspaceDir({ APPDATA: 'C:/Users/ada/AppData/Roaming' }, 'win32', 'C:/Users/ada')).toMatch(/Roaming.Spin Echo Workbench$/);
  });

  it('prefers the flag, then the environment', () => {
    expect(resolveWorkspaceDir('/flag', { SPIN_ECHO_WORKSPACE: '/env' })).toBe('/flag');
    expect(resolveWorkspaceDir(undefined, { SPIN_ECHO_WORKSPACE: '/env' })).toBe('/env');
    expect(resolveWorkspaceDir(undefined, { XDG_DATA_HOME: '/data' })).toBe('/data/spin-echo-workbench');
  });
});

describe('workspace lock', () => {
  it('admits one owner at a time and frees on release', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spin-echo-lock-'));
    const lock = acquireWorkspaceLock(dir);
    expect(() => acquireWorkspaceLock(dir)).toThrow(WorkspaceBusyError);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    acquireWorkspaceLock(dir).release();
  });

  it('takes over the lock of a dead owner', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spin-echo-lock-'));
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid!;
    await new Promise((resolve) => child.on('exit', resolve));
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), since: 'earlier' }));
    const lock = acquireWorkspaceLock(dir);
    expect(ownerPid(dir)).toBe(process.pid);
    lock.release();
  });

  it('takes over a record naming a pid that a later process was given (its start time differs)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spin-echo-lock-'));
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    try {
      const startTime = processStartTime(other.pid!);
      expect(startTime).not.toBeNull();
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: other.pid, host: hostname(), since: 'earlier', startTime: startTime! - 1 }));
      const lock = acquireWorkspaceLock(dir);
      expect(ownerPid(dir)).toBe(process.pid);
      lock.release();
    } finally {
      other.kill();
    }
  });

  it('stays with a live owner whatever its record says: a second opener reading it empty does not take over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spin-echo-lock-'));
    const holder = await holdLockInChild(dir);
    try {
      expect(() => acquireWorkspaceLock(dir)).toThrow(/in use by process \d+/);
      // As if the owner had created its record and not yet written it.
      writeFileSync(join(dir, LOCK_FILE), '');
      expect(() => acquireWorkspaceLock(dir)).toThrow(WorkspaceBusyError);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.on('exit', resolve));
    }
    // Killed, it holds nothing: the system freed its lock.
    acquireWorkspaceLock(dir).release();
  });
});
