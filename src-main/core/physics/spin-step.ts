// One time step of every Bloch vector, exact: the joint propagator exp(A dt) of rotation and dephasing.
//
// Spin i obeys dr/dt = A r with A = [Omega x] - (Gamma/2) diag(1, 1, 0). Splitting rotation and
// dephasing (half the decay before the rotation, half after) misses the exact step by up to 1e-3
// once |Omega| dt is of order 1, far above the 1e-6 physics.md asks, so each spin gets exp(A dt)
// itself, in closed form:
// - With g = Gamma/2 and A' = A + g I = [Omega x] + g z z^T, the characteristic polynomial of A' is
//   p(l) = l^3 - g l^2 + |Omega|^2 l - g Omega_z^2 (matrix determinant lemma), which has a real
//   root l0 in [0, g] because p(0) <= 0 <= p(g). The other two roots are sigma +- i nu with
//   sigma = (g - l0) / 2 and nu^2 = |Omega|^2 + l0 (l0 - g) - (l0 - g)^2 / 4 (nu^2 may be slightly
//   negative when |Omega| is below g: the formulas below hold for either sign).
// - B = A' - sigma I has eigenvalues rho = l0 - sigma and +- i nu, so (Cayley-Hamilton, Lagrange
//   interpolation of exp at those three points)
//     exp(B t) = C I + S B + k (B^2 + nu^2 I),
//     C = cos(nu t), S = sin(nu t) / nu, k = (e^(rho t) - C - rho S) / (rho^2 + nu^2),
//   and exp(A t) = e^((sigma - g) t) exp(B t).
// - k loses relative accuracy as nu t -> 0 (the numerator cancels down to (rho^2 + nu^2) t^2 / 2),
//   but only its absolute error eps / (rho^2 + nu^2) reaches r, multiplied by B^2 r, whose size is
//   of order rho^2 + nu^2: the step stays accurate to a few eps. Below (nu t)^2 = 1e-6, and for
//   nu^2 < 0, the power series of C, S and k take over, before the quotient could overflow.
// With g = 0 this is Rodrigues' rotation formula. The code works in units of the step: Omega dt,
// g dt, sigma dt, and x = rho dt, y = (nu dt)^2, so that S / dt = sin(theta) / theta with theta = nu dt.

/** Largest Gamma * dt accepted: keeps every series below inside its fast-converging range. */
export const MAX_GAMMA_DT = 0.02;

// theta^2 = (nu dt)^2 below this (or negative) takes the power series.
const SERIES_LIMIT = 1e-6;

// pi/32 in three parts (33, 33 and 53 significant bits): j * PIO32_HI and j * PIO32_MID are exact
// for j < 2^20, so the reduced angle keeps full accuracy up to MAX_REDUCED_ANGLE.
const PIO32_HI = 1.5707963267341256 / 16;
const PIO32_MID = 6.077100506303966e-11 / 16;
const PIO32_LO = 2.0222662487959506e-21 / 16;
const THIRTY_TWO_OVER_PI = 32 / Math.PI;
const MAX_REDUCED_ANGLE = 1e5;
const MAX_REDUCED_Y = MAX_REDUCED_ANGLE * MAX_REDUCED_ANGLE;

// Reciprocal factorials as constants: V8 turns x / 24 into a real division.
const INV_2 = 1 / 2;
const INV_6 = 1 / 6;
const INV_24 = 1 / 24;
const INV_120 = 1 / 120;
const INV_720 = 1 / 720;
const INV_5040 = 1 / 5040;
const INV_40320 = 1 / 40320;
const INV_362880 = 1 / 362880;

/** sin and cos of j pi / 32, j mod 64 (shared with the WebAssembly engine, which must not compute its own). */
export const SIN_TABLE = Float64Array.from({ length: 64 }, (_, j) => Math.sin((j * Math.PI) / 32));
export const COS_TABLE = Float64Array.from({ length: 64 }, (_, j) => Math.cos((j * Math.PI) / 32));

/** The Bloch vectors of a lattice, one component per array. */
export interface SpinArrays {
  readonly rx: Float64Array;
  readonly ry: Float64Array;
  readonly rz: Float64Array;
}

/** Per-spin working memory of a step, allocated once per lattice. */
export class StepScratch {
  readonly roots: Float64Array;
  /** |Omega dt|^2 per spin, kept from the roots pass for the update pass. */
  readonly squaredRates: Float64Array;
  /** After a step: the sums of r_x and r_y over the spins, accumulated in the update loop. */
  sumX = 0;
  sumY = 0;
  constructor(size: number) {
    this.roots = new Float64Array(size);
    this.squaredRates = new Float64Array(size);
  }
}

