// The detunings delta_i: a Lorentzian truncated to a band, discretised on N evenly spaced points
// and drawn with replacement (weights proportional to the Lorentzian), independently of position.
import type { Random } from '../random.ts';
import type { SimulationOptions } from './options.ts';
import { randomStream, STREAM_PURPOSE } from './random-streams.ts';

/** N evenly spaced points from -bandWidth to +bandWidth, both ends included (numpy's linspace). */
export function detuningGrid(N: number, bandWidth: number): Float64Array {
  const grid = new Float64Array(N);
  if (N === 1) {
    grid[0] = -bandWidth;
    return grid;
  }
  const step = (2 * bandWidth) / (N - 1);
  for (let j = 0; j < N; j++) grid[j] = -bandWidth + j * step;
  // The last point exactly at +bandWidth, whatever the rounding of j * step.
  grid[N - 1] = bandWidth;
  return grid;
}

/**
 * N detunings for the N sites, drawn with replacement from the grid with weights
 * 1 / (1 + (delta / (lineWidth / 2))^2): a Lorentzian of full width at half maximum lineWidth.
 */
export function drawDetuning(N: number, lineWidth: number, bandWidth: number, random: Random): Float64Array {
  const grid = detuningGrid(N, bandWidth);
  const halfWidth = lineWidth / 2;
  const cumulative = new Float64Array(N);
  let total = 0;
  for (let j = 0; j < N; j++) {
    const s = grid[j] / halfWidth;
    total += 1 / (1 + s * s);
    cumulative[j] = total;
  }
  const delta = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const target = random.nextFloat() * total;
    // The first j with cumulative[j] > target.
    let lo = 0;
    let hi = N - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    delta[i] = grid[lo];
  }
  return delta;
}

/** The draw a curve uses: one per data set (stream of the seed), or one per curve (its own stream). */
export function detuningForCurve(
  seed: number,
  curveIndex: number,
  options: Pick<SimulationOptions, 'lattice' | 'lineWidth' | 'bandWidth' | 'detuning'>,
): Float64Array {
  const N = options.lattice * options.lattice;
  const random =
    options.detuning === 'per-dataset'
      ? randomStream(seed, STREAM_PURPOSE.datasetDetuning, 0)
      : randomStream(seed, STREAM_PURPOSE.curveDetuning, curveIndex);
  return drawDetuning(N, options.lineWidth, options.bandWidth, random);
}
