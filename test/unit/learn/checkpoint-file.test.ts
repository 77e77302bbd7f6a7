import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCheckpointFile, writeCheckpointFile } from '../../../src-main/core/learn/checkpoint-file.ts';

describe('checkpoint files', () => {
  it('round-trips the header and typed arrays of every kind, and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    const path = join(dir, 'last.ckpt');
    const arrays = { params: Float32Array.of(1.5, -2, 3e-8), scale: Float64Array.of(Math.PI), indices: Int32Array.of(7, 1, 3), empty: new Float32Array(0) };
    await writeCheckpointFile(path, { meta: { epoch: 3, best: null, nested: { lr: 0.001 } }, arrays });
    const read = await readCheckpointFile(path);
    expect(read.meta).toEqual({ epoch: 3, best: null, nested: { lr: 0.001 } });
    expect(read.arrays).toEqual(arrays);
    expect(readdirSync(dir)).toEqual(['last.ckpt']);
  });

  it('refuses a file that is not a checkpoint, or is cut short', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    writeFileSync(join(dir, 'bad.ckpt'), 'hello world, not a checkpoint');
    await expect(readCheckpointFile(join(dir, 'bad.ckpt'))).rejects.toThrow(/not a readable checkpoint/);
    await writeCheckpointFile(join(dir, 'ok.ckpt'), { meta: {}, arrays: { a: new Float64Array(100) } });
    const { readFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'cut.ckpt'), readFileSync(join(dir, 'ok.ckpt')).subarray(0, 200));
    await expect(readCheckpointFile(join(dir, 'cut.ckpt'))).rejects.toThrow(/runs past the end/);
  });
});
