import { describe, expect, it } from 'vitest';
import { writeDecimal } from '../../../src-main/core/formats/decimal-to-double.ts';
import { seededRandom } from './fixtures.ts';

/** Calls writeDecimal with the digit groups the scanner would collect from `digits` (first non-zero). */
function convert(digits: string, exponent10: number, negative = false): number | null {
  const out = new Float64Array(1);
  const head = Number(digits.slice(0, 8));
  const body = digits.length > 8 ? Number(digits.slice(8, 17)) : 0;
  const tail = digits.length > 17 ? Number(digits.slice(17, 19)) : 0;
  return writeDecimal(head, body, tail, digits.length, exponent10, negative, out, 0) ? out[0] : null;
}

describe('writeDecimal', () => {
  it('matches Number() whenever it answers, and answers almost always, on random 1-19 digit decimals', () => {
    const random = seededRandom(99);
    let answered = 0;
    const wrong: string[] = [];
    for (let k = 0; k < 200_000; k++) {
      const length = 1 + Math.floor(random() * 19);
      let digits = String(1 + Math.floor(random() * 9));
      while (digits.length < length) digits += Math.floor(random() * 10);
      const exponent10 = Math.floor(random() * 500) - 250;
      const value = convert(digits, exponent10);
      if (value === null) continue;
      answered++;
      if (!Object.is(value, Number(`${digits}e${exponent10}`))) wrong.push(`${digits}e${exponent10}`);
    }
    expect(wrong).toEqual([]);
    expect(answered).toBeGreaterThan(199_000);
  });

  it("matches Number() on numpy '%.18e' text, whose 19 digits sit right beside a double", () => {
    const random = seededRandom(5);
    const wrong: string[] = [];
    for (let k = 0; k < 50_000; k++) {
      const value = random() * 10 ** Math.floor(random() * 40 - 20);
      const [mantissa, exponent] = value.toExponential(18).split('e');
      const digits = mantissa.replace('.', '');
      if (convert(digits, Number(exponent) - 18) !== value) wrong.push(value.toExponential(18));
    }
    expect(wrong).toEqual([]);
  });

  it('declines exact ties, which round half to even, rather than guess', () => {
    // 2^53 + 1 lies exactly between 2^53 and 2^53 + 2.
    expect(convert('9007199254740993', 0)).toBeNull();
    expect(convert('9007199254740995', 0)).toBeNull();
    expect(convert('9007199254740994', 0)).toBe(9007199254740994);
  });

  it('writes the sign, and declines exponents off its table', () => {
    expect(convert('12345678901234567', -20, true)).toBe(-12345678901234567e-20);
    expect(convert('1', 251)).toBeNull();
    expect(convert('1', -251)).toBeNull();
  });
});
