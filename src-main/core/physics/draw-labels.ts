// The labels (alpha, xi, d) of a simulated data set: drawn from the priors, each curve from its own
// random stream of the seed, or given rows checked to be simulable.
import { InputError } from '../errors.ts';
import type { LabelSet } from '../formats/curves.ts';
import { gammaFromD } from './dephasing-map.ts';
import { validateCurveParameters, type SimulationOptions } from './options.ts';
import { drawCurveLabels } from './priors.ts';
import { randomStream, STREAM_PURPOSE } from './random-streams.ts';

/** Labels of curves firstIndex .. firstIndex + count - 1, each from its own stream of the seed. */
export function drawLabels(seed: number, firstIndex: number, count: number, options: SimulationOptions): LabelSet {
  const data = new Float64Array(count * 3);
  for (let row = 0; row < count; row++) {
    const labels = drawCurveLabels(randomStream(seed, STREAM_PURPOSE.labels, firstIndex + row), options.priors, options.dephasingMap);
    data[3 * row] = labels.alpha;
    data[3 * row + 1] = labels.xi;
    data[3 * row + 2] = labels.d;
  }
  return { count, data };
}

/** Every row must be simulable; the message names the first bad one (1-based). */
export function validateLabelRows(labels: LabelSet, options: SimulationOptions, where: string): void {
  const { data } = labels;
  for (let row = 0; row < labels.count; row++) {
    try {
      validateCurveParameters(data[3 * row], data[3 * row + 1], gammaFromD(data[3 * row + 2], options.dephasingMap), options);
    } catch (error) {
      if (error instanceof InputError) throw new InputError(`${where}, row ${row + 1}: ${error.message}`);
      throw error;
    }
  }
}
