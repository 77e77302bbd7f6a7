import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src-main/core/errors.ts';
import { ProgressMeter, type Progress } from '../../../src-main/core/progress.ts';
import { CHUNK_BYTES, MAX_CARRIED_BYTES } from '../../../src-main/core/formats/chunked-file.ts';
import { readNumberTable } from '../../../src-main/core/formats/number-table.ts';
import { expectFileError, numpyExponential, removeFolder, seededRandom, temporaryFolder, writeFixture } from './fixtures.ts';

const dir = temporaryFolder();
afterAll(() => removeFolder(dir));

let fileCounter = 0;
function fixture(content: string | Uint8Array): string {
  fileCounter += 1;
  return writeFixture(dir, `table-${fileCounter}.txt`, content);
}

async function valuesOf(content: string | Uint8Array): Promise<number[]> {
  return Array.from((await readNumberTable(fixture(content))).values);
}

describe('readNumberTable accepts what numpy loadtxt accepts', () => {
  it('reads tab- and space-separated rows, the first row setting the width', async () => {
    const table = await readNumberTable(fixture('1\t2\t3\n4   5 \t 6\n'));
    expect(table.rows).toBe(2);
    expect(table.columns).toBe(3);
    expect(Array.from(table.values)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(table.rowLines)).toEqual([1, 2]);
    expect(table.endLine).toBe(3);
  });

  it('takes any width, not only 471', async () => {
    const table = await readNumberTable(fixture('1 2 3 4 5 6 7\n'));
    expect([table.rows, table.columns]).toEqual([1, 7]);
  });

  it('accepts CRLF, a UTF-8 BOM, comment lines, trailing comments and blank lines', async () => {
    const text = '\uFEFF# header line\r\n\r\n1.5 2.5 # trailing comment\r\n   \r\n#another\r\n3.5\t4.5\r\n\r\n';
    const table = await readNumberTable(fixture(text));
    expect(Array.from(table.values)).toEqual([1.5, 2.5, 3.5, 4.5]);
    expect(Array.from(table.rowLines)).toEqual([3, 6]);
    expect(table.endLine).toBe(8);
  });

  it('accepts a last row without a line end, and a comment glued to a value', async () => {
    expect(await valuesOf('1 2\n3 4#c')).toEqual([1, 2, 3, 4]);
    const table = await readNumberTable(fixture('1 2\n3 4'));
    expect(table.endLine).toBe(3);
  });

  it('accepts exponent notation, signs, a leading or trailing dot', async () => {
    const tokens = ['1e-3', '1E+05', '-2.5e-07', '+3', '.5', '-.25', '5.', '0.0', '-0', '1e0', '7E3', '+.5e1'];
    const values = await valuesOf(tokens.join(' ') + '\n');
    expect(values).toEqual(tokens.map(Number));
    expect(Object.is(values[8], -0)).toBe(true);
  });

  it('treats a lone CR as a line end, and vertical tab and form feed as blanks', async () => {
    const table = await readNumberTable(fixture('1 2\r3\v4\r5\f6'));
    expect([table.rows, table.columns]).toEqual([3, 2]);
    expect(Array.from(table.rowLines)).toEqual([1, 2, 3]);
  });
});

