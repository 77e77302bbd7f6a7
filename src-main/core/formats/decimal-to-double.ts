// Correctly rounded decimal-to-float64 conversion for the decimals Clinger's fast path cannot take
// (16 to 19 significant digits, or exponents beyond +-22): double-double arithmetic with a proven
// error bound, answering only when no rounding boundary lies within that bound.
//
// Why: JavaScript has no fast 64-bit integers, and Number() on a substring costs a string per value.
// The product w * 10^q is computed to about 102 bits; when the nearest doubles' midpoint is farther
// than the error bound from it, rounding the approximation and rounding the exact value agree.

/** Powers of ten with a table entry: 10^-250 .. 10^250. In this range every intermediate is normal. */
const MAX_EXPONENT10 = 250;
/** Dekker's splitter 2^27 + 1: splits a double into two halves whose products are exact. */
const SPLITTER = 134217729;
/** Relative error bound of the approximation, with a wide margin over the proven 2^-102. */
const ERROR_BOUND = 2 ** -98;
/** 10^0 .. 10^11: exact doubles, and head * 10^k stays below 2^53 for the 8-digit head. */
const EXACT_POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11];

/** 10^q as high + low doubles (|error| < 2^-105 * 10^q), and the high part split for Dekker products. */
const POWER_HIGH = new Float64Array(2 * MAX_EXPONENT10 + 1);
const POWER_LOW = new Float64Array(2 * MAX_EXPONENT10 + 1);
const POWER_HIGH_UPPER = new Float64Array(2 * MAX_EXPONENT10 + 1);
const POWER_HIGH_LOWER = new Float64Array(2 * MAX_EXPONENT10 + 1);
/** Built on first use: a table of short decimals (the usual case) never needs them. */
let powersBuilt = false;

function bitLength(value: bigint): number {
  return value.toString(2).length;
}

/** Fills the tables from exact BigInt arithmetic, once per process (a few milliseconds). */
function buildPowersOfTen(): void {
  const bits = new DataView(new ArrayBuffer(8));
  for (let q = -MAX_EXPONENT10; q <= MAX_EXPONENT10; q++) {
    // Number('1e' + q) is correctly rounded, so high is the double nearest 10^q.
    const high = Number(`1e${q}`);
    bits.setFloat64(0, high);
    const word = bits.getBigUint64(0);
    const significand = (word & ((1n << 52n) - 1n)) | (1n << 52n);
    const exponent = Number((word >> 52n) & 0x7ffn) - 1075; // high = significand * 2^exponent
    let low: number;
    if (q >= 0) {
      low = exponent >= 0 ? Number(10n ** BigInt(q) - (significand << BigInt(exponent))) : 0;
    } else {
      // 10^q - high = numerator / denominator with both as integers.
      const powerOfTen = 10n ** BigInt(-q);
      const numerator = (1n << BigInt(-exponent)) - significand * powerOfTen;
      const denominator = (1n << BigInt(-exponent)) * powerOfTen;
      if (numerator === 0n) low = 0;
      else {
        const shift = bitLength(denominator) - bitLength(numerator < 0n ? -numerator : numerator) + 64;
        low = Number((numerator << BigInt(shift)) / denominator) * 2 ** -shift;
      }
    }
    const index = q + MAX_EXPONENT10;
    POWER_HIGH[index] = high;
    POWER_LOW[index] = low;
    const scaled = SPLITTER * high;
    const upper = scaled - (scaled - high);
    POWER_HIGH_UPPER[index] = upper;
    POWER_HIGH_LOWER[index] = high - upper;
  }
  powersBuilt = true;
}

/**
 * Writes into target[index] the float64 nearest to (-1 if negative) * w * 10^exponent10, where w is
 * the integer of a decimal's first `digits` significant digits (1 to 19, the first non-zero), split
 * as the scanner collects them: head = digits 1-8, body = digits 9-17, tail = digits 18-19.
 * Returns false, writing nothing, when it cannot decide (the value lies too close to a rounding
 * boundary, for instance an exact tie, or the exponent is off the table): the caller then converts
 * the text with Number(). It never writes a wrong value.
 *
 * Every argument stays a small integer and the result goes straight into the array, so a call does
 * not allocate boxed numbers.
 */
export function writeDecimal(
  head: number,
  body: number,
  tail: number,
  digits: number,
  exponent10: number,
  negative: boolean,
  target: Float64Array,
  index: number,
): boolean {
  if (exponent10 < -MAX_EXPONENT10 || exponent10 > MAX_EXPONENT10) return false;
  if (!powersBuilt) buildPowersOfTen();

  // w = major + minor exactly, both exact doubles; then as a normalised pair wHigh + wLow.
  let major = head;
  let minor = 0;
  if (digits > 8) {
    major = head * EXACT_POWERS_OF_TEN[digits - 8];
    minor = digits <= 17 ? body : body * EXACT_POWERS_OF_TEN[digits - 17] + tail;
  }
  const wHigh = major + minor;
  const wLow = minor - (wHigh - major); // exact: |major| >= |minor|

  // wHigh * powerHigh = product + productError exactly (Dekker's two-product).
  const row = exponent10 + MAX_EXPONENT10;
  const powerHigh = POWER_HIGH[row];
  const product = wHigh * powerHigh;
  const scaled = SPLITTER * wHigh;
  const wUpper = scaled - (scaled - wHigh);
  const wLower = wHigh - wUpper;
  const powerUpper = POWER_HIGH_UPPER[row];
  const powerLower = POWER_HIGH_LOWER[row];
  const productError =
    wUpper * powerUpper - product + wUpper * powerLower + wLower * powerUpper + wLower * powerLower;
  const correction = productError + (wHigh * POWER_LOW[row] + wLow * powerHigh);

  // product + correction = rounded + residual exactly; the exact value lies within bound of it.
  const rounded = product + correction;
  const residual = correction - (rounded - product);
  const bound = ERROR_BOUND * product;
  if (rounded + (residual + bound) !== rounded || rounded + (residual - bound) !== rounded) return false;
  target[index] = negative ? -rounded : rounded;
  return true;
}
