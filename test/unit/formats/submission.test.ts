import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src-main/core/errors.ts';
import { readLabelFile } from '../../../src-main/core/formats/label-reader.ts';
import { writeSubmission } from '../../../src-main/core/formats/submission.ts';
import { removeFolder, seededRandom, temporaryFolder } from './fixtures.ts';

const dir = temporaryFolder();
afterAll(() => removeFolder(dir));

/** Random doubles of every kind: tiny, huge, negative, subnormal, zeros, the limits. */
function awkwardDoubles(count: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const special = [0, -0, Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072014e-308, 2.225073858507201e-308, Number.MAX_VALUE, -Number.MAX_VALUE, Number.EPSILON, 1 / 3, 0.1, 1e21, 1e-7, 123456789012345680000];
  const values = new Float64Array(count);
  const words = new Uint32Array(values.buffer);
  for (let k = 0; k < count; k++) {
    if (k < special.length) values[k] = special[k];
    else if (k % 3 === 0) values[k] = (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20);
    else {
      do {
        words[2 * k] = Math.floor(random() * 2 ** 32);
        words[2 * k + 1] = Math.floor(random() * 2 ** 32);
      } while (!Number.isFinite(values[k]));
    }
  }
  return values;
}

describe('writeSubmission', () => {
  it('writes <model>_mat_info_eval.txt that reads back bit-identical', async () => {
    const data = awkwardDoubles(3 * 4000, 11);
    const path = await writeSubmission(dir, 'rkky', { count: 4000, data });
    expect(path).toBe(join(dir, 'RKKY_mat_info_eval.txt'));
    const back = await readLabelFile(path);
    expect(back.count).toBe(4000);
    expect(Buffer.from(back.data.buffer).equals(Buffer.from(data.buffer))).toBe(true);
    const firstLine = readFileSync(path, 'utf8').split('\n')[0];
    expect(firstLine.split('\t')).toHaveLength(3);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses non-finite values, a wrong count and an empty set, naming the row', async () => {
    const data = new Float64Array([1, 2, 3, 4, NaN, 6]);
    await expect(writeSubmission(dir, 'gauss', { count: 2, data })).rejects.toThrow(/^row 2: xi is NaN, not a finite number$/);
    await expect(writeSubmission(dir, 'gauss', { count: 1, data: new Float64Array([1, 2, Infinity]) })).rejects.toThrow(/row 1: d is Infinity/);
    await expect(writeSubmission(dir, 'gauss', { count: 1, data: new Float64Array([1, 2, 3]) }, { expectedCount: 6000 })).rejects.toThrow(
      /^1 predicted rows for 6000 eval curves$/,
    );
    await expect(writeSubmission(dir, 'gauss', { count: 0, data: new Float64Array(0) })).rejects.toBeInstanceOf(InputError);
    await expect(writeSubmission(dir, 'gauss', { count: 2, data: new Float64Array(5) })).rejects.toBeInstanceOf(InputError);
    await expect(writeSubmission(join(dir, 'missing'), 'gauss', { count: 1, data: new Float64Array(3) })).rejects.toThrow(/no such folder/);
    expect(readdirSync(dir).filter((name) => name.startsWith('gauss'))).toEqual([]);
  });
});
