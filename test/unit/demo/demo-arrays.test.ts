import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { demoFileName, readDemoArrays, writeDemoArrays, type DemoArrays } from '../../../src-main/core/demo/demo-arrays.ts';
import { InputError } from '../../../src-main/core/errors.ts';

function temporary(): string {
  return mkdtempSync(join(tmpdir(), 'spin-echo-demo-arrays-'));
}

/** Values a curve file must carry exactly: signed zeros, tiny and huge magnitudes, a NaN payload. */
function sampleArrays(modelCount: number, evalCount: number, length: number): DemoArrays {
  const curves = (count: number, offset: number) => {
    const data = new Float32Array(count * length * 2);
    for (let i = 0; i < data.length; i++) data[i] = Math.sin(i + offset) * 10 ** ((i % 13) - 6);
    data[0] = -0;
    data[1] = 1e-45;
    data[2] = -3.4e38;
    new Uint32Array(data.buffer)[3] = 0x7fc01234;
    return { count, length, data };
  };
  const labels = (count: number, offset: number) => ({ count, data: Float64Array.from({ length: count * 3 }, (_, i) => Math.PI * (i + offset) + 1e-17 * i) });
  return { model: curves(modelCount, 0), labels: labels(modelCount, 0), eval: evalCount > 0 ? curves(evalCount, 7) : null, evalTruth: evalCount > 0 ? labels(evalCount, 5) : null };
}

function bits(array: Float32Array | Float64Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

describe('demo arrays', () => {
  it('round-trip every bit of curves and labels, eval parts included', async () => {
    const dir = temporary();
    const arrays = sampleArrays(5, 3, 11);
    const written = await writeDemoArrays(dir, 'rkky', arrays);
    expect(written.map((file) => file.name)).toEqual(['rkky-model-curves.f32.gz', 'rkky-model-labels.f64.gz', 'rkky-eval-curves.f32.gz', 'rkky-eval-truth.f64.gz']);
    expect(written[0].arrayBytes).toBe(5 * 11 * 2 * 4);
    const read = await readDemoArrays(dir, { kernel: 'rkky', modelCount: 5, evalCount: 3, length: 11 });
    expect(bits(read.model.data)).toEqual(bits(arrays.model.data));
    expect(bits(read.labels.data)).toEqual(bits(arrays.labels.data));
    expect(bits(read.eval!.data)).toEqual(bits(arrays.eval!.data));
    expect(bits(read.evalTruth!.data)).toEqual(bits(arrays.evalTruth!.data));
    expect(read.model).toMatchObject({ count: 5, length: 11 });
    expect(read.evalTruth!.count).toBe(3);
  });

  it('write no eval files for a set without eval curves, and read none', async () => {
    const dir = temporary();
    const written = await writeDemoArrays(dir, 'gauss', sampleArrays(2, 0, 4));
    expect(written.map((file) => file.name)).toEqual(['gauss-model-curves.f32.gz', 'gauss-model-labels.f64.gz']);
    const read = await readDemoArrays(dir, { kernel: 'gauss', modelCount: 2, evalCount: 0, length: 4 });
    expect(read.eval).toBeNull();
    expect(read.evalTruth).toBeNull();
  });

  it('compress smooth curves below their raw size', async () => {
    const dir = temporary();
    const length = 471;
    const data = Float32Array.from({ length: 20 * length * 2 }, (_, i) => 0.5 * Math.exp(-(i % (2 * length)) / 300) * Math.cos(i / 7));
    const [model] = await writeDemoArrays(dir, 'gauss', { model: { count: 20, length, data }, labels: { count: 20, data: new Float64Array(60) }, eval: null, evalTruth: null });
    expect(model.bytes).toBeLessThan(0.9 * model.arrayBytes);
  });

  it('refuse a file whose array is shorter or longer than the recipe says, naming it', async () => {
    const dir = temporary();
    await writeDemoArrays(dir, 'gauss', sampleArrays(4, 0, 6));
    const path = join(dir, demoFileName('gauss', 'model'));
    await expect(readDemoArrays(dir, { kernel: 'gauss', modelCount: 4, evalCount: 0, length: 7 })).rejects.toThrow(new RegExp(`${path} holds 192 bytes, expected 224`));
    const longer = readDemoArrays(dir, { kernel: 'gauss', modelCount: 4, evalCount: 0, length: 5 });
    await expect(longer).rejects.toBeInstanceOf(InputError);
    await expect(longer).rejects.toThrow(/holds more than the 160 bytes expected/);
  });

  it('refuse a damaged or missing file with an InputError naming it', async () => {
    const dir = temporary();
    await writeDemoArrays(dir, 'gauss', sampleArrays(2, 1, 4));
    const shape = { kernel: 'gauss', modelCount: 2, evalCount: 1, length: 4 } as const;
    const labels = join(dir, demoFileName('gauss', 'labels'));
    const compressed = readFileSync(labels);
    writeFileSync(labels, compressed.subarray(0, compressed.length - 6));
    await expect(readDemoArrays(dir, shape)).rejects.toThrow(new RegExp(`the demo file ${labels} cannot be read`));
    writeFileSync(labels, gzipSync(Buffer.alloc(48)).subarray(0, 10));
    await expect(readDemoArrays(dir, shape)).rejects.toBeInstanceOf(InputError);
    writeFileSync(labels, compressed);
    await expect(readDemoArrays(dir, { ...shape, kernel: 'rkky' })).rejects.toThrow(/rkky-model-curves\.f32\.gz cannot be read: ENOENT/);
  });
});
