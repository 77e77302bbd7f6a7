// AssemblyScript, compiled to WebAssembly SIMD by scripts/build-wasm.mjs: the simulator's two hot
// loops (the FFT stages of the local field and the exact spin step), two lattice sites per f64x2.
//
// Each lane repeats the TypeScript reference (../fft.ts, ../spin-step.ts) operation for operation:
// WebAssembly never fuses or reorders f64 arithmetic, and every transcendental value (twiddles,
// tables, Math.exp/sin/cos) comes from the JavaScript host, so the results are bit-identical to
// the reference and a data set does not depend on which engine made it. Arrays are f64 at byte
// offsets the host lays out in this module's memory; the host requires an even L, so every loop
// runs over whole pairs.

@external("host", "exp") declare function hostExp(x: f64): f64;
@external("host", "sin") declare function hostSin(x: f64): f64;
@external("host", "cos") declare function hostCos(x: f64): f64;

// Radix-3 and radix-5 constants, set once by the host (computed there with Math.cos/Math.sin).
let SIN_60: f64 = 0;
let W1: f64 = 0;
let W2: f64 = 0;
let W3: f64 = 0;
let W4: f64 = 0;
let W5: f64 = 0;
// The spin step's sin/cos tables of j pi / 32 (64 f64 each).
let sinTable: usize = 0;
let cosTable: usize = 0;

export function setConstants(sin60: f64, w1: f64, w2: f64, w3: f64, w4: f64, w5: f64, sinTablePtr: usize, cosTablePtr: usize): void {
  SIN_60 = sin60;
  W1 = w1;
  W2 = w2;
  W3 = w3;
  W4 = w4;
  W5 = w5;
  sinTable = sinTablePtr;
  cosTable = cosTablePtr;
}

// ---- FFT ----------------------------------------------------------------------------------------

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 3);
}

@inline function ld(base: usize, index: i32): v128 {
  return v128.load(at(base, index));
}

@inline function st(base: usize, index: i32, value: v128): void {
  v128.store(at(base, index), value);
}

/** (br + i bi) (wr + i wi), real part, in the reference's order: br wr - bi wi. */
@inline function twRe(br: v128, bi: v128, wr: v128, wi: v128): v128 {
  return f64x2.sub(f64x2.mul(br, wr), f64x2.mul(bi, wi));
}

/** Imaginary part: br wi + bi wr. */
@inline function twIm(br: v128, bi: v128, wr: v128, wi: v128): v128 {
  return f64x2.add(f64x2.mul(br, wi), f64x2.mul(bi, wr));
}

/**
 * The whole Stockham transform of ../fft.ts over `batch` interleaved sequences. A stage record is
 * 5 i32: radix, m, stride, and the byte offsets of its twiddles' real and imaginary parts.
 */
export function transform(
  stages: usize,
  stageCount: i32,
  n: i32,
  batch: i32,
  re: usize,
  im: usize,
  sourceRe: usize,
  sourceIm: usize,
  scratchRe: usize,
  scratchIm: usize,
  spareRe: usize,
  spareIm: usize,
): void {
  let xr = sourceRe;
  let xi = sourceIm;
  for (let index = 0; index < stageCount; index++) {
    const remaining = stageCount - 1 - index;
    let yr = remaining % 2 == 0 ? re : xr == scratchRe ? spareRe : scratchRe;
    let yi = remaining % 2 == 0 ? im : xr == scratchRe ? spareIm : scratchIm;
    if (yr == xr) {
      yr = scratchRe;
      yi = scratchIm;
    }
    const record = stages + <usize>index * 20;
    const radix = load<i32>(record);
    const m = load<i32>(record, 4);
    const s = load<i32>(record, 8) * batch;
    const wRe = <usize>load<i32>(record, 12);
    const wIm = <usize>load<i32>(record, 16);
    if (radix == 4) {
      radix4Plain(m, s, xr, xi, yr, yi);
      radix4(m, s, wRe, wIm, xr, xi, yr, yi);
    } else if (radix == 2) {
      radix2Plain(m, s, xr, xi, yr, yi);
      radix2(m, s, wRe, wIm, xr, xi, yr, yi);
    } else if (radix == 3) {
      radix3Plain(m, s, xr, xi, yr, yi);
      radix3(m, s, wRe, wIm, xr, xi, yr, yi);
    } else {
      radix5Plain(m, s, xr, xi, yr, yi);
      radix5(m, s, wRe, wIm, xr, xi, yr, yi);
    }
    xr = yr;
    xi = yi;
  }
  if (xr != re) {
    memory.copy(re, xr, <usize>(n * batch) << 3);
    memory.copy(im, xi, <usize>(n * batch) << 3);
  }
}

// Each radix has one block of butterflies over t < s, twiddled or not, inlined with a constant flag:
// the untwiddled block (p = 0) carries no multiplications at all, as in the reference.

