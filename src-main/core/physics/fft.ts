// Complex FFT of any length on split (re, im) Float64Arrays: Stockham mixed radix 2/3/4/5, Bluestein otherwise.
//
// Batched layout: element j of batch b sits at j * batch + b, so a transform along the slow axis
// of a row-major 2-D array runs with contiguous inner loops over the whole row. The transform is
// the unnormalised forward DFT, X_k = sum_j x_j exp(-2 pi i j k / n); the inverse is the same
// call with re and im swapped (see inverseFft), which costs nothing on split arrays.

/** A reusable transform of one length. Not re-entrant: it owns its scratch buffers. */
export interface FftPlan {
  readonly n: number;
  /**
   * Forward, unnormalised, over `batch` interleaved sequences (element j of batch b at
   * j * batch + b): in place, or from (sourceRe, sourceIm), left untouched, into (re, im).
   */
  transform(re: Float64Array, im: Float64Array, batch?: number, sourceRe?: Float64Array, sourceIm?: Float64Array): void;
}

/** One Stockham stage of a plan (also what the WebAssembly engine runs, see assembly/). */
export interface Stage {
  readonly radix: number;
  /** Butterflies per stride block: the length at this stage divided by the radix. */
  readonly m: number;
  /** Elements (before batching) between the inputs of one butterfly block: product of the radices before. */
  readonly stride: number;
  /** Twiddles exp(-2 pi i p v / (radix * m)) at [p * (radix - 1) + v - 1]. */
  readonly twRe: Float64Array;
  readonly twIm: Float64Array;
}

/** The unnormalised inverse DFT in place: swapping re and im turns the forward transform into it. */
export function inverseFft(plan: FftPlan, re: Float64Array, im: Float64Array, batch = 1): void {
  plan.transform(im, re, batch);
}

