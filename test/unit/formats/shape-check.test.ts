// Checking a table or an echo pair without keeping its values (discardValues, checkEchoPair) must
// accept and refuse exactly what reading it does, with the same shapes and the same messages.
import { afterAll, describe, expect, it } from 'vitest';
import { checkEchoPair, readEchoPair, type EchoReadOptions } from '../../../src-main/core/formats/echo-reader.ts';
import { readNumberTable } from '../../../src-main/core/formats/number-table.ts';
import { ProgressMeter } from '../../../src-main/core/progress.ts';
import { removeFolder, temporaryFolder, writeFixture } from './fixtures.ts';

const dir = temporaryFolder();
afterAll(() => removeFolder(dir));

let counter = 0;
function pair(real: string, imaginary: string): [string, string] {
  counter += 1;
  return [writeFixture(dir, `s${counter}_echos_model_r.txt`, real), writeFixture(dir, `s${counter}_echos_model_i.txt`, imaginary)];
}

/** The error message a read ends with, or null when it succeeds. */
function failureOf(read: Promise<unknown>): Promise<string | null> {
  return read.then(
    () => null,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
}

const PAIRS: [string, string, string, EchoReadOptions?][] = [
  ['clean, with comments and CRLF', '# re\r\n1 2\r\n3 4\r\n', '5 6\n7 8\n'],
  ['a row too many', '1 2\n3 4\n', '5 6\n7 8\n9 10\n'],
  ['rows running out', '# re\n1 2\n3 4\n5 6\n', '5 6\n7 8\n'],
  ['a longer imaginary row', '1 2\n3 4\n', '5 6\n7 8 9\n'],
  ['a shorter first imaginary row', '1 2 3\n', '5 6\n'],
  ['a required length', '1 2 3\n', '4 5 6\n', { length: { count: 4, why: 'like the model curves' } }],
  ['an empty imaginary file', '1 2\n', ''],
  ['a bad real token', '1 2\n3 x\n', '5 6\n7 8\n'],
  ['an overflowing imaginary value', '1 2\n', '5 1e999\n'],
  ['a short real row', '1 2\n3\n', '5 6\n7 8\n'],
];

describe('checkEchoPair', () => {
  it.each(PAIRS)('agrees with readEchoPair on %s', async (_name, real, imaginary, options = {}) => {
    const [r, i] = pair(real, imaginary);
    const [read, checked] = [await failureOf(readEchoPair(r, i, options)), await failureOf(checkEchoPair(r, i, options))];
    expect(checked).toBe(read);
    if (read === null) {
      const curves = await readEchoPair(r, i, options);
      expect(await checkEchoPair(r, i, options)).toEqual({ count: curves.count, length: curves.length });
    }
  });

  it('advances a progress meter by both files, as readEchoPair does', async () => {
    const [r, i] = pair('1 2\n3 4\n', '5 6\n7 8\n');
    const meter = new ProgressMeter(16);
    await checkEchoPair(r, i, { meter });
    expect(meter.snapshot().done).toBe(16);
  });
});

describe('readNumberTable with discardValues', () => {
  it('returns the shape, row lines and end line of a full read, and no values', async () => {
    const path = writeFixture(dir, 'table.txt', '\ufeff# head\n1 2 3\n\n4 5 6\r\n7 8 9');
    const full = await readNumberTable(path);
    const shape = await readNumberTable(path, { discardValues: true });
    expect(shape.values.length).toBe(0);
    expect([shape.rows, shape.columns, Array.from(shape.rowLines), shape.endLine]).toEqual([full.rows, full.columns, Array.from(full.rowLines), full.endLine]);
  });

  it('refuses a target at the same time', async () => {
    const path = writeFixture(dir, 'target.txt', '1 2\n');
    const target = { data: new Float64Array(4), offset: 0, stride: 1 };
    await expect(readNumberTable(path, { columns: { count: 2, why: '' }, maxRows: { max: 2, reason: '' }, target, discardValues: true })).rejects.toThrow(TypeError);
  });
});