@inline function radix2Block(xr: usize, xi: usize, yr: usize, yi: usize, inBase: i32, outBase: i32, ms: i32, s: i32, twiddled: bool, w1r: v128, w1i: v128): void {
  for (let t = 0; t < s; t += 2) {
    const i0 = inBase + t;
    const i1 = i0 + ms;
    const ar = ld(xr, i0), ai = ld(xi, i0), br = ld(xr, i1), bi = ld(xi, i1);
    const o = outBase + t;
    st(yr, o, f64x2.add(ar, br));
    st(yi, o, f64x2.add(ai, bi));
    const dr = f64x2.sub(ar, br), di = f64x2.sub(ai, bi);
    st(yr, o + s, twiddled ? twRe(dr, di, w1r, w1i) : dr);
    st(yi, o + s, twiddled ? twIm(dr, di, w1r, w1i) : di);
  }
}

function radix2(m: i32, s: i32, twr: usize, twi: usize, xr: usize, xi: usize, yr: usize, yi: usize): void {
  for (let p = 1; p < m; p++) {
    radix2Block(xr, xi, yr, yi, s * p, s * 2 * p, m * s, s, true, f64x2.splat(load<f64>(at(twr, p))), f64x2.splat(load<f64>(at(twi, p))));
  }
}

function radix2Plain(m: i32, s: i32, xr: usize, xi: usize, yr: usize, yi: usize): void {
  const unit = f64x2.splat(0);
  radix2Block(xr, xi, yr, yi, 0, 0, m * s, s, false, unit, unit);
}

@inline function radix4Block(
  xr: usize, xi: usize, yr: usize, yi: usize, inBase: i32, outBase: i32, ms: i32, s: i32, twiddled: bool,
  w1r: v128, w1i: v128, w2r: v128, w2i: v128, w3r: v128, w3i: v128,
): void {
  for (let t = 0; t < s; t += 2) {
    const i0 = inBase + t;
    const a0r = ld(xr, i0), a0i = ld(xi, i0);
    const a1r = ld(xr, i0 + ms), a1i = ld(xi, i0 + ms);
    const a2r = ld(xr, i0 + 2 * ms), a2i = ld(xi, i0 + 2 * ms);
    const a3r = ld(xr, i0 + 3 * ms), a3i = ld(xi, i0 + 3 * ms);
    const t0r = f64x2.add(a0r, a2r), t0i = f64x2.add(a0i, a2i);
    const t1r = f64x2.sub(a0r, a2r), t1i = f64x2.sub(a0i, a2i);
    const t2r = f64x2.add(a1r, a3r), t2i = f64x2.add(a1i, a3i);
    // (a1 - a3) times -i
    const t3r = f64x2.sub(a1i, a3i), t3i = f64x2.sub(a3r, a1r);
    const o = outBase + t;
    st(yr, o, f64x2.add(t0r, t2r));
    st(yi, o, f64x2.add(t0i, t2i));
    const b1r = f64x2.add(t1r, t3r), b1i = f64x2.add(t1i, t3i);
    const b2r = f64x2.sub(t0r, t2r), b2i = f64x2.sub(t0i, t2i);
    const b3r = f64x2.sub(t1r, t3r), b3i = f64x2.sub(t1i, t3i);
    st(yr, o + s, twiddled ? twRe(b1r, b1i, w1r, w1i) : b1r);
    st(yi, o + s, twiddled ? twIm(b1r, b1i, w1r, w1i) : b1i);
    st(yr, o + 2 * s, twiddled ? twRe(b2r, b2i, w2r, w2i) : b2r);
    st(yi, o + 2 * s, twiddled ? twIm(b2r, b2i, w2r, w2i) : b2i);
    st(yr, o + 3 * s, twiddled ? twRe(b3r, b3i, w3r, w3i) : b3r);
    st(yi, o + 3 * s, twiddled ? twIm(b3r, b3i, w3r, w3i) : b3i);
  }
}

function radix4(m: i32, s: i32, twr: usize, twi: usize, xr: usize, xi: usize, yr: usize, yi: usize): void {
  for (let p = 1; p < m; p++) {
    const w1r = f64x2.splat(load<f64>(at(twr, 3 * p))), w1i = f64x2.splat(load<f64>(at(twi, 3 * p)));
    const w2r = f64x2.splat(load<f64>(at(twr, 3 * p + 1))), w2i = f64x2.splat(load<f64>(at(twi, 3 * p + 1)));
    const w3r = f64x2.splat(load<f64>(at(twr, 3 * p + 2))), w3i = f64x2.splat(load<f64>(at(twi, 3 * p + 2)));
    radix4Block(xr, xi, yr, yi, s * p, s * 4 * p, m * s, s, true, w1r, w1i, w2r, w2i, w3r, w3i);
  }
}

