import { afterAll, describe, expect, it } from 'vitest';
import { readLabelFile } from '../../../src-main/core/formats/label-reader.ts';
import { expectFileError, removeFolder, temporaryFolder, writeFixture } from './fixtures.ts';

const dir = temporaryFolder();
afterAll(() => removeFolder(dir));

let counter = 0;
function labelFile(content: string): string {
  counter += 1;
  return writeFixture(dir, `l${counter}_mat_info_model.txt`, content);
}

describe('readLabelFile', () => {
  it('reads alpha, xi, d rows', async () => {
    const labels = await readLabelFile(labelFile('8.181\t6.72\t6.5\n1e0 2E1 -3.5e-2\n'));
    expect(labels.count).toBe(2);
    expect(Array.from(labels.data)).toEqual([8.181, 6.72, 6.5, 1, 20, -0.035]);
  });

  it('rejects 4 columns at the fourth value', async () => {
    const path = labelFile('1 2 3 4\n');
    await expectFileError(readLabelFile(path), { path, line: 1, column: 7, reason: /^more than 3 values in row 1; expected 3 \(alpha, xi, d\)$/ });
  });

  it('rejects 2 columns just past the second value', async () => {
    const path = labelFile('1 2 3\n4\t5\n');
    await expectFileError(readLabelFile(path), { path, line: 2, column: 4, reason: /^only 2 values in row 2; expected 3 \(alpha, xi, d\)$/ });
  });

  it('rejects more label rows than curves at the first row too many', async () => {
    const path = labelFile('1 2 3\n4 5 6\n7 8 9\n');
    await expectFileError(readLabelFile(path, { rows: { count: 2, what: 'curves in gauss_echos_model_r.txt' } }), {
      path,
      line: 3,
      column: 1,
      reason: /^more rows than the 2 curves in gauss_echos_model_r.txt$/,
    });
  });

  it('rejects fewer label rows than curves at the line after the last', async () => {
    const path = labelFile('1 2 3\n4 5 6\n');
    await expectFileError(readLabelFile(path, { rows: { count: 3, what: 'curves in gauss_echos_model_r.txt' } }), {
      path,
      line: 3,
      column: 1,
      reason: /^only 2 rows for the 3 curves in gauss_echos_model_r.txt$/,
    });
  });
});