/** A plan for length n (any integer >= 1). */
export function createFftPlan(n: number): FftPlan {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT length must be a positive integer, got ${n}`);
  const radices = smoothRadices(n);
  return radices ? new StockhamPlan(n, radices) : new BluesteinPlan(n);
}

/** Radices 4, 2, 3, 5 whose product is n, or null when n has another prime factor. */
function smoothRadices(n: number): number[] | null {
  const radices: number[] = [];
  let rest = n;
  while (rest % 4 === 0) {
    radices.push(4);
    rest /= 4;
  }
  for (const p of [2, 3, 5]) {
    while (rest % p === 0) {
      radices.push(p);
      rest /= p;
    }
  }
  return rest === 1 ? radices : null;
}

/** The smallest length >= n whose only prime factors are 2, 3 and 5. */
function nextSmoothLength(n: number): number {
  for (let m = n; ; m++) if (smoothRadices(m)) return m;
}

// Angles reduced to [0, 2 pi) through an exact integer modulus, so large j * k keep full accuracy.
function twiddle(numerator: number, denominator: number): [number, number] {
  const angle = (-2 * Math.PI * (numerator % denominator)) / denominator;
  return [Math.cos(angle), Math.sin(angle)];
}

/** The stages of a mixed-radix plan of length n, or null when n needs Bluestein. */
export function stockhamStages(n: number): Stage[] | null {
  const radices = smoothRadices(n);
  return radices ? buildStages(n, radices) : null;
}

function buildStages(n: number, radices: number[]): Stage[] {
  const stages: Stage[] = [];
  let stride = 1;
  let length = n;
  for (const radix of radices) {
    const m = length / radix;
    const twRe = new Float64Array(m * (radix - 1));
    const twIm = new Float64Array(m * (radix - 1));
    for (let p = 0; p < m; p++) {
      for (let v = 1; v < radix; v++) {
        const [c, s] = twiddle(p * v, length);
        twRe[p * (radix - 1) + v - 1] = c;
        twIm[p * (radix - 1) + v - 1] = s;
      }
    }
    stages.push({ radix, m, stride, twRe, twIm });
    stride *= radix;
    length = m;
  }
  return stages;
}

class StockhamPlan implements FftPlan {
  private readonly stages: Stage[];
  private scratchRe = new Float64Array(0);
  private scratchIm = new Float64Array(0);
  private spareRe = new Float64Array(0);
  private spareIm = new Float64Array(0);

  constructor(
    readonly n: number,
    radices: number[],
  ) {
    this.stages = buildStages(n, radices);
  }

  transform(re: Float64Array, im: Float64Array, batch = 1, sourceRe: Float64Array = re, sourceIm: Float64Array = im): void {
    const size = this.n * batch;
    if (re.length < size || im.length < size || sourceRe.length < size || sourceIm.length < size) {
      throw new RangeError(`FFT of ${this.n} x ${batch} needs ${size} values`);
    }
    if (this.scratchRe.length < size) {
      this.scratchRe = new Float64Array(size);
      this.scratchIm = new Float64Array(size);
      this.spareRe = new Float64Array(size);
      this.spareIm = new Float64Array(size);
    }
    // A Stockham stage cannot run in place. Stages alternate between re and a scratch buffer so
    // that the last one writes re; when that would make the first stage write its own input (in
    // place, odd stage count: 100 = 4 * 5 * 5), a second scratch buffer takes one turn instead.
    const stages = this.stages;
    let xr = sourceRe;
    let xi = sourceIm;
    for (let index = 0; index < stages.length; index++) {
      const remaining = stages.length - 1 - index;
      let yr = remaining % 2 === 0 ? re : xr === this.scratchRe ? this.spareRe : this.scratchRe;
      let yi = remaining % 2 === 0 ? im : xr === this.scratchRe ? this.spareIm : this.scratchIm;
      if (yr === xr) {
        yr = this.scratchRe;
        yi = this.scratchIm;
      }
      const stage = stages[index];
      runStage(stage, stage.stride * batch, xr, xi, yr, yi);
      xr = yr;
      xi = yi;
    }
    if (xr !== re) {
      re.set(xr.subarray(0, size));
      im.set(xi.subarray(0, size));
    }
  }
}

function runStage(stage: Stage, s: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  switch (stage.radix) {
    case 4:
      radix4Plain(stage.m, s, xr, xi, yr, yi);
      return radix4(stage.m, s, stage.twRe, stage.twIm, xr, xi, yr, yi);
    case 2:
      radix2Plain(stage.m, s, xr, xi, yr, yi);
      return radix2(stage.m, s, stage.twRe, stage.twIm, xr, xi, yr, yi);
    case 3:
      radix3Plain(stage.m, s, xr, xi, yr, yi);
      return radix3(stage.m, s, stage.twRe, stage.twIm, xr, xi, yr, yi);
    default:
      radix5Plain(stage.m, s, xr, xi, yr, yi);
      return radix5(stage.m, s, stage.twRe, stage.twIm, xr, xi, yr, yi);
  }
}

// Each radix stage: inputs x[t + s (p + u m)], outputs y[t + s (r p + v)] times the twiddle of (p, v),
// for block p < m and contiguous t < s (s already includes the batch). Block p = 0 has unit
// twiddles: its "Plain" variant skips the multiplications (bit-identical, since w = 1 + 0i), and the
// twiddled loops start at p = 1. With L = 100 = 4 * 5 * 5 that saves the whole last stage's twiddles.

function radix2(m: number, s: number, twRe: Float64Array, twIm: Float64Array, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const ms = m * s;
  for (let p = 1; p < m; p++) {
    const w1r = twRe[p];
    const w1i = twIm[p];
    const inBase = s * p;
    const outBase = s * 2 * p;
    for (let t = 0; t < s; t++) {
      const i0 = inBase + t;
      const i1 = i0 + ms;
      const ar = xr[i0], ai = xi[i0], br = xr[i1], bi = xi[i1];
      const o = outBase + t;
      yr[o] = ar + br;
      yi[o] = ai + bi;
      const dr = ar - br, di = ai - bi;
      yr[o + s] = dr * w1r - di * w1i;
      yi[o + s] = dr * w1i + di * w1r;
    }
  }
}

function radix4(m: number, s: number, twRe: Float64Array, twIm: Float64Array, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const ms = m * s;
  for (let p = 1; p < m; p++) {
    const w1r = twRe[3 * p], w1i = twIm[3 * p];
    const w2r = twRe[3 * p + 1], w2i = twIm[3 * p + 1];
    const w3r = twRe[3 * p + 2], w3i = twIm[3 * p + 2];
    const inBase = s * p;
    const outBase = s * 4 * p;
    for (let t = 0; t < s; t++) {
      const i0 = inBase + t;
      const a0r = xr[i0], a0i = xi[i0];
      const a1r = xr[i0 + ms], a1i = xi[i0 + ms];
      const a2r = xr[i0 + 2 * ms], a2i = xi[i0 + 2 * ms];
      const a3r = xr[i0 + 3 * ms], a3i = xi[i0 + 3 * ms];
      const t0r = a0r + a2r, t0i = a0i + a2i;
      const t1r = a0r - a2r, t1i = a0i - a2i;
      const t2r = a1r + a3r, t2i = a1i + a3i;
      // (a1 - a3) times -i
      const t3r = a1i - a3i, t3i = a3r - a1r;
      const o = outBase + t;
      yr[o] = t0r + t2r;
      yi[o] = t0i + t2i;
      const b1r = t1r + t3r, b1i = t1i + t3i;
      const b2r = t0r - t2r, b2i = t0i - t2i;
      const b3r = t1r - t3r, b3i = t1i - t3i;
      yr[o + s] = b1r * w1r - b1i * w1i;
      yi[o + s] = b1r * w1i + b1i * w1r;
      yr[o + 2 * s] = b2r * w2r - b2i * w2i;
      yi[o + 2 * s] = b2r * w2i + b2i * w2r;
      yr[o + 3 * s] = b3r * w3r - b3i * w3i;
      yi[o + 3 * s] = b3r * w3i + b3i * w3r;
    }
  }
}

export const SIN_60 = Math.sqrt(3) / 2;

function radix3(m: number, s: number, twRe: Float64Array, twIm: Float64Array, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const ms = m * s;
  for (let p = 1; p < m; p++) {
    const w1r = twRe[2 * p], w1i = twIm[2 * p];
    const w2r = twRe[2 * p + 1], w2i = twIm[2 * p + 1];
    const inBase = s * p;
    const outBase = s * 3 * p;
    for (let t = 0; t < s; t++) {
      const i0 = inBase + t;
      const a0r = xr[i0], a0i = xi[i0];
      const a1r = xr[i0 + ms], a1i = xi[i0 + ms];
      const a2r = xr[i0 + 2 * ms], a2i = xi[i0 + 2 * ms];
      const sr = a1r + a2r, si = a1i + a2i;
      const hr = a0r - 0.5 * sr, hi = a0i - 0.5 * si;
      // -i sin(60) (a1 - a2)
      const ur = SIN_60 * (a1i - a2i), ui = SIN_60 * (a2r - a1r);
      const o = outBase + t;
      yr[o] = a0r + sr;
      yi[o] = a0i + si;
      const b1r = hr + ur, b1i = hi + ui;
      const b2r = hr - ur, b2i = hi - ui;
      yr[o + s] = b1r * w1r - b1i * w1i;
      yi[o + s] = b1r * w1i + b1i * w1r;
      yr[o + 2 * s] = b2r * w2r - b2i * w2i;
      yi[o + 2 * s] = b2r * w2i + b2i * w2r;
    }
  }
}

// The 5-point DFT in Winograd's form: with p1 = a1 + a4, p2 = a2 + a3, m1 = a1 - a4, m2 = a2 - a3
// and s = p1 + p2, X0 = a0 + s and
//   X1, X4 = X0 + W1 s + W2 (p1 - p2) -+ i (W3 (m1 + m2) + W4 m2),
//   X2, X3 = X0 + W1 s - W2 (p1 - p2) -+ i (W5 m1 - W3 (m1 + m2)),
// 10 real multiplications per butterfly instead of 16.
const C1 = Math.cos((2 * Math.PI) / 5);
const C2 = Math.cos((4 * Math.PI) / 5);
const S1 = Math.sin((2 * Math.PI) / 5);
const S2 = Math.sin((4 * Math.PI) / 5);
const W1 = (C1 + C2) / 2 - 1;
const W2 = (C1 - C2) / 2;
const W3 = S1;
const W4 = S2 - S1;
const W5 = S1 + S2;
/** The radix-5 butterfly's constants W1..W5, for the WebAssembly engine. */
export const WINOGRAD_5 = [W1, W2, W3, W4, W5] as const;

function radix5(m: number, s: number, twRe: Float64Array, twIm: Float64Array, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const ms = m * s;
  for (let p = 1; p < m; p++) {
    const w1r = twRe[4 * p], w1i = twIm[4 * p];
    const w2r = twRe[4 * p + 1], w2i = twIm[4 * p + 1];
    const w3r = twRe[4 * p + 2], w3i = twIm[4 * p + 2];
    const w4r = twRe[4 * p + 3], w4i = twIm[4 * p + 3];
    const inBase = s * p;
    const outBase = s * 5 * p;
    for (let t = 0; t < s; t++) {
      const i0 = inBase + t;
      const a0r = xr[i0], a0i = xi[i0];
      const a1r = xr[i0 + ms], a1i = xi[i0 + ms];
      const a2r = xr[i0 + 2 * ms], a2i = xi[i0 + 2 * ms];
      const a3r = xr[i0 + 3 * ms], a3i = xi[i0 + 3 * ms];
      const a4r = xr[i0 + 4 * ms], a4i = xi[i0 + 4 * ms];
      const p1r = a1r + a4r, p1i = a1i + a4i;
      const m1r = a1r - a4r, m1i = a1i - a4i;
      const p2r = a2r + a3r, p2i = a2i + a3i;
      const m2r = a2r - a3r, m2i = a2i - a3i;
      const sr = p1r + p2r, si = p1i + p2i;
      const b0r = a0r + sr, b0i = a0i + si;
      const qr = b0r + W1 * sr, qi = b0i + W1 * si;
      const hr = W2 * (p1r - p2r), hi = W2 * (p1i - p2i);
      const c1r = qr + hr, c1i = qi + hi;
      const c2r = qr - hr, c2i = qi - hi;
      const er = W3 * (m1i + m2i), ei = -W3 * (m1r + m2r);
      const d1r = er + W4 * m2i, d1i = ei - W4 * m2r;
      const d2r = W5 * m1i - er, d2i = -W5 * m1r - ei;
      const o = outBase + t;
      yr[o] = b0r;
      yi[o] = b0i;
      const b1r = c1r + d1r, b1i = c1i + d1i;
      const b4r = c1r - d1r, b4i = c1i - d1i;
      const b2r = c2r + d2r, b2i = c2i + d2i;
      const b3r = c2r - d2r, b3i = c2i - d2i;
      yr[o + s] = b1r * w1r - b1i * w1i;
      yi[o + s] = b1r * w1i + b1i * w1r;
      yr[o + 2 * s] = b2r * w2r - b2i * w2i;
      yi[o + 2 * s] = b2r * w2i + b2i * w2r;
      yr[o + 3 * s] = b3r * w3r - b3i * w3i;
      yi[o + 3 * s] = b3r * w3i + b3i * w3r;
      yr[o + 4 * s] = b4r * w4r - b4i * w4i;
      yi[o + 4 * s] = b4r * w4i + b4i * w4r;
    }
  }
}

function radix2Plain(m: number, s: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const ms = m * s;
  for (let t = 0; t < s; t++) {
    const i1 = t + ms;
    const ar = xr[t], ai = xi[t], br = xr[i1], bi = xi[i1];
    yr[t] = ar + br;
    yi[t] = ai + bi;
    yr[t + s] = ar - br;
    yi[t + s] = ai - bi;
  }
}

function radix4Plain(m: number, s: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const ms = m * s;
  for (let t = 0; t < s; t++) {
    const a0r = xr[t], a0i = xi[t];
    const a1r = xr[t + ms], a1i = xi[t + ms];
    const a2r = xr[t + 2 * ms], a2i = xi[t + 2 * ms];
    const a3r = xr[t + 3 * ms], a3i = xi[t + 3 * ms];
    const t0r = a0r + a2r, t0i = a0i + a2i;
    const t1r = a0r - a2r, t1i = a0i - a2i;
    const t2r = a1r + a3r, t2i = a1i + a3i;
    const t3r = a1i - a3i, t3i = a3r - a1r;
    yr[t] = t0r + t2r;
    yi[t] = t0i + t2i;
    yr[t + s] = t1r + t3r;
    yi[t + s] = t1i + t3i;
    yr[t + 2 * s] = t0r - t2r;
    yi[t + 2 * s] = t0i - t2i;
    yr[t + 3 * s] = t1r - t3r;
    yi[t + 3 * s] = t1i - t3i;
  }
}

function radix3Plain(m: number, s: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const ms = m * s;
  for (let t = 0; t < s; t++) {
    const a0r = xr[t], a0i = xi[t];
    const a1r = xr[t + ms], a1i = xi[t + ms];
    const a2r = xr[t + 2 * ms], a2i = xi[t + 2 * ms];
    const sr = a1r + a2r, si = a1i + a2i;
    const hr = a0r - 0.5 * sr, hi = a0i - 0.5 * si;
    const ur = SIN_60 * (a1i - a2i), ui = SIN_60 * (a2r - a1r);
    yr[t] = a0r + sr;
    yi[t] = a0i + si;
    yr[t + s] = hr + ur;
    yi[t + s] = hi + ui;
    yr[t + 2 * s] = hr - ur;
    yi[t + 2 * s] = hi - ui;
  }
}

function radix5Plain(m: number, s: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const ms = m * s;
  for (let t = 0; t < s; t++) {
    const a0r = xr[t], a0i = xi[t];
    const a1r = xr[t + ms], a1i = xi[t + ms];
    const a2r = xr[t + 2 * ms], a2i = xi[t + 2 * ms];
    const a3r = xr[t + 3 * ms], a3i = xi[t + 3 * ms];
    const a4r = xr[t + 4 * ms], a4i = xi[t + 4 * ms];
    const p1r = a1r + a4r, p1i = a1i + a4i;
    const m1r = a1r - a4r, m1i = a1i - a4i;
    const p2r = a2r + a3r, p2i = a2i + a3i;
    const m2r = a2r - a3r, m2i = a2i - a3i;
    const sr = p1r + p2r, si = p1i + p2i;
    const b0r = a0r + sr, b0i = a0i + si;
    const qr = b0r + W1 * sr, qi = b0i + W1 * si;
    const hr = W2 * (p1r - p2r), hi = W2 * (p1i - p2i);
    const c1r = qr + hr, c1i = qi + hi;
    const c2r = qr - hr, c2i = qi - hi;
    const er = W3 * (m1i + m2i), ei = -W3 * (m1r + m2r);
    const d1r = er + W4 * m2i, d1i = ei - W4 * m2r;
    const d2r = W5 * m1i - er, d2i = -W5 * m1r - ei;
    yr[t] = b0r;
    yi[t] = b0i;
    yr[t + s] = c1r + d1r;
    yi[t + s] = c1i + d1i;
    yr[t + 2 * s] = c2r + d2r;
    yi[t + 2 * s] = c2i + d2i;
    yr[t + 3 * s] = c2r - d2r;
    yi[t + 3 * s] = c2i - d2i;
    yr[t + 4 * s] = c1r - d1r;
    yi[t + 4 * s] = c1i - d1i;
  }
}

/**
 * Bluestein's chirp-z: a length-n DFT as a circular convolution of a smooth length m >= 2n - 1,
 * using n j k = (j^2 + k^2 - (k - j)^2) / 2.
 */
class BluesteinPlan implements FftPlan {
  private readonly inner: FftPlan;
  private readonly m: number;
  /** exp(-pi i j^2 / n) for j < n. */
  private readonly chirpRe: Float64Array;
  private readonly chirpIm: Float64Array;
  /** The FFT of the conjugate chirp, wrapped to length m and divided by m (the inverse's normalisation). */
  private readonly filterRe: Float64Array;
  private readonly filterIm: Float64Array;
  private workRe = new Float64Array(0);
  private workIm = new Float64Array(0);

  constructor(readonly n: number) {
    this.m = nextSmoothLength(2 * n - 1);
    this.inner = createFftPlan(this.m);
    this.chirpRe = new Float64Array(n);
    this.chirpIm = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      // j^2 mod 2n exactly (j < 2^26 keeps j * j exact), then the angle -pi j^2 / n.
      const [c, s] = twiddle((j * j) % (2 * n), 2 * n);
      this.chirpRe[j] = c;
      this.chirpIm[j] = s;
    }
    this.filterRe = new Float64Array(this.m);
    this.filterIm = new Float64Array(this.m);
    for (let j = 0; j < n; j++) {
      this.filterRe[j] = this.chirpRe[j];
      this.filterIm[j] = -this.chirpIm[j];
      if (j > 0) {
        this.filterRe[this.m - j] = this.chirpRe[j];
        this.filterIm[this.m - j] = -this.chirpIm[j];
      }
    }
    this.inner.transform(this.filterRe, this.filterIm, 1);
    for (let k = 0; k < this.m; k++) {
      this.filterRe[k] /= this.m;
      this.filterIm[k] /= this.m;
    }
  }

  transform(re: Float64Array, im: Float64Array, batch = 1, sourceRe: Float64Array = re, sourceIm: Float64Array = im): void {
    const { n, m } = this;
    if (re.length < n * batch || im.length < n * batch || sourceRe.length < n * batch || sourceIm.length < n * batch) {
      throw new RangeError(`FFT of ${n} x ${batch} needs ${n * batch} values`);
    }
    if (this.workRe.length < m * batch) {
      this.workRe = new Float64Array(m * batch);
      this.workIm = new Float64Array(m * batch);
    }
    const wr = this.workRe;
    const wi = this.workIm;
    for (let j = 0; j < n; j++) {
      const cr = this.chirpRe[j], ci = this.chirpIm[j];
      for (let b = 0, o = j * batch; b < batch; b++, o++) {
        const xr = sourceRe[o], xi = sourceIm[o];
        wr[o] = xr * cr - xi * ci;
        wi[o] = xr * ci + xi * cr;
      }
    }
    wr.fill(0, n * batch, m * batch);
    wi.fill(0, n * batch, m * batch);
    this.inner.transform(wr, wi, batch);
    for (let k = 0; k < m; k++) {
      const fr = this.filterRe[k], fi = this.filterIm[k];
      for (let b = 0, o = k * batch; b < batch; b++, o++) {
        const xr = wr[o], xi = wi[o];
        wr[o] = xr * fr - xi * fi;
        wi[o] = xr * fi + xi * fr;
      }
    }
    inverseFft(this.inner, wr, wi, batch);
    for (let k = 0; k < n; k++) {
      const cr = this.chirpRe[k], ci = this.chirpIm[k];
      for (let b = 0, o = k * batch; b < batch; b++, o++) {
        const xr = wr[o], xi = wi[o];
        re[o] = xr * cr - xi * ci;
        im[o] = xr * ci + xi * cr;
      }
    }
  }
}
