import { describe, expect, it } from 'vitest';
import { buildKernelTable, computeKernelSpectrum, type KernelNormalisation } from '../../../src-main/core/physics/kernel-spectrum.ts';
import { gaussKernel, rkkyKernel, type KernelName } from '../../../src-main/core/physics/kernels.ts';
import { LocalField } from '../../../src-main/core/physics/local-field.ts';

/** x_i = (1/N) sum_j f(r_ij) (r_x + i r_y)_j / 2 by the O(N^2) double sum, minimal-image distances. */
function directField(kernel: KernelName, xi: number, L: number, rx: Float64Array, ry: Float64Array, scale = 1, radius = Infinity) {
  const f = kernel === 'gauss' ? gaussKernel : rkkyKernel;
  const N = L * L;
  const wrap = (o: number) => {
    const m = ((o % L) + L) % L;
    return m >= L / 2 ? m - L : m;
  };
  const re = new Float64Array(N);
  const im = new Float64Array(N);
  for (let iy = 0; iy < L; iy++) {
    for (let ix = 0; ix < L; ix++) {
      let sr = 0;
      let si = 0;
      for (let jy = 0; jy < L; jy++) {
        for (let jx = 0; jx < L; jx++) {
          const r = Math.hypot(wrap(ix - jx), wrap(iy - jy));
          const value = r > radius ? 0 : scale * f(r, xi);
          sr += (value * rx[jy * L + jx]) / 2;
          si += (value * ry[jy * L + jx]) / 2;
        }
      }
      re[iy * L + ix] = sr / N;
      im[iy * L + ix] = si / N;
    }
  }
  return { re, im };
}

function spinField(L: number): { rx: Float64Array; ry: Float64Array } {
  const N = L * L;
  const rx = new Float64Array(N);
  const ry = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    rx[i] = Math.sin(0.37 * i + 1);
    ry[i] = Math.cos(1.1 * i) * 0.8;
  }
  return { rx, ry };
}

function fftField(kernel: KernelName, xi: number, L: number, normalisation: KernelNormalisation, rx: Float64Array, ry: Float64Array) {
  const field = new LocalField(L);
  const inputRe = rx.slice();
  const inputIm = ry.slice();
  field.compute(computeKernelSpectrum(kernel, xi, L, normalisation), rx, ry);
  // The spins are read, never written.
  expect(rx).toEqual(inputRe);
  expect(ry).toEqual(inputIm);
  return field;
}

describe('local field by FFT convolution', () => {
  for (const L of [6, 7]) {
    for (const kernel of ['gauss', 'rkky'] as const) {
      it(`equals the direct O(N^2) sum on a ${L} x ${L} lattice (${kernel})`, () => {
        const { rx, ry } = spinField(L);
        for (const xi of [0.8, 3.3, 40]) {
          const fast = fftField(kernel, xi, L, { kind: 'none' }, rx, ry);
          const slow = directField(kernel, xi, L, rx, ry);
          for (let i = 0; i < L * L; i++) {
            expect(Math.abs(fast.re[i] - slow.re[i])).toBeLessThan(1e-15);
            expect(Math.abs(fast.im[i] - slow.im[i])).toBeLessThan(1e-15);
          }
        }
      });
    }
  }

  it('applies the cutoff and the sum normalisations', () => {
    const L = 7;
    const { rx, ry } = spinField(L);
    const cut = fftField('gauss', 3, L, { kind: 'cutoff', radius: 2 }, rx, ry);
    const cutDirect = directField('gauss', 3, L, rx, ry, 1, 2);
    for (let i = 0; i < L * L; i++) expect(Math.abs(cut.re[i] - cutDirect.re[i])).toBeLessThan(1e-15);

    const table = buildKernelTable('rkky', 3, L, { kind: 'none' });
    const absoluteSum = table.reduce((sum, value) => sum + Math.abs(value), 0);
    const summed = fftField('rkky', 3, L, { kind: 'sum', c: 0.015 }, rx, ry);
    const summedDirect = directField('rkky', 3, L, rx, ry, (0.015 * L * L) / absoluteSum);
    for (let i = 0; i < L * L; i++) expect(Math.abs(summed.im[i] - summedDirect.im[i])).toBeLessThan(1e-15);
  });

  it('builds a kernel table that is even, symmetric in dx <-> dy and zero at the origin', () => {
    for (const L of [6, 7, 10]) {
      const table = buildKernelTable('rkky', 2.5, L, { kind: 'none' });
      expect(table[0]).toBe(0);
      for (let dy = 0; dy < L; dy++) {
        for (let dx = 0; dx < L; dx++) {
          expect(table[dy * L + dx]).toBe(table[dx * L + dy]);
          expect(table[dy * L + dx]).toBe(table[((L - dy) % L) * L + ((L - dx) % L)]);
        }
      }
    }
  });

  it('refuses to normalise a kernel that vanishes on the lattice', () => {
    expect(() => buildKernelTable('gauss', 0.01, 6, { kind: 'sum', c: 0.015 })).toThrow(/vanishes/);
  });
});
