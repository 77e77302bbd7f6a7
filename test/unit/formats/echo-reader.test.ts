import { afterAll, describe, expect, it } from 'vitest';
import { readEchoPair } from '../../../src-main/core/formats/echo-reader.ts';
import type { Progress } from '../../../src-main/core/progress.ts';
import { expectFileError, matrixText, numpyExponential, removeFolder, seededRandom, temporaryFolder, writeFixture } from './fixtures.ts';

const dir = temporaryFolder();
afterAll(() => removeFolder(dir));

let pairCounter = 0;
function pair(real: string, imaginary: string): [string, string] {
  pairCounter += 1;
  return [writeFixture(dir, `p${pairCounter}_echos_model_r.txt`, real), writeFixture(dir, `p${pairCounter}_echos_model_i.txt`, imaginary)];
}

describe('readEchoPair', () => {
  it('interleaves Re at even and Im at odd indexes, curve by curve, with T from the first row', async () => {
    const random = seededRandom(3);
    const real = Array.from({ length: 4 }, () => Array.from({ length: 5 }, () => random() - 0.5));
    const imaginary = Array.from({ length: 4 }, () => Array.from({ length: 5 }, () => random() - 0.5));
    const [r, i] = pair(matrixText(real, numpyExponential, ' '), matrixText(imaginary, (v) => v.toFixed(16), '\t'));
    const curves = await readEchoPair(r, i);
    expect([curves.count, curves.length]).toEqual([4, 5]);
    expect(curves.data).toBeInstanceOf(Float64Array);
    for (let c = 0; c < 4; c++) {
      for (let t = 0; t < 5; t++) {
        expect(curves.data[(c * 5 + t) * 2]).toBe(Number(numpyExponential(real[c][t])));
        expect(curves.data[(c * 5 + t) * 2 + 1]).toBe(Number(imaginary[c][t].toFixed(16)));
      }
    }
  });

  it('reports progress over both files', async () => {
    const [r, i] = pair('1 2\n3 4\n', '5 6\n7 8\n');
    const reports: Progress[] = [];
    await readEchoPair(r, i, { onProgress: (progress) => reports.push(progress) });
    expect(reports.at(-1)).toMatchObject({ done: 16, total: 16 });
  });

  it('names the imaginary line where the imaginary file has a row too many', async () => {
    const [r, i] = pair('1 2\n3 4\n', '5 6\n7 8\n9 10\n');
    await expectFileError(readEchoPair(r, i), { path: i, line: 3, column: 1, reason: /^more rows than the 2 of p\d+_echos_model_r.txt$/ });
  });

  it('names the imaginary line where its rows run out, and the real line they diverge from', async () => {
    const [r, i] = pair('# re\n1 2\n3 4\n5 6\n', '5 6\n7 8\n');
    await expectFileError(readEchoPair(r, i), {
      path: i,
      line: 3,
      column: 1,
      reason: /^ends after 2 rows; p\d+_echos_model_r.txt has 3 \(row 3 at its line 4\)$/,
    });
  });

  it('points at the extra value of a longer imaginary row', async () => {
    const [r, i] = pair('1 2\n3 4\n', '5 6\n7 8 9\n');
    await expectFileError(readEchoPair(r, i), { path: i, line: 2, column: 5, reason: /more than 2 values in row 2; expected 2 like p\d+_echos_model_r.txt/ });
  });

  it('points just past the last value of a shorter imaginary row, the first row included', async () => {
    const [r, i] = pair('1 2 3\n', '5 6\n');
    await expectFileError(readEchoPair(r, i), { path: i, line: 1, column: 4, reason: /only 2 values in row 1; expected 3 like p\d+_echos_model_r.txt/ });
  });

  it('applies a required length to the real file', async () => {
    const [r, i] = pair('1 2 3\n', '4 5 6\n');
    await expectFileError(readEchoPair(r, i, { length: { count: 4, why: 'like the model curves' } }), {
      path: r,
      line: 1,
      column: 6,
      reason: /^only 3 values in row 1; expected 4 like the model curves$/,
    });
  });

  it('rejects an empty imaginary file at 1:1', async () => {
    const [r, i] = pair('1 2\n', '');
    await expectFileError(readEchoPair(r, i), { path: i, line: 1, column: 1, reason: /no data rows/ });
  });
});
