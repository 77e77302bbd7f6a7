// The coupling kernels f(r) of physics.md, gauss and RKKY, in float64, with f(0) = 0 (no self-coupling).

export const KERNEL_NAMES = ['gauss', 'rkky'] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];

/** The file spelling of a kernel's data sets ('gauss', 'RKKY'). */
export function modelNameOf(kernel: KernelName): 'gauss' | 'RKKY' {
  return kernel === 'gauss' ? 'gauss' : 'RKKY';
}

/** The kernel of a data set's model ('gauss', 'RKKY'). */
export function kernelOfModel(model: 'gauss' | 'RKKY'): KernelName {
  return model === 'RKKY' ? 'rkky' : 'gauss';
}

/** gauss: f = exp(-(r/xi)^2) for r > 0, and 0 at r = 0. */
export function gaussKernel(r: number, xi: number): number {
  if (r === 0) return 0;
  const s = r / xi;
  return Math.exp(-s * s);
}

/** RKKY: f = X^-4 (X cos X - sin X) with X = 2r/xi, for r > 0, and 0 at r = 0. */
export function rkkyKernel(r: number, xi: number): number {
  if (r === 0) return 0;
  return rkkyOfX((2 * r) / xi);
}

// Below X = 1 the closed form loses up to eps / X^2 relative (X cos X and sin X cancel to -X^3/3);
// the series' terms fall by X^2 / 4n^2 each, so ten terms reach 1e-18 relative at X = 1.
const RKKY_SERIES_LIMIT = 1;
/** Coefficients of X^(2n-3), n = 1..10: (-1)^n 2n / (2n+1)!. */
const RKKY_SERIES = Array.from({ length: 10 }, (_, index) => {
  const n = index + 1;
  let factorial = 1;
  for (let m = 2; m <= 2 * n + 1; m++) factorial *= m;
  return ((n % 2 === 0 ? 1 : -1) * 2 * n) / factorial;
});

/** X^-4 (X cos X - sin X) for X > 0: about -1/(3X) for small X, by its series there. */
export function rkkyOfX(X: number): number {
  if (X >= RKKY_SERIES_LIMIT) {
    const X2 = X * X;
    return (X * Math.cos(X) - Math.sin(X)) / (X2 * X2);
  }
  const X2 = X * X;
  let sum = 0;
  for (let index = RKKY_SERIES.length - 1; index >= 0; index--) sum = sum * X2 + RKKY_SERIES[index];
  return sum / X;
}

/** The kernel function by name. */
export function kernelFunction(kernel: KernelName): (r: number, xi: number) => number {
  return kernel === 'gauss' ? gaussKernel : rkkyKernel;
}