function radix4Plain(m: i32, s: i32, xr: usize, xi: usize, yr: usize, yi: usize): void {
  const unit = f64x2.splat(0);
  radix4Block(xr, xi, yr, yi, 0, 0, m * s, s, false, unit, unit, unit, unit, unit, unit);
}

@inline function radix3Block(
  xr: usize, xi: usize, yr: usize, yi: usize, inBase: i32, outBase: i32, ms: i32, s: i32, twiddled: bool,
  w1r: v128, w1i: v128, w2r: v128, w2i: v128,
): void {
  const half = f64x2.splat(0.5);
  const sin60 = f64x2.splat(SIN_60);
  for (let t = 0; t < s; t += 2) {
    const i0 = inBase + t;
    const a0r = ld(xr, i0), a0i = ld(xi, i0);
    const a1r = ld(xr, i0 + ms), a1i = ld(xi, i0 + ms);
    const a2r = ld(xr, i0 + 2 * ms), a2i = ld(xi, i0 + 2 * ms);
    const sr = f64x2.add(a1r, a2r), si = f64x2.add(a1i, a2i);
    const hr = f64x2.sub(a0r, f64x2.mul(half, sr)), hi = f64x2.sub(a0i, f64x2.mul(half, si));
    // -i sin(60) (a1 - a2)
    const ur = f64x2.mul(sin60, f64x2.sub(a1i, a2i)), ui = f64x2.mul(sin60, f64x2.sub(a2r, a1r));
    const o = outBase + t;
    st(yr, o, f64x2.add(a0r, sr));
    st(yi, o, f64x2.add(a0i, si));
    const b1r = f64x2.add(hr, ur), b1i = f64x2.add(hi, ui);
    const b2r = f64x2.sub(hr, ur), b2i = f64x2.sub(hi, ui);
    st(yr, o + s, twiddled ? twRe(b1r, b1i, w1r, w1i) : b1r);
    st(yi, o + s, twiddled ? twIm(b1r, b1i, w1r, w1i) : b1i);
    st(yr, o + 2 * s, twiddled ? twRe(b2r, b2i, w2r, w2i) : b2r);
    st(yi, o + 2 * s, twiddled ? twIm(b2r, b2i, w2r, w2i) : b2i);
  }
}

function radix3(m: i32, s: i32, twr: usize, twi: usize, xr: usize, xi: usize, yr: usize, yi: usize): void {
  for (let p = 1; p < m; p++) {
    const w1r = f64x2.splat(load<f64>(at(twr, 2 * p))), w1i = f64x2.splat(load<f64>(at(twi, 2 * p)));
    const w2r = f64x2.splat(load<f64>(at(twr, 2 * p + 1))), w2i = f64x2.splat(load<f64>(at(twi, 2 * p + 1)));
    radix3Block(xr, xi, yr, yi, s * p, s * 3 * p, m * s, s, true, w1r, w1i, w2r, w2i);
  }
}

function radix3Plain(m: i32, s: i32, xr: usize, xi: usize, yr: usize, yi: usize): void {
  const unit = f64x2.splat(0);
  radix3Block(xr, xi, yr, yi, 0, 0, m * s, s, false, unit, unit, unit, unit);
}

