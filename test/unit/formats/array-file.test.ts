import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, crc32ForTests } from '../../../src-main/core/files/checksum.ts';
import { DamagedFileError } from '../../../src-main/core/files/damaged-file.ts';
import { readArrayFile, writeArrayFile } from '../../../src-main/core/formats/array-file.ts';
import { DATASET_FILES, readDatasetArrays, writeDatasetArrays } from '../../../src-main/core/formats/dataset-files.ts';

const REMEDY = 'make it again';

describe('array files', () => {
  it('read back exactly what was written, with its element type and shape', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'array-file-')), 'a.f64');
    const values = Float64Array.from({ length: 12 }, (_, i) => Math.sin(i));
    expect(await writeArrayFile(path, values, [4, 3])).toEqual({ dtype: 'float64', shape: [4, 3] });
    expect(await readArrayFile(path, 'float64', [4, 3], REMEDY)).toEqual(values);
  });

  it('refuse random bytes of the same size, a changed byte, a cut, or another shape, naming the file and what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'array-file-'));
    const path = join(dir, 'eval-predictions.f64');
    await writeArrayFile(path, Float64Array.from({ length: 30 }, (_, i) => i / 7), [10, 3]);
    const good = readFileSync(path);

    writeFileSync(path, randomBytes(good.length));
    await expect(readArrayFile(path, 'float64', [10, 3], REMEDY)).rejects.toThrow(DamagedFileError);

    const flipped = Buffer.from(good);
    flipped[flipped.length - 1] ^= 1;
    writeFileSync(path, flipped);
    await expect(readArrayFile(path, 'float64', [10, 3], REMEDY)).rejects.toThrow(`${path}: the file is damaged (its checksum does not match its content); make it again`);

    writeFileSync(path, good.subarray(0, good.length - 8));
    await expect(readArrayFile(path, 'float64', [10, 3], REMEDY)).rejects.toThrow(/expected 240 bytes of values, found 232/);

    writeFileSync(path, good);
    await expect(readArrayFile(path, 'float64', [5, 3], REMEDY)).rejects.toThrow(/holds float64 \[10,3\], not the float64 \[5, 3\]/);
  });

  it('still read a raw file written before array files had a header, when its length fits', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'array-file-')), 'old.f32');
    const values = Float32Array.of(1, 2, 3, 4, 5, 6);
    writeFileSync(path, new Uint8Array(values.buffer));
    expect(await readArrayFile(path, 'float32', [2, 3], REMEDY)).toEqual(values);
    await expect(readArrayFile(path, 'float32', [3, 3], REMEDY)).rejects.toThrow(/expected 36 bytes for float32 \[3, 3\], found 24/);
  });
});

describe('the arrays of a stored data set', () => {
  it('refuse a curve file overwritten on disk, saying to import the data set again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dataset-files-'));
    const model = { count: 2, length: 4, data: Float32Array.from({ length: 16 }, (_, i) => i) };
    const labels = { count: 2, data: Float64Array.of(1, 2, 3, 4, 5, 6) };
    await writeDatasetArrays(dir, { model, labels });
    expect((await readDatasetArrays(dir)).model.data).toEqual(model.data);
    const path = join(dir, DATASET_FILES.model);
    writeFileSync(path, randomBytes(readFileSync(path).length));
    await expect(readDatasetArrays(dir)).rejects.toThrow(/model-curves\.f32: the file is damaged .*; import or simulate the data set again/);
  });
});

describe('crc32', () => {
  it('is the zlib CRC-32, in JavaScript too for Node versions without zlib.crc32', () => {
    const data = randomBytes(10_000);
    expect(crc32ForTests(data)).toBe(zlib.crc32(data));
    expect(crc32ForTests(data.subarray(5000), crc32ForTests(data.subarray(0, 5000)))).toBe(zlib.crc32(data));
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});