/**
 * Advances every spin by one step dt, exactly, in place. Omega_i = (-coupling * fieldRe_i,
 * -coupling * fieldIm_i, -delta_i); coupling is alpha/2 and field the local field x. Leaves the
 * sums of the new r_x and r_y in the scratch (in spin order), which saves M a pass of its own.
 * Requires 0 <= Gamma * dt <= MAX_GAMMA_DT (checked by the callers' option validation).
 */
export function propagateSpins(
  spins: SpinArrays,
  fieldRe: Float64Array,
  fieldIm: Float64Array,
  coupling: number,
  delta: Float64Array,
  Gamma: number,
  dt: number,
  scratch: StepScratch = new StepScratch(spins.rx.length),
): void {
  const { rx, ry, rz } = spins;
  const n = rx.length;
  const { roots, squaredRates } = scratch;
  if (roots.length !== n) throw new RangeError(`step scratch for ${roots.length} spins used for ${n}`);
  const fieldScale = -coupling * dt;
  // All rates below are multiplied by dt.
  const g = 0.5 * Gamma * dt;
  const gg = g * g;
  const decayOfG = Math.exp(-0.5 * g);
  // Two passes: the roots first, then the rest. Apart, each loop's chain of dependent operations
  // (two divisions here, a square root and a division there) overlaps better across spins: 15 %
  // faster than one loop.
  for (let i = 0; i < n; i++) {
    const ox = fieldScale * fieldRe[i];
    const oy = fieldScale * fieldIm[i];
    const oz = -delta[i] * dt;
    const oz2 = oz * oz;
    const w2 = ox * ox + oy * oy + oz2;
    // The real root l0 = g u of the characteristic polynomial, u in [0, 1].
    let l0 = 0;
    if (g > 0 && w2 > 0) {
      const inverseW2 = 1 / w2;
      const a = oz2 * inverseW2;
      const e = gg * inverseW2;
      if (e <= 0.25) {
        // u solves f(u) = u + e u^2 (u - 1) - a = 0. Its expansion to second order in e, then one
        // Halley step, leaves less than 2e-15 for e <= 0.1; a second step covers e <= 0.25.
        let u = a + e * a * a * (1 - a) * (1 + e * a * (2 - 3 * a));
        let f = u + e * u * u * (u - 1) - a;
        let slope = 1 + e * u * (3 * u - 2);
        u -= (2 * f * slope) / (2 * slope * slope - f * e * (6 * u - 2));
        if (e > 0.1) {
          f = u + e * u * u * (u - 1) - a;
          slope = 1 + e * u * (3 * u - 2);
          u -= (2 * f * slope) / (2 * slope * slope - f * e * (6 * u - 2));
        }
        l0 = g * u;
      } else {
        l0 = g * bracketedRoot(a, e);
      }
    }
    roots[i] = l0;
    squaredRates[i] = w2;
  }
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < n; i++) {
    const ox = fieldScale * fieldRe[i];
    const oy = fieldScale * fieldIm[i];
    const oz = -delta[i] * dt;
    const w2 = squaredRates[i];
    const l0 = roots[i];
    const sigma = 0.5 * (g - l0);
    const x = l0 - sigma;
    const lg = l0 - g;
    const y = w2 + l0 * lg - 0.25 * lg * lg;
    // decay = e^((sigma - g) dt) = e^(-g/2) q and e^x = e^(-g/2) / q^3, with q = e^(-l0/2).
    const h = -0.5 * l0;
    const q = 1 + h * (1 + h * (INV_2 + h * (INV_6 + h * (INV_24 + h * INV_120))));
    const decay = decayOfG * q;
    let c0: number;
    let sinc: number;
    let kappa: number;
    if (y >= SERIES_LIMIT && y < MAX_REDUCED_Y) {
      const theta = Math.sqrt(y);
      // sin and cos of theta = theta_j + r, |r| <= pi/64, from a table of theta_j = j pi / 32 and
      // short polynomials in r: Math.sin and Math.cos together would cost as much as the rest.
      const jFull = (theta * THIRTY_TWO_OVER_PI + 0.5) | 0;
      const j = jFull & 63;
      const r = theta - jFull * PIO32_HI - jFull * PIO32_MID - jFull * PIO32_LO;
      const r2 = r * r;
      const sinR = r * (1 + r2 * (-INV_6 + r2 * (INV_120 - r2 * INV_5040)));
      const cosR = 1 + r2 * (-INV_2 + r2 * (INV_24 + r2 * (-INV_720 + r2 * INV_40320)));
      const sinJ = SIN_TABLE[j];
      const cosJ = COS_TABLE[j];
      const cosine = cosJ * cosR - sinJ * sinR;
      // One division gives 1 / theta, 1 / (x^2 + y) and 1 / q^3.
      const xy = x * x + y;
      const q3 = q * q * q;
      const inverse = 1 / (theta * xy * q3);
      const inverseThetaXY = inverse * q3;
      const expX = decayOfG * inverse * theta * xy;
      sinc = (sinJ * cosR + cosJ * sinR) * xy * inverseThetaXY;
      kappa = (expX - cosine - x * sinc) * theta * inverseThetaXY;
      c0 = cosine + kappa * y;
    } else {
      const coefficients = y < SERIES_LIMIT ? seriesCoefficients(x, y) : largeAngleCoefficients(x, y);
      sinc = coefficients[1];
      kappa = coefficients[2];
      c0 = coefficients[0] + kappa * y;
    }
    // r <- decay (c0 r + sinc v + kappa w), v = B r and w = B v, B r = Omega x r + g r_z z - sigma r.
    const gz = g - sigma;
    const x0 = rx[i];
    const y0 = ry[i];
    const z0 = rz[i];
    const vx = oy * z0 - oz * y0 - sigma * x0;
    const vy = oz * x0 - ox * z0 - sigma * y0;
    const vz = ox * y0 - oy * x0 + gz * z0;
    const wx = oy * vz - oz * vy - sigma * vx;
    const wy = oz * vx - ox * vz - sigma * vy;
    const wz = ox * vy - oy * vx + gz * vz;
    const nextX = decay * (c0 * x0 + sinc * vx + kappa * wx);
    const nextY = decay * (c0 * y0 + sinc * vy + kappa * wy);
    rx[i] = nextX;
    ry[i] = nextY;
    rz[i] = decay * (c0 * z0 + sinc * vz + kappa * wz);
    sumX += nextX;
    sumY += nextY;
  }
  scratch.sumX = sumX;
  scratch.sumY = sumY;
}