/** One block of 5-point Winograd butterflies (../fft.ts). */
@inline function radix5Block(
  xr: usize, xi: usize, yr: usize, yi: usize, inBase: i32, outBase: i32, ms: i32, s: i32, twiddled: bool,
  w1r: v128, w1i: v128, w2r: v128, w2i: v128, w3r: v128, w3i: v128, w4r: v128, w4i: v128,
): void {
  const c1 = f64x2.splat(W1), c2 = f64x2.splat(W2), c3 = f64x2.splat(W3), c4 = f64x2.splat(W4), c5 = f64x2.splat(W5);
  const minusC3 = f64x2.splat(-W3), minusC5 = f64x2.splat(-W5);
  for (let t = 0; t < s; t += 2) {
    const i0 = inBase + t;
    const a0r = ld(xr, i0), a0i = ld(xi, i0);
    const a1r = ld(xr, i0 + ms), a1i = ld(xi, i0 + ms);
    const a2r = ld(xr, i0 + 2 * ms), a2i = ld(xi, i0 + 2 * ms);
    const a3r = ld(xr, i0 + 3 * ms), a3i = ld(xi, i0 + 3 * ms);
    const a4r = ld(xr, i0 + 4 * ms), a4i = ld(xi, i0 + 4 * ms);
    const p1r = f64x2.add(a1r, a4r), p1i = f64x2.add(a1i, a4i);
    const m1r = f64x2.sub(a1r, a4r), m1i = f64x2.sub(a1i, a4i);
    const p2r = f64x2.add(a2r, a3r), p2i = f64x2.add(a2i, a3i);
    const m2r = f64x2.sub(a2r, a3r), m2i = f64x2.sub(a2i, a3i);
    const sr = f64x2.add(p1r, p2r), si = f64x2.add(p1i, p2i);
    const b0r = f64x2.add(a0r, sr), b0i = f64x2.add(a0i, si);
    const qr = f64x2.add(b0r, f64x2.mul(c1, sr)), qi = f64x2.add(b0i, f64x2.mul(c1, si));
    const hr = f64x2.mul(c2, f64x2.sub(p1r, p2r)), hi = f64x2.mul(c2, f64x2.sub(p1i, p2i));
    const c1r = f64x2.add(qr, hr), c1i = f64x2.add(qi, hi);
    const c2r = f64x2.sub(qr, hr), c2i = f64x2.sub(qi, hi);
    const er = f64x2.mul(c3, f64x2.add(m1i, m2i)), ei = f64x2.mul(minusC3, f64x2.add(m1r, m2r));
    const d1r = f64x2.add(er, f64x2.mul(c4, m2i)), d1i = f64x2.sub(ei, f64x2.mul(c4, m2r));
    const d2r = f64x2.sub(f64x2.mul(c5, m1i), er), d2i = f64x2.sub(f64x2.mul(minusC5, m1r), ei);
    const o = outBase + t;
    st(yr, o, b0r);
    st(yi, o, b0i);
    const b1r = f64x2.add(c1r, d1r), b1i = f64x2.add(c1i, d1i);
    const b4r = f64x2.sub(c1r, d1r), b4i = f64x2.sub(c1i, d1i);
    const b2r = f64x2.add(c2r, d2r), b2i = f64x2.add(c2i, d2i);
    const b3r = f64x2.sub(c2r, d2r), b3i = f64x2.sub(c2i, d2i);
    if (twiddled) {
      st(yr, o + s, twRe(b1r, b1i, w1r, w1i));
      st(yi, o + s, twIm(b1r, b1i, w1r, w1i));
      st(yr, o + 2 * s, twRe(b2r, b2i, w2r, w2i));
      st(yi, o + 2 * s, twIm(b2r, b2i, w2r, w2i));
      st(yr, o + 3 * s, twRe(b3r, b3i, w3r, w3i));
      st(yi, o + 3 * s, twIm(b3r, b3i, w3r, w3i));
      st(yr, o + 4 * s, twRe(b4r, b4i, w4r, w4i));
      st(yi, o + 4 * s, twIm(b4r, b4i, w4r, w4i));
    } else {
      st(yr, o + s, b1r);
      st(yi, o + s, b1i);
      st(yr, o + 2 * s, b2r);
      st(yi, o + 2 * s, b2i);
      st(yr, o + 3 * s, b3r);
      st(yi, o + 3 * s, b3i);
      st(yr, o + 4 * s, b4r);
      st(yi, o + 4 * s, b4i);
    }
  }
}

function radix5(m: i32, s: i32, twr: usize, twi: usize, xr: usize, xi: usize, yr: usize, yi: usize): void {
  const ms = m * s;
  for (let p = 1; p < m; p++) {
    const w1r = f64x2.splat(load<f64>(at(twr, 4 * p))), w1i = f64x2.splat(load<f64>(at(twi, 4 * p)));
    const w2r = f64x2.splat(load<f64>(at(twr, 4 * p + 1))), w2i = f64x2.splat(load<f64>(at(twi, 4 * p + 1)));
    const w3r = f64x2.splat(load<f64>(at(twr, 4 * p + 2))), w3i = f64x2.splat(load<f64>(at(twi, 4 * p + 2)));
    const w4r = f64x2.splat(load<f64>(at(twr, 4 * p + 3))), w4i = f64x2.splat(load<f64>(at(twi, 4 * p + 3)));
    radix5Block(xr, xi, yr, yi, s * p, s * 5 * p, ms, s, true, w1r, w1i, w2r, w2i, w3r, w3i, w4r, w4i);
  }
}

function radix5Plain(m: i32, s: i32, xr: usize, xi: usize, yr: usize, yi: usize): void {
  const unit = f64x2.splat(0);
  radix5Block(xr, xi, yr, yi, 0, 0, m * s, s, false, unit, unit, unit, unit, unit, unit, unit, unit);
}

/** out = transpose(in) of an L x L array, both parts; two source columns per sweep. */
export function transpose(inRe: usize, inIm: usize, outRe: usize, outIm: usize, L: i32): void {
  for (let column = 0; column < L; column += 2) {
    const o0 = column * L;
    const o1 = o0 + L;
    for (let row = 0, source = column; row < L; row++, source += L) {
      const re = ld(inRe, source);
      const im = ld(inIm, source);
      store<f64>(at(outRe, o0 + row), f64x2.extract_lane(re, 0));
      store<f64>(at(outRe, o1 + row), f64x2.extract_lane(re, 1));
      store<f64>(at(outIm, o0 + row), f64x2.extract_lane(im, 0));
      store<f64>(at(outIm, o1 + row), f64x2.extract_lane(im, 1));
    }
  }
}

