// The local field x_i = (1/N) sum_j f(r_ij) <I+>_j on the periodic L x L lattice, as a 2-D FFT
// convolution: O(N log N) per step instead of the O(N^2) double sum.
import { createFftPlan, type FftPlan } from './fft.ts';

/**
 * Reusable buffers of one lattice size: compute(spectrum, rx, ry) leaves the field in `re` and `im`
 * (row-major, site (column, row) at row * L + column).
 */
export class LocalField {
  readonly size: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
  private readonly plan: FftPlan;
  private readonly swapRe: Float64Array;
  private readonly swapIm: Float64Array;

  constructor(readonly L: number) {
    this.size = L * L;
    this.re = new Float64Array(this.size);
    this.im = new Float64Array(this.size);
    this.swapRe = new Float64Array(this.size);
    this.swapIm = new Float64Array(this.size);
    this.plan = createFftPlan(L);
  }

  /**
   * The field x of the spins' r_x and r_y (left untouched) into (re, im), given the kernel's
   * spectrum from computeKernelSpectrum. Each 1-D pass runs along the slow axis with the whole row as the batch
   * (contiguous inner loops); a transpose between passes brings the other axis there. The
   * spectrum is multiplied in transposed order, which is exact because it is symmetric.
   */
  compute(spectrum: Float64Array, rx: Float64Array, ry: Float64Array): void {
    const { L, plan, re, im, swapRe, swapIm } = this;
    if (spectrum.length !== this.size) throw new RangeError(`spectrum of ${spectrum.length} values for a ${L} x ${L} lattice`);
    plan.transform(re, im, L, rx, ry);
    transpose(re, im, swapRe, swapIm, L);
    plan.transform(swapRe, swapIm, L);
    for (let index = 0; index < this.size; index++) {
      const s = spectrum[index];
      swapRe[index] *= s;
      swapIm[index] *= s;
    }
    // Swapping re and im turns the forward transform into the unnormalised inverse.
    plan.transform(swapIm, swapRe, L);
    transpose(swapRe, swapIm, re, im, L);
    plan.transform(im, re, L);
  }
}

/**
 * out = transpose(in) for both parts. Four source columns per sweep: the strided reads of one
 * cache line then serve four contiguous output rows (twice as fast as one column at a time).
 */
function transpose(inRe: Float64Array, inIm: Float64Array, outRe: Float64Array, outIm: Float64Array, L: number): void {
  const blocked = L - (L % 4);
  for (let column = 0; column < blocked; column += 4) {
    const o0 = column * L;
    const o1 = o0 + L;
    const o2 = o1 + L;
    const o3 = o2 + L;
    for (let row = 0, source = column; row < L; row++, source += L) {
      outRe[o0 + row] = inRe[source];
      outRe[o1 + row] = inRe[source + 1];
      outRe[o2 + row] = inRe[source + 2];
      outRe[o3 + row] = inRe[source + 3];
      outIm[o0 + row] = inIm[source];
      outIm[o1 + row] = inIm[source + 1];
      outIm[o2 + row] = inIm[source + 2];
      outIm[o3 + row] = inIm[source + 3];
    }
  }
  for (let column = blocked; column < L; column++) {
    const o = column * L;
    for (let row = 0, source = column; row < L; row++, source += L) {
      outRe[o + row] = inRe[source];
      outIm[o + row] = inIm[source];
    }
  }
}
