// Continuous distributions drawn from a seeded generator: uniform, standard normal and Gamma.
import type { Random } from '../random.ts';

/** Uniform on [lo, hi). */
export function sampleUniform(random: Random, lo: number, hi: number): number {
  return lo + (hi - lo) * random.nextFloat();
}

/** Standard normal by Marsaglia's polar method (rejection, no trigonometry). */
export function sampleStandardNormal(random: Random): number {
  for (;;) {
    const u = 2 * random.nextFloat() - 1;
    const v = 2 * random.nextFloat() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/**
 * Gamma(shape, scale) by Marsaglia and Tsang (2000): a squeeze-and-reject on a cubed normal,
 * for shape >= 1; below 1 the shape + 1 draw times U^(1/shape) (their boosting identity).
 */
export function sampleGamma(random: Random, shape: number, scale: number): number {
  if (!(shape > 0) || !(scale > 0)) throw new RangeError(`Gamma distribution needs shape > 0 and scale > 0, got ${shape}, ${scale}`);
  if (shape < 1) {
    const boosted = sampleGamma(random, shape + 1, scale);
    // 1 - U lies in (0, 1], so the power never reaches 0^(1/shape) = 0 by accident of U = 0.
    return boosted * Math.pow(1 - random.nextFloat(), 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = sampleStandardNormal(random);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = random.nextFloat();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v * scale;
    if (u > 0 && Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}