/** re *= spectrum and im *= spectrum, element by element, over n values. */
export function multiplySpectrum(re: usize, im: usize, spectrum: usize, n: i32): void {
  for (let index = 0; index < n; index += 2) {
    const s = ld(spectrum, index);
    st(re, index, f64x2.mul(ld(re, index), s));
    st(im, index, f64x2.mul(ld(im, index), s));
  }
}

// ---- Spin step (../spin-step.ts) ----------------------------------------------------------------

const SERIES_LIMIT: f64 = 1e-6;
const PIO32_HI: f64 = 1.5707963267341256 / 16;
const PIO32_MID: f64 = 6.077100506303966e-11 / 16;
const PIO32_LO: f64 = 2.0222662487959506e-21 / 16;
const THIRTY_TWO_OVER_PI: f64 = 32 / Math.PI;
const MAX_REDUCED_ANGLE: f64 = 1e5;
const MAX_REDUCED_Y: f64 = MAX_REDUCED_ANGLE * MAX_REDUCED_ANGLE;
const INV_2: f64 = 1.0 / 2;
const INV_6: f64 = 1.0 / 6;
const INV_24: f64 = 1.0 / 24;
const INV_120: f64 = 1.0 / 120;
const INV_720: f64 = 1.0 / 720;
const INV_5040: f64 = 1.0 / 5040;
const INV_40320: f64 = 1.0 / 40320;
const INV_362880: f64 = 1.0 / 362880;

/** The sums of the new r_x and r_y of the last propagateSpins, in spin order. */
let lastSumX: f64 = 0;
let lastSumY: f64 = 0;

export function sumX(): f64 {
  return lastSumX;
}

export function sumY(): f64 {
  return lastSumY;
}

/** The real root l0 of one spin (the reference's first loop body); g > 0. */
function rootOf(w2: f64, oz2: f64, g: f64, gg: f64): f64 {
  if (!(w2 > 0)) return 0;
  const inverseW2 = 1 / w2;
  const a = oz2 * inverseW2;
  const e = gg * inverseW2;
  if (e <= 0.25) {
    let u = a + e * a * a * (1 - a) * (1 + e * a * (2 - 3 * a));
    let f = u + e * u * u * (u - 1) - a;
    let slope = 1 + e * u * (3 * u - 2);
    u -= (2 * f * slope) / (2 * slope * slope - f * e * (6 * u - 2));
    if (e > 0.1) {
      f = u + e * u * u * (u - 1) - a;
      slope = 1 + e * u * (3 * u - 2);
      u -= (2 * f * slope) / (2 * slope * slope - f * e * (6 * u - 2));
    }
    return g * u;
  }
  return g * bracketedRoot(a, e);
}

function bracketedRoot(a: f64, e: f64): f64 {
  let lo: f64 = 0;
  let hi: f64 = 1;
  let u = a;
  for (let iteration = 0; iteration < 200; iteration++) {
    const f = u + e * u * u * (u - 1) - a;
    if (f == 0) return u;
    if (f < 0) lo = u;
    else hi = u;
    const step = f / (1 + e * u * (3 * u - 2));
    const next = u - step;
    if (next > lo && next < hi) {
      u = next;
      if (Math.abs(step) <= 1e-17) return u;
    } else {
      u = 0.5 * (lo + hi);
      if (hi - lo <= 1e-17) return u;
    }
  }
  return u;
}

/**
 * Advances every spin by one exact step, as ../spin-step.ts propagateSpins does; the sums of the
 * new r_x and r_y are then read with sumX() and sumY(). decayOfG is Math.exp(-g / 2) from the host.
 */
