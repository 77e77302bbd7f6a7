import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtomicFileWriter, writeFileAtomic } from '../../../src-main/core/files/atomic-write.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atomic-write-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes the content under the name and leaves no temporary file', async () => {
    await writeFileAtomic(join(dir, 'a.txt'), 'hello\n');
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('hello\n');
    expect(await readdir(dir)).toEqual(['a.txt']);
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