/** Random decimal text in the many spellings found in the wild, each finite under Number(). */
function randomToken(random: () => number): string {
  for (;;) {
    const magnitude = 10 ** (random() * 44 - 24);
    const value = (random() - 0.5) * 2 * magnitude;
    const digits = (count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
    let token: string;
    switch (Math.floor(random() * 10)) {
      case 0:
        token = numpyExponential(value);
        break;
      case 1:
        token = value.toFixed(Math.floor(random() * 21));
        break;
      case 2:
        token = String(value);
        break;
      case 3:
        token = value.toExponential(Math.floor(random() * 21)).toUpperCase();
        break;
      case 4: {
        const all = digits(1 + Math.floor(random() * 26));
        const dot = Math.floor(random() * (all.length + 1));
        token = `${random() < 0.5 ? '-' : ''}${all.slice(0, dot)}.${all.slice(dot)}e${Math.floor(random() * 700) - 350}`;
        if (token.includes('-.e') || token.startsWith('.e')) continue;
        break;
      }
      case 5: {
        const words = new Uint32Array([Math.floor(random() * 2 ** 32), Math.floor(random() * 2 ** 32)]);
        token = String(new Float64Array(words.buffer)[0]);
        break;
      }
      case 6:
        token = `${random() < 0.5 ? '+' : '-'}.${digits(1 + Math.floor(random() * 20))}`;
        break;
      case 7:
        token = `${digits(1 + Math.floor(random() * 30))}${random() < 0.5 ? '.' : ''}`;
        break;
      case 8:
        token = `000${digits(3)}.${digits(Math.floor(random() * 30))}e-${Math.floor(random() * 30)}`;
        break;
      default:
        token = value.toFixed(16);
    }
    if (Number.isFinite(Number(token))) return token;
  }
}

/** Exact midpoints between neighbouring doubles, and decimals just beside them. */
function nearTies(random: () => number): string[] {
  const tokens: string[] = [];
  const view = new DataView(new ArrayBuffer(8));
  for (let k = 0; k < 2000; k++) {
    view.setFloat64(0, random() * 10 ** Math.floor(random() * 40 - 20));
    const word = view.getBigUint64(0);
    const significand = (word & ((1n << 52n) - 1n)) | (1n << 52n);
    const exponent = Number((word >> 52n) & 0x7ffn) - 1076; // midpoint = (2s + 1) * 2^exponent
    const odd = 2n * significand + 1n;
    const [integer, scale] = exponent < 0 ? [odd * 5n ** BigInt(-exponent), exponent] : [odd * 2n ** BigInt(exponent), 0];
    const text = integer.toString();
    tokens.push(`${text}e${scale}`);
    const cut = 17 + (k % 4);
    if (text.length > cut) {
      const shift = scale + text.length - cut;
      const head = BigInt(text.slice(0, cut));
      tokens.push(`${head}e${shift}`, `${head + 1n}e${shift}`);
    }
  }
  for (let k = 0; k < 200; k++) tokens.push(String(2n ** 53n + 2n * BigInt(k) + 1n), `${2n ** 54n + 2n * BigInt(k) + 2n}`);
  tokens.push('1.00000000000000011102230246251565404236316680908203125', '1.0000000000000001110223024625156540423631668090820312', '1.00000000000000011102230246251565404236316680908203126');
  return tokens;
}

async function expectSameAsNumber(tokens: string[], separator: (k: number) => string): Promise<void> {
  let text = '';
  for (let k = 0; k < tokens.length; k++) text += tokens[k] + separator(k);
  const table = await readNumberTable(fixture(text));
  expect(table.values.length).toBe(tokens.length);
  const mismatches: string[] = [];
  tokens.forEach((token, k) => {
    if (!Object.is(table.values[k], Number(token))) mismatches.push(`${token}: ${table.values[k]} != ${Number(token)}`);
  });
  expect(mismatches.slice(0, 10)).toEqual([]);
}

describe('the value of every token is exactly Number(token)', () => {
  it('on 200000 random tokens of many spellings, across chunk boundaries', async () => {
    const random = seededRandom(20240611);
    const tokens = Array.from({ length: 200_000 }, () => randomToken(random));
    await expectSameAsNumber(tokens, (k) => (k % 8 === 7 ? '\n' : random() < 0.5 ? '\t' : ' '));
  });

  it('on exact ties (round half to even) and decimals a hair beside them', async () => {
    const tokens = nearTies(seededRandom(7));
    await expectSameAsNumber(tokens, () => '\n');
  });

  it('on extremes: subnormals, the largest double, underflow to zero, negative zero', async () => {
    const tokens = ['5e-324', '4.9406564584124654e-324', '2.2250738585072011e-308', '2.2250738585072014e-308', '1.7976931348623157e308', '1.7976931348623158e+308', '1e-400', '-1e-400', '-0.0', '0e999', '123456789012345678901234567890e-10', '0.1', '0.3', '9007199254740993'];
    await expectSameAsNumber(tokens, () => '\n');
  });
});

describe('chunk boundaries', () => {
  /** A one-column file whose byte `at` starts `tail`, padded with rows of "7". */
  function paddedTo(at: number, tail: string): string {
    const rows = Math.floor(at / 2);
    return '7\n'.repeat(rows) + (at % 2 === 1 ? ' ' : '') + tail;
  }

  it('keeps a CRLF split between two chunks as one line end', async () => {
    const text = paddedTo(CHUNK_BYTES - 4, '2.5\r\nx\n');
    const path = fixture(text);
    const rowsBefore = (CHUNK_BYTES - 4) / 2;
    await expectFileError(readNumberTable(path), { path, line: rowsBefore + 2, column: 1, reason: /'x' is not a number/ });
  });

  it('scans a number split between two chunks as one number', async () => {
    const path = fixture(paddedTo(CHUNK_BYTES - 5, '123.456e-7\n8\n'));
    const table = await readNumberTable(path);
    expect(table.values[table.rows - 2]).toBe(123.456e-7);
    expect(table.values[table.rows - 1]).toBe(8);
  });

  it('skips a comment running across a chunk boundary', async () => {
    const path = fixture(paddedTo(CHUNK_BYTES - 10, `# ${'c'.repeat(40)}\n9\n`));
    const table = await readNumberTable(path);
    expect(table.values[table.rows - 1]).toBe(9);
    expect(table.rows).toBe((CHUNK_BYTES - 10) / 2 + 1);
  });

  it('refuses a token longer than a chunk can carry, at its first character', async () => {
    const path = fixture(`1\n2 ${'9'.repeat(MAX_CARRIED_BYTES + CHUNK_BYTES)}\n`);
    await expectFileError(readNumberTable(path), { path, line: 2, column: 3, reason: /longer than/ });
  });
});

describe('rejections, at the exact line and column', () => {
  it('an empty file, at 1:1', async () => {
    const path = fixture('');
    await expectFileError(readNumberTable(path), { path, line: 1, column: 1, reason: /no data rows/ });
  });

  it('a file of comments and blank lines only, at 1:1', async () => {
    const path = fixture('# nothing\n\n   \n# here\n');
    await expectFileError(readNumberTable(path), { path, line: 1, column: 1, reason: /no data rows/ });
  });

  it('a row longer than the first, at its first extra value', async () => {
    const path = fixture('1 2 3\n4 5 6\n7 8 9 10\n');
    await expectFileError(readNumberTable(path), { path, line: 3, column: 7, reason: /more than 3 values in row 3; expected 3 like the first row \(line 1\)/ });
  });

  it('a row shorter than the first, just past its last value', async () => {
    const path = fixture('# header\n1\t2\t3\n4\t5   # short\n');
    await expectFileError(readNumberTable(path), { path, line: 3, column: 4, reason: /only 2 values in row 2; expected 3 like the first row \(line 2\)/ });
  });

  it('a short last row without a line end', async () => {
    const path = fixture('1 2 3\n4 5');
    await expectFileError(readNumberTable(path), { path, line: 2, column: 4, reason: /only 2 values/ });
  });

  it('a word that is not a number', async () => {
    const path = fixture('1 2\n3 abc\n');
    await expectFileError(readNumberTable(path), { path, line: 2, column: 3, reason: /^'abc' is not a number$/ });
  });

  it.each(['nan', 'NaN', 'inf', '-inf', '+Inf', 'Infinity', '-infinity'])('%s, as not finite', async (word) => {
    const path = fixture(`1.5 2.5\n\t${word} 3\n`);
    await expectFileError(readNumberTable(path), { path, line: 2, column: 2, reason: new RegExp(`^'${word.replace('+', '\\+')}' is not a finite number$`) });
  });

  it.each(['1e999', '-1e999', '1.8e308', '99999999999999999999e300'])('%s, as overflowing to infinity', async (token) => {
    const path = fixture(`1 2\n3 ${token}\n`);
    await expectFileError(readNumberTable(path), { path, line: 2, column: 3, reason: /not a finite number \(it overflows to infinity\)/ });
  });

  it.each(['1e', '1e+', '.', '-', '+', '1.2.3', '1,5', '0x10', '1_000', '--1', 'e5', '1e5.5', '2-3'])('%s, as not a number', async (token) => {
    const path = fixture(`0 0\n0 ${token}\n`);
    await expectFileError(readNumberTable(path), { path, line: 2, column: 3, reason: /is not a number$/ });
  });

  it('binary bytes, escaped so the message stays one printable line', async () => {
    const path = fixture(new Uint8Array([0x31, 0x20, 0x00, 0x07, 0x1b, 0x41, 0x0a]));
    const error = await expectFileError(readNumberTable(path), { path, line: 1, column: 3, reason: /^'\\x00\\x07\\x1bA' is not a number$/ });
    expect(error.message).not.toMatch(/[\u0000-\u001f]/);
  });

  it('counts columns after a BOM, on CRLF lines and after tabs', async () => {
    const bom = fixture('\uFEFF1 x\n');
    await expectFileError(readNumberTable(bom), { path: bom, line: 1, column: 3 });
    const crlf = fixture('1 2\r\n3 x\r\n');
    await expectFileError(readNumberTable(crlf), { path: crlf, line: 2, column: 3 });
    const tabs = fixture('1\t\t2\n3\t\tx\n');
    await expectFileError(readNumberTable(tabs), { path: tabs, line: 2, column: 4 });
  });

  it('a missing file, at 1:1', async () => {
    const path = `${dir}/absent.txt`;
    await expectFileError(readNumberTable(path), { path, line: 1, column: 1, reason: /cannot read: no such file/ });
  });

  it('a folder instead of a file, at 1:1', async () => {
    await expectFileError(readNumberTable(dir), { path: dir, line: 1, column: 1, reason: /not a regular file/ });
  });
});

describe('options', () => {
  it('a column rule checks the first row too', async () => {
    const path = fixture('1 2\n');
    await expectFileError(readNumberTable(path, { columns: { count: 3, why: '(alpha, xi, d)' } }), {
      path,
      line: 1,
      column: 4,
      reason: /^only 2 values in row 1; expected 3 \(alpha, xi, d\)$/,
    });
  });

  it('a row limit stops at the first row too many, at column 1', async () => {
    const path = fixture('1\n2\n  3\n');
    await expectFileError(readNumberTable(path, { maxRows: { max: 2, reason: 'more rows than the 2 of r.txt' } }), {
      path,
      line: 3,
      column: 1,
      reason: /^more rows than the 2 of r.txt$/,
    });
  });

  it('a target receives values at offset + k * stride', async () => {
    const data = new Float64Array(8).fill(-1);
    const path = fixture('1 2\n3 4\n');
    const table = await readNumberTable(path, { columns: { count: 2, why: '' }, maxRows: { max: 2, reason: '' }, target: { data, offset: 1, stride: 2 } });
    expect(table.values).toBe(data);
    expect(Array.from(data)).toEqual([-1, 1, -1, 2, -1, 3, -1, 4]);
  });

  it('reports progress in bytes up to the file size', async () => {
    const text = '0.125 '.repeat(400_000) + '\n';
    const reports: Progress[] = [];
    const meter = new ProgressMeter(text.length, (progress) => reports.push(progress));
    await readNumberTable(fixture(text), { meter });
    expect(reports.length).toBeGreaterThan(1);
    expect(reports.at(-1)?.done).toBe(text.length);
    expect(reports.every((report, k) => k === 0 || report.done >= reports[k - 1].done)).toBe(true);
  });

  it('stops with CancelledError when the signal fires', async () => {
    const path = fixture('1 2\n'.repeat(10));
    const controller = new AbortController();
    controller.abort();
    await expect(readNumberTable(path, { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('reused chunk buffers', () => {
  it('keep files read at once and one after another apart', async () => {
    // Larger than a chunk, so that every read takes full-size buffers, which closed files hand on.
    const texts = [1, 2, 3].map((digit) => `${digit}.5 ${digit}\n`.repeat(Math.ceil((1.5 * CHUNK_BYTES) / 6)));
    const paths = texts.map((text) => fixture(text));
    for (let round = 0; round < 2; round++) {
      const tables = await Promise.all(paths.map((path) => readNumberTable(path)));
      tables.forEach((table, k) => {
        expect(table.rows).toBe(Math.ceil((1.5 * CHUNK_BYTES) / 6));
        expect(table.values.every((value, index) => value === (index % 2 === 0 ? k + 1.5 : k + 1))).toBe(true);
      });
    }
  });
});