export function propagateSpins(
  rx: usize,
  ry: usize,
  rz: usize,
  fieldRe: usize,
  fieldIm: usize,
  delta: usize,
  roots: usize,
  n: i32,
  fieldScale: f64,
  g: f64,
  dt: f64,
  decayOfG: f64,
): void {
  findRoots(fieldRe, fieldIm, delta, roots, n, fieldScale, g, dt);
  let sx: f64 = 0;
  let sy: f64 = 0;
  const fs = f64x2.splat(fieldScale);
  const dtv = f64x2.splat(dt);
  const gv = f64x2.splat(g);
  const half = f64x2.splat(0.5);
  const minusHalf = f64x2.splat(-0.5);
  const quarter = f64x2.splat(0.25);
  const one = f64x2.splat(1);
  const decayG = f64x2.splat(decayOfG);
  for (let i = 0; i < n; i += 2) {
    const ox = f64x2.mul(fs, ld(fieldRe, i));
    const oy = f64x2.mul(fs, ld(fieldIm, i));
    const oz = f64x2.mul(f64x2.neg(ld(delta, i)), dtv);
    const oz2 = f64x2.mul(oz, oz);
    const w2 = f64x2.add(f64x2.add(f64x2.mul(ox, ox), f64x2.mul(oy, oy)), oz2);
    const l0 = ld(roots, i);
    const sigma = f64x2.mul(half, f64x2.sub(gv, l0));
    const x = f64x2.sub(l0, sigma);
    const lg = f64x2.sub(l0, gv);
    const y = f64x2.sub(f64x2.add(w2, f64x2.mul(l0, lg)), f64x2.mul(f64x2.mul(quarter, lg), lg));
    const inRange = v128.and(f64x2.ge(y, f64x2.splat(SERIES_LIMIT)), f64x2.lt(y, f64x2.splat(MAX_REDUCED_Y)));
    if (!i64x2.all_true(inRange)) {
      // A rare spin off the table's range: both of the pair take the scalar path, in order.
      stepOne(rx, ry, rz, fieldRe, fieldIm, delta, roots, i, fieldScale, g, dt, decayOfG);
      sx += stepX;
      sy += stepY;
      stepOne(rx, ry, rz, fieldRe, fieldIm, delta, roots, i + 1, fieldScale, g, dt, decayOfG);
      sx += stepX;
      sy += stepY;
      continue;
    }
    const h = f64x2.mul(minusHalf, l0);
    const q = f64x2.add(
      one,
      f64x2.mul(
        h,
        f64x2.add(
          one,
          f64x2.mul(
            h,
            f64x2.add(
              f64x2.splat(INV_2),
              f64x2.mul(h, f64x2.add(f64x2.splat(INV_6), f64x2.mul(h, f64x2.add(f64x2.splat(INV_24), f64x2.mul(h, f64x2.splat(INV_120)))))),
            ),
          ),
        ),
      ),
    );
    const decay = f64x2.mul(decayG, q);
    const theta = f64x2.sqrt(y);
    const jInt = i32x4.trunc_sat_f64x2_s_zero(f64x2.add(f64x2.mul(theta, f64x2.splat(THIRTY_TWO_OVER_PI)), half));
    const jFull = f64x2.convert_low_i32x4_s(jInt);
    const r = f64x2.sub(
      f64x2.sub(f64x2.sub(theta, f64x2.mul(jFull, f64x2.splat(PIO32_HI))), f64x2.mul(jFull, f64x2.splat(PIO32_MID))),
      f64x2.mul(jFull, f64x2.splat(PIO32_LO)),
    );
    const r2 = f64x2.mul(r, r);
    const sinR = f64x2.mul(
      r,
      f64x2.add(one, f64x2.mul(r2, f64x2.add(f64x2.splat(-INV_6), f64x2.mul(r2, f64x2.sub(f64x2.splat(INV_120), f64x2.mul(r2, f64x2.splat(INV_5040))))))),
    );
    const cosR = f64x2.add(
      one,
      f64x2.mul(
        r2,
        f64x2.add(
          f64x2.splat(-INV_2),
          f64x2.mul(r2, f64x2.add(f64x2.splat(INV_24), f64x2.mul(r2, f64x2.add(f64x2.splat(-INV_720), f64x2.mul(r2, f64x2.splat(INV_40320)))))),
        ),
      ),
    );
    const j0 = i32x4.extract_lane(jInt, 0) & 63;
    const j1 = i32x4.extract_lane(jInt, 1) & 63;
    const sinJ = f64x2(load<f64>(at(sinTable, j0)), load<f64>(at(sinTable, j1)));
    const cosJ = f64x2(load<f64>(at(cosTable, j0)), load<f64>(at(cosTable, j1)));
    const cosine = f64x2.sub(f64x2.mul(cosJ, cosR), f64x2.mul(sinJ, sinR));
    const xy = f64x2.add(f64x2.mul(x, x), y);
    const q3 = f64x2.mul(f64x2.mul(q, q), q);
    const inverse = f64x2.div(one, f64x2.mul(f64x2.mul(theta, xy), q3));
    const inverseThetaXY = f64x2.mul(inverse, q3);
    const expX = f64x2.mul(f64x2.mul(f64x2.mul(decayG, inverse), theta), xy);
    const sinc = f64x2.mul(f64x2.mul(f64x2.add(f64x2.mul(sinJ, cosR), f64x2.mul(cosJ, sinR)), xy), inverseThetaXY);
    const kappa = f64x2.mul(f64x2.mul(f64x2.sub(f64x2.sub(expX, cosine), f64x2.mul(x, sinc)), theta), inverseThetaXY);
    const c0 = f64x2.add(cosine, f64x2.mul(kappa, y));
    const gz = f64x2.sub(gv, sigma);
    const x0 = ld(rx, i);
    const y0 = ld(ry, i);
    const z0 = ld(rz, i);
    const vx = f64x2.sub(f64x2.sub(f64x2.mul(oy, z0), f64x2.mul(oz, y0)), f64x2.mul(sigma, x0));
    const vy = f64x2.sub(f64x2.sub(f64x2.mul(oz, x0), f64x2.mul(ox, z0)), f64x2.mul(sigma, y0));
    const vz = f64x2.add(f64x2.sub(f64x2.mul(ox, y0), f64x2.mul(oy, x0)), f64x2.mul(gz, z0));
    const wx = f64x2.sub(f64x2.sub(f64x2.mul(oy, vz), f64x2.mul(oz, vy)), f64x2.mul(sigma, vx));
    const wy = f64x2.sub(f64x2.sub(f64x2.mul(oz, vx), f64x2.mul(ox, vz)), f64x2.mul(sigma, vy));
    const wz = f64x2.add(f64x2.sub(f64x2.mul(ox, vy), f64x2.mul(oy, vx)), f64x2.mul(gz, vz));
    const nextX = f64x2.mul(decay, f64x2.add(f64x2.add(f64x2.mul(c0, x0), f64x2.mul(sinc, vx)), f64x2.mul(kappa, wx)));
    const nextY = f64x2.mul(decay, f64x2.add(f64x2.add(f64x2.mul(c0, y0), f64x2.mul(sinc, vy)), f64x2.mul(kappa, wy)));
    st(rx, i, nextX);
    st(ry, i, nextY);
    st(rz, i, f64x2.mul(decay, f64x2.add(f64x2.add(f64x2.mul(c0, z0), f64x2.mul(sinc, vz)), f64x2.mul(kappa, wz))));
    // The reference adds spin after spin: keep that order.
    sx += f64x2.extract_lane(nextX, 0);
    sx += f64x2.extract_lane(nextX, 1);
    sy += f64x2.extract_lane(nextY, 0);
    sy += f64x2.extract_lane(nextY, 1);
  }
  lastSumX = sx;
  lastSumY = sy;
}

