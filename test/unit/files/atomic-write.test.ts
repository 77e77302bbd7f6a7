import { execFileSync, spawn } from 'node:child_process';
import { promises as fsPromises } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../../../src-main/core/errors.ts';
import { AtomicFileWriter, findStaleTemporaries, removeStaleTemporaries, writeFileAtomic } from '../../../src-main/core/files/atomic-write.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atomic-write-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

/** Records, in order, which paths are flushed (fsync) and renamed while `write` runs. */
async function traceDiskCalls(write: () => Promise<void>): Promise<string[]> {
  const trace: string[] = [];
  const pathOfFd = new Map<number, string>();
  const probe = await fsPromises.open(join(dir, '.probe'), 'w');
  const handlePrototype = Object.getPrototypeOf(probe) as { sync(): Promise<void> };
  await probe.close();
  await rm(join(dir, '.probe'));
  const open = fsPromises.open.bind(fsPromises);
  vi.spyOn(fsPromises, 'open').mockImplementation(async (path, ...rest) => {
    const handle = await open(path, ...rest);
    pathOfFd.set(handle.fd, String(path));
    return handle;
  });
  const sync = handlePrototype.sync;
  vi.spyOn(handlePrototype, 'sync').mockImplementation(function (this: { fd: number }) {
    const path = pathOfFd.get(this.fd)!;
    trace.push(`sync ${path === dir ? 'folder' : basename(path).endsWith('.tmp') ? 'temporary' : basename(path)}`);
    return sync.call(this);
  });
  const rename = fsPromises.rename.bind(fsPromises);
  vi.spyOn(fsPromises, 'rename').mockImplementation(async (from, to) => {
    trace.push(`rename to ${basename(String(to))}`);
    return rename(from, to);
  });
  await write();
  return trace;
}

describe('writeFileAtomic', () => {
  it('writes the content under the name and leaves no temporary file', async () => {
    await writeFileAtomic(join(dir, 'a.txt'), 'hello\n');
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('hello\n');
    expect(await readdir(dir)).toEqual(['a.txt']);
  });

  it('flushes the file before the rename and the folder after it, so a crash cannot leave an empty file under the name', async () => {
    const trace = await traceDiskCalls(() => writeFileAtomic(join(dir, 'a.txt'), 'hello\n'));
    expect(trace).toEqual(['sync temporary', 'rename to a.txt', 'sync folder']);
  });

  // As root, `predict --out /dev/full` once renamed the temporary file over the device node; a
  // named pipe stands in for the device here, as any user can make one and a rename replaces it alike.
  it('refuses a target that is a named pipe, a link or a folder, leaving it as it was', async () => {
    const pipe = join(dir, 'pipe');
    execFileSync('mkfifo', [pipe]);
    await writeFile(join(dir, 'real.txt'), 'mine\n');
    await symlink(join(dir, 'real.txt'), join(dir, 'link.txt'));
    await mkdir(join(dir, 'folder'));
    await writeFile(join(dir, 'folder', 'inside.txt'), 'kept\n');
    const refusal = (name: string, kind: string) => writeFileAtomic(join(dir, name), 'hello\n').catch((error: unknown) => {
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toBe(`${join(dir, name)} is ${kind}, not a regular file: it is left as it is; choose another name`);
      return 'refused';
    });
    expect(await refusal('pipe', 'a named pipe')).toBe('refused');
    expect(await refusal('link.txt', 'a symbolic link')).toBe('refused');
    expect(await refusal('folder', 'a folder')).toBe('refused');
    expect((await lstat(pipe)).isFIFO()).toBe(true);
    expect(await readlink(join(dir, 'link.txt'))).toBe(join(dir, 'real.txt'));
    expect(await readFile(join(dir, 'folder', 'inside.txt'), 'utf8')).toBe('kept\n');
    expect((await readdir(dir)).sort()).toEqual(['folder', 'link.txt', 'pipe', 'real.txt']);
  });

  it('refuses at commit a target that became a named pipe after the writer opened', async () => {
    const target = join(dir, 'late.txt');
    const writer = new AtomicFileWriter(target);
    await writer.write('hello\n');
    execFileSync('mkfifo', [target]);
    await expect(writer.commit()).rejects.toThrow(`${target} is a named pipe, not a regular file`);
    expect((await lstat(target)).isFIFO()).toBe(true);
    expect(await readdir(dir)).toEqual(['late.txt']);
  });

  it('fails in a missing folder without leaving anything', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'a.txt'), 'x')).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('AtomicFileWriter', () => {
  it('shows the file only after commit, with every chunk in order', async () => {
    const target = join(dir, 'curves.txt');
    const writer = new AtomicFileWriter(target);
    await writer.write('one\n');
    await writer.write(new TextEncoder().encode('two\n'));
    expect(await readdir(dir)).not.toContain('curves.txt');
    await writer.commit();
    expect(await readFile(target, 'utf8')).toBe('one\ntwo\n');
    expect(await readdir(dir)).toEqual(['curves.txt']);
  });

  it('flushes a streamed file too before it appears', async () => {
    const trace = await traceDiskCalls(async () => {
      const writer = new AtomicFileWriter(join(dir, 'streamed.txt'));
      await writer.write('one\n');
      await writer.commit();
    });
    expect(trace).toEqual(['sync temporary', 'rename to streamed.txt', 'sync folder']);
  });

  it('leaves nothing behind when aborted, even straight after construction', async () => {
    const early = new AtomicFileWriter(join(dir, 'early.txt'));
    await early.abort();
    const late = new AtomicFileWriter(join(dir, 'late.txt'));
    await late.write('partial');
    await late.abort();
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports an unwritable folder on first use instead of crashing', async () => {
    const writer = new AtomicFileWriter(join(dir, 'missing', 'x.txt'));
    await expect(writer.write('x')).rejects.toThrow(/ENOENT/);
    await writer.abort();
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses writes after commit', async () => {
    const writer = new AtomicFileWriter(join(dir, 'done.txt'));
    await writer.commit();
    await expect(writer.write('late')).rejects.toThrow(/already closed/);
    expect(await readFile(join(dir, 'done.txt'), 'utf8')).toBe('');
  });
});

describe('stale temporary files', () => {
  it('are those of writers no longer running, never a live one\'s', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => child.on('exit', resolve));
    const dead = `.curves.txt.${child.pid}-0123456789ab.tmp`;
    const live = `.labels.txt.${process.pid}-0123456789ab.tmp`;
    await writeFile(join(dir, dead), 'half');
    await writeFile(join(dir, live), 'half');
    await writeFile(join(dir, 'curves.txt'), 'whole');
    expect(await findStaleTemporaries(dir)).toEqual([{ path: join(dir, dead), target: join(dir, 'curves.txt') }]);
    expect(await findStaleTemporaries(dir, ['other.txt'])).toEqual([]);
    expect(await removeStaleTemporaries(dir)).toEqual([join(dir, dead)]);
    expect((await readdir(dir)).sort()).toEqual([live, 'curves.txt'].sort());
  });
});
