import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DamagedFileError } from '../../../src-main/core/files/damaged-file.ts';
import { previousCheckpointPath, readCheckpointFile, recoverCheckpoint, writeCheckpointFile } from '../../../src-main/core/learn/checkpoint-file.ts';

function checkpointOf(epoch: number) {
  return { meta: { epoch }, arrays: { params: Float32Array.from({ length: 64 }, (_, i) => i * epoch) } };
}

/** A checkpoint as version 1 wrote it: magic, header length, header, 8-byte aligned arrays, no checksum. */
function versionOneBytes(meta: unknown, params: Float32Array): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify({ meta, arrays: [{ name: 'params', dtype: 'float32', offset: 0, length: params.length }] }));
  const dataStart = Math.ceil((12 + header.byteLength) / 8) * 8;
  const bytes = new Uint8Array(dataStart + params.byteLength);
  bytes.set(new TextEncoder().encode('SEWCKPT1'));
  new DataView(bytes.buffer).setUint32(8, header.byteLength, true);
  bytes.set(header, 12);
  bytes.set(new Uint8Array(params.buffer), dataStart);
  return bytes;
}

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

  it('refuses a file that is not a checkpoint, is cut short, or has a changed byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    writeFileSync(join(dir, 'bad.ckpt'), 'hello world, not a checkpoint');
    await expect(readCheckpointFile(join(dir, 'bad.ckpt'))).rejects.toThrow(/not a readable checkpoint/);
    await writeCheckpointFile(join(dir, 'ok.ckpt'), { meta: {}, arrays: { a: new Float64Array(100) } });
    const bytes = readFileSync(join(dir, 'ok.ckpt'));
    writeFileSync(join(dir, 'cut.ckpt'), bytes.subarray(0, 200));
    await expect(readCheckpointFile(join(dir, 'cut.ckpt'))).rejects.toThrow(DamagedFileError);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 3] ^= 0x10;
    writeFileSync(join(dir, 'flipped.ckpt'), flipped);
    await expect(readCheckpointFile(join(dir, 'flipped.ckpt'))).rejects.toThrow(/flipped\.ckpt: the file is damaged \(not a readable checkpoint: its checksum does not match/);
  });

  it('still reads a checkpoint written before checkpoints had a checksum', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    const params = Float32Array.of(1, 2, 3);
    writeFileSync(join(dir, 'old.ckpt'), versionOneBytes({ epoch: 4 }, params));
    const read = await readCheckpointFile(join(dir, 'old.ckpt'));
    expect(read.meta).toEqual({ epoch: 4 });
    expect(read.arrays.params).toEqual(params);
  });

  it('keeps the checkpoint it replaces, and puts it back when the newer one is damaged or missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    const path = join(dir, 'last.ckpt');
    await writeCheckpointFile(path, checkpointOf(1));
    await writeCheckpointFile(path, checkpointOf(2));
    expect(readdirSync(dir).sort()).toEqual(['last.ckpt', 'last.previous.ckpt']);
    expect((await readCheckpointFile(previousCheckpointPath(path))).meta).toEqual({ epoch: 1 });
    expect((await recoverCheckpoint(path)).state).toBe('sound');

    // Damaged: the previous one takes its place, the damaged one is kept aside.
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 8));
    const recovered = await recoverCheckpoint(path);
    expect(recovered).toMatchObject({ state: 'restored', content: { meta: { epoch: 1 } }, problem: expect.stringMatching(/last\.ckpt is damaged/) });
    expect((await readCheckpointFile(path)).meta).toEqual({ epoch: 1 });
    expect(recovered.state === 'restored' && recovered.keptAs !== null && existsSync(recovered.keptAs)).toBe(true);

    // Missing: the same, with nothing to keep aside.
    await rm(path);
    expect(await recoverCheckpoint(path)).toMatchObject({ state: 'restored', problem: expect.stringMatching(/last\.ckpt is missing/), keptAs: null });

    // Neither readable: unusable, saying why.
    writeFileSync(path, 'garbage');
    writeFileSync(previousCheckpointPath(path), 'garbage');
    expect(await recoverCheckpoint(path)).toMatchObject({ state: 'unusable', problem: expect.stringMatching(/last\.ckpt is damaged .*, and .*last\.previous\.ckpt is damaged/) });
  });
});