/** The roots pass: both spins of a pair by the vector path when both allow it, else one by one. */
function findRoots(fieldRe: usize, fieldIm: usize, delta: usize, roots: usize, n: i32, fieldScale: f64, g: f64, dt: f64): void {
  if (!(g > 0)) {
    memory.fill(roots, 0, <usize>n << 3);
    return;
  }
  const gg = g * g;
  const fs = f64x2.splat(fieldScale);
  const dtv = f64x2.splat(dt);
  const ggv = f64x2.splat(gg);
  const gv = f64x2.splat(g);
  const one = f64x2.splat(1);
  const two = f64x2.splat(2);
  const three = f64x2.splat(3);
  const six = f64x2.splat(6);
  const zero = f64x2.splat(0);
  for (let i = 0; i < n; i += 2) {
    const ox = f64x2.mul(fs, ld(fieldRe, i));
    const oy = f64x2.mul(fs, ld(fieldIm, i));
    const oz = f64x2.mul(f64x2.neg(ld(delta, i)), dtv);
    const oz2 = f64x2.mul(oz, oz);
    const w2 = f64x2.add(f64x2.add(f64x2.mul(ox, ox), f64x2.mul(oy, oy)), oz2);
    const inverseW2 = f64x2.div(one, w2);
    const a = f64x2.mul(oz2, inverseW2);
    const e = f64x2.mul(ggv, inverseW2);
    const vectorPath = v128.and(f64x2.gt(w2, zero), f64x2.le(e, f64x2.splat(0.25)));
    if (!i64x2.all_true(vectorPath)) {
      store<f64>(at(roots, i), rootOf(f64x2.extract_lane(w2, 0), f64x2.extract_lane(oz2, 0), g, gg));
      store<f64>(at(roots, i + 1), rootOf(f64x2.extract_lane(w2, 1), f64x2.extract_lane(oz2, 1), g, gg));
      continue;
    }
    const ea = f64x2.mul(e, a);
    let u = f64x2.add(a, f64x2.mul(f64x2.mul(f64x2.mul(ea, a), f64x2.sub(one, a)), f64x2.add(one, f64x2.mul(ea, f64x2.sub(two, f64x2.mul(three, a))))));
    u = halleyStep(u, e, a, one, two, three, six);
    const second = halleyStep(u, e, a, one, two, three, six);
    u = v128.bitselect(second, u, f64x2.gt(e, f64x2.splat(0.1)));
    st(roots, i, f64x2.mul(gv, u));
  }
}

/** One Halley step on f(u) = u + e u^2 (u - 1) - a, in the reference's order of operations. */
@inline function halleyStep(u: v128, e: v128, a: v128, one: v128, two: v128, three: v128, six: v128): v128 {
  const eu = f64x2.mul(e, u);
  const f = f64x2.sub(f64x2.add(u, f64x2.mul(f64x2.mul(eu, u), f64x2.sub(u, one))), a);
  const slope = f64x2.add(one, f64x2.mul(eu, f64x2.sub(f64x2.mul(three, u), two)));
  const numerator = f64x2.mul(f64x2.mul(two, f), slope);
  const denominator = f64x2.sub(f64x2.mul(f64x2.mul(two, slope), slope), f64x2.mul(f64x2.mul(f, e), f64x2.sub(f64x2.mul(six, u), two)));
  return f64x2.sub(u, f64x2.div(numerator, denominator));
}