const rareCoefficients = new Float64Array(3);

/**
 * C, sinc and kappa by their power series in x = rho dt and y = (nu dt)^2, for |y| < 1e-6 and
 * |x| <= 1.5 g dt <= 0.015: kappa = sum_m H_m / (m + 2)!, H_m = x H_(m-1) + [m even] (-y)^(m/2), H_0 = 1.
 * Every omitted term is below 1e-20.
 */
function seriesCoefficients(x: number, y: number): Float64Array {
  const yy = y * y;
  const h2 = x * x - y;
  const h3 = x * h2;
  const h4 = x * h3 + yy;
  const h5 = x * h4;
  const h6 = x * h5 - yy * y;
  const h7 = x * h6;
  rareCoefficients[0] = 1 + y * (-INV_2 + y * (INV_24 + y * -INV_720));
  rareCoefficients[1] = 1 + y * (-INV_6 + y * (INV_120 + y * -INV_5040));
  rareCoefficients[2] =
    INV_2 + x * INV_6 + h2 * INV_24 + h3 * INV_120 + h4 * INV_720 + h5 * INV_5040 + h6 * INV_40320 + h7 * INV_362880;
  return rareCoefficients;
}

/** C, sinc and kappa for theta beyond the table's reduction range, where nothing cancels. */
function largeAngleCoefficients(x: number, y: number): Float64Array {
  const theta = Math.sqrt(y);
  const cosine = Math.cos(theta);
  const sinc = Math.sin(theta) / theta;
  rareCoefficients[0] = cosine;
  rareCoefficients[1] = sinc;
  rareCoefficients[2] = (Math.exp(x) - cosine - x * sinc) / (x * x + y);
  return rareCoefficients;
}

/**
 * The root in [0, 1] of f(u) = u + e u^2 (u - 1) - a (f(0) <= 0 <= f(1)) when |Omega| < 2 g, where
 * f may have several roots (any real one serves): Newton's method kept inside a shrinking bracket.
 */
function bracketedRoot(a: number, e: number): number {
  let lo = 0;
  let hi = 1;
  let u = a;
  for (let iteration = 0; iteration < 200; iteration++) {
    const f = u + e * u * u * (u - 1) - a;
    if (f === 0) return u;
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
