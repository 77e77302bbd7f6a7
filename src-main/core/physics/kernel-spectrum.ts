// The coupling kernel on the periodic lattice and its Fourier spectrum, with the kernel
// normalisation options of physics.md, cached per (kernel, xi, L, normalisation).
import { InputError } from '../errors.ts';
import { createFftPlan } from './fft.ts';
import { kernelFunction, type KernelName } from './kernels.ts';

/**
 * How the kernel is scaled (physics.md, "Open question"):
 * - none: x_i = (1/N) sum_j f(r_ij) <I+>_j;
 * - sum: x_i = c sum_j f(r_ij) <I+>_j / sum_j |f(r_ij)|;
 * - cutoff: f = 0 beyond distance `radius`.
 */
export type KernelNormalisation =
  | { readonly kind: 'none' }
  | { readonly kind: 'sum'; readonly c: number }
  | { readonly kind: 'cutoff'; readonly radius: number };

/** The c of `sum`: sum(f)/N at xi ~ 7, where the calibration curves sit. */
export const DEFAULT_SUM_NORMALISATION = 0.015;

/** A short stable text form: 'none', 'sum:0.015', 'cutoff:8'. */
export function describeNormalisation(normalisation: KernelNormalisation): string {
  switch (normalisation.kind) {
    case 'none':
      return 'none';
    case 'sum':
      return `sum:${normalisation.c}`;
    case 'cutoff':
      return `cutoff:${normalisation.radius}`;
  }
}

/** Minimal-image offset: o in [0, L) wrapped into [-L/2, L/2). */
function wrapOffset(o: number, L: number): number {
  return o >= L / 2 ? o - L : o;
}

/**
 * T at every lattice offset (row-major, offset (dx, dy) at dy * L + dx), scaled so that the local
 * field is x_i = (1/N) sum_j T(r_i - r_j) <I+>_j under every normalisation.
 */
export function buildKernelTable(kernel: KernelName, xi: number, L: number, normalisation: KernelNormalisation): Float64Array {
  const f = kernelFunction(kernel);
  const N = L * L;
  const table = new Float64Array(N);
  const radius = normalisation.kind === 'cutoff' ? normalisation.radius : Infinity;
  let absoluteSum = 0;
  for (let dy = 0; dy < L; dy++) {
    const wy = wrapOffset(dy, L);
    for (let dx = 0; dx < L; dx++) {
      const wx = wrapOffset(dx, L);
      const r = Math.sqrt(wx * wx + wy * wy);
      const value = r > radius ? 0 : f(r, xi);
      table[dy * L + dx] = value;
      absoluteSum += Math.abs(value);
    }
  }
  if (normalisation.kind === 'sum') {
    if (!(absoluteSum > 0) || !Number.isFinite(absoluteSum)) {
      throw new InputError(`the ${kernel} kernel with xi = ${xi} vanishes on the ${L} x ${L} lattice: it cannot be normalised by its sum`);
    }
    const scale = (normalisation.c * N) / absoluteSum;
    for (let index = 0; index < N; index++) table[index] *= scale;
  }
  return table;
}

/**
 * The real spectrum S with x = IDFT(S * DFT(r_x + i r_y)) (unnormalised inverse), so that the
 * 1/N of the field, the 1/2 of <I+> = r/2 and the inverse's 1/N are all folded in. T is real and
 * even, so its DFT is real; the table is also symmetric under dx <-> dy, and so is S, which lets
 * the convolution multiply a transposed spectrum.
 */
export function computeKernelSpectrum(kernel: KernelName, xi: number, L: number, normalisation: KernelNormalisation): Float64Array {
  const N = L * L;
  const re = buildKernelTable(kernel, xi, L, normalisation);
  const im = new Float64Array(N);
  const plan = createFftPlan(L);
  plan.transform(re, im, L);
  transposeInPlace(re, L);
  transposeInPlace(im, L);
  plan.transform(re, im, L);
  const scale = 1 / (2 * N * N);
  for (let index = 0; index < N; index++) re[index] *= scale;
  return re;
}

function transposeInPlace(a: Float64Array, L: number): void {
  for (let row = 0; row < L; row++) {
    for (let column = row + 1; column < L; column++) {
      const t = a[row * L + column];
      a[row * L + column] = a[column * L + row];
      a[column * L + row] = t;
    }
  }
}

const CACHE_LIMIT = 16;
const cache = new Map<string, Float64Array>();

/** The spectrum from a small least-recently-used cache (the explorer asks for the same one often). */
export function cachedKernelSpectrum(kernel: KernelName, xi: number, L: number, normalisation: KernelNormalisation): Float64Array {
  const key = `${kernel}|${xi}|${L}|${describeNormalisation(normalisation)}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const spectrum = computeKernelSpectrum(kernel, xi, L, normalisation);
  cache.set(key, spectrum);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return spectrum;
}
