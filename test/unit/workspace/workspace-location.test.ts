import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultWorkspaceDir, resolveWorkspaceDir } from '../../../src-main/core/workspace/workspace-location.ts';
import { acquireWorkspaceLock, LOCK_FILE, WorkspaceBusyError } from '../../../src-main/core/workspace/workspace-lock.ts';

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
    lock.release();
  });
});