// The new r_x and r_y of the last stepOne.
let stepX: f64 = 0;
let stepY: f64 = 0;

/** The reference's second loop body for spin i, scalar, with its rare branches. */
function stepOne(rx: usize, ry: usize, rz: usize, fieldRe: usize, fieldIm: usize, delta: usize, roots: usize, i: i32, fieldScale: f64, g: f64, dt: f64, decayOfG: f64): void {
  const ox = fieldScale * load<f64>(at(fieldRe, i));
  const oy = fieldScale * load<f64>(at(fieldIm, i));
  const oz = -load<f64>(at(delta, i)) * dt;
  const oz2 = oz * oz;
  const w2 = ox * ox + oy * oy + oz2;
  const l0 = load<f64>(at(roots, i));
  const sigma = 0.5 * (g - l0);
  const x = l0 - sigma;
  const lg = l0 - g;
  const y = w2 + l0 * lg - 0.25 * lg * lg;
  const h = -0.5 * l0;
  const q = 1 + h * (1 + h * (INV_2 + h * (INV_6 + h * (INV_24 + h * INV_120))));
  const decay = decayOfG * q;
  let c0: f64;
  let sinc: f64;
  let kappa: f64;
  if (y >= SERIES_LIMIT && y < MAX_REDUCED_Y) {
    const theta = Math.sqrt(y);
    const jFull = <i32>(theta * THIRTY_TWO_OVER_PI + 0.5);
    const j = jFull & 63;
    const r = theta - <f64>jFull * PIO32_HI - <f64>jFull * PIO32_MID - <f64>jFull * PIO32_LO;
    const r2 = r * r;
    const sinR = r * (1 + r2 * (-INV_6 + r2 * (INV_120 - r2 * INV_5040)));
    const cosR = 1 + r2 * (-INV_2 + r2 * (INV_24 + r2 * (-INV_720 + r2 * INV_40320)));
    const sinJ = load<f64>(at(sinTable, j));
    const cosJ = load<f64>(at(cosTable, j));
    const cosine = cosJ * cosR - sinJ * sinR;
    const xy = x * x + y;
    const q3 = q * q * q;
    const inverse = 1 / (theta * xy * q3);
    const inverseThetaXY = inverse * q3;
    const expX = decayOfG * inverse * theta * xy;
    sinc = (sinJ * cosR + cosJ * sinR) * xy * inverseThetaXY;
    kappa = (expX - cosine - x * sinc) * theta * inverseThetaXY;
    c0 = cosine + kappa * y;
  } else if (y < SERIES_LIMIT) {
    const yy = y * y;
    const h2 = x * x - y;
    const h3 = x * h2;
    const h4 = x * h3 + yy;
    const h5 = x * h4;
    const h6 = x * h5 - yy * y;
    const h7 = x * h6;
    sinc = 1 + y * (-INV_6 + y * (INV_120 + y * -INV_5040));
    kappa = INV_2 + x * INV_6 + h2 * INV_24 + h3 * INV_120 + h4 * INV_720 + h5 * INV_5040 + h6 * INV_40320 + h7 * INV_362880;
    c0 = 1 + y * (-INV_2 + y * (INV_24 + y * -INV_720)) + kappa * y;
  } else {
    const theta = Math.sqrt(y);
    const cosine = hostCos(theta);
    sinc = hostSin(theta) / theta;
    kappa = (hostExp(x) - cosine - x * sinc) / (x * x + y);
    c0 = cosine + kappa * y;
  }
  const gz = g - sigma;
  const x0 = load<f64>(at(rx, i));
  const y0 = load<f64>(at(ry, i));
  const z0 = load<f64>(at(rz, i));
  const vx = oy * z0 - oz * y0 - sigma * x0;
  const vy = oz * x0 - ox * z0 - sigma * y0;
  const vz = ox * y0 - oy * x0 + gz * z0;
  const wx = oy * vz - oz * vy - sigma * vx;
  const wy = oz * vx - ox * vz - sigma * vy;
  const wz = ox * vy - oy * vx + gz * vz;
  stepX = decay * (c0 * x0 + sinc * vx + kappa * wx);
  stepY = decay * (c0 * y0 + sinc * vy + kappa * wy);
  store<f64>(at(rx, i), stepX);
  store<f64>(at(ry, i), stepY);
  store<f64>(at(rz, i), decay * (c0 * z0 + sinc * vz + kappa * wz));
}
