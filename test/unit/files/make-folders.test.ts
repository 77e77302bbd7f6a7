import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src-main/core/errors.ts';
import { makeFolders, removeEmptyFolders } from '../../../src-main/core/files/make-folders.ts';

describe('makeFolders', () => {
  it('creates the missing folders, returning the first one, and removeEmptyFolders takes them back', async () => {
    const root = mkdtempSync(join(tmpdir(), 'make-folders-'));
    expect(await makeFolders(join(root, 'a', 'b', 'c'))).toBe(join(root, 'a'));
    expect(existsSync(join(root, 'a', 'b', 'c'))).toBe(true);
    expect(await makeFolders(join(root, 'a', 'b'))).toBeNull();
    await removeEmptyFolders(join(root, 'a', 'b', 'c'), join(root, 'a'));
    expect(existsSync(join(root, 'a'))).toBe(false);
    expect(existsSync(root)).toBe(true);
  });

  it('fails at once under /proc, where a recursive mkdir spins forever, and under a file', async () => {
    await expect(makeFolders('/proc/spin-echo/x')).rejects.toMatchObject({ code: 'ENOENT', path: '/proc/spin-echo' });
    const file = join(mkdtempSync(join(tmpdir(), 'make-folders-')), 'file');
    writeFileSync(file, '');
    await expect(makeFolders(join(file, 'sub'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(makeFolders(file)).rejects.toThrow(InputError);
  }, 10_000);
});
