// Draws the labels (alpha, xi, d) of generated curves from the priors of the challenge data.
import { InputError } from '../errors.ts';
import type { Random } from '../random.ts';
import { dFromGamma, type DephasingMap } from './dephasing-map.ts';
import { sampleGamma } from './distributions.ts';
import type { Priors } from './options.ts';

export interface CurveLabels {
  readonly alpha: number;
  readonly xi: number;
  readonly d: number;
}

// xi = offset + numerator / G exceeds max with probability P(G < numerator / (max - offset)); a
// prior whose cap rejects almost everything would loop for ever, so give up loudly instead.
const MAX_XI_REDRAWS = 1_000_000;

/**
 * One draw of (alpha, xi, d). Gamma = hi - (hi - lo) U with U uniform on [0, 1) lies in (lo, hi]
 * rather than [lo, hi): with the default lo = 0 it is never exactly 0, whose d = +Infinity no
 * label file can hold. 1 - U has the same distribution as U, so this changes nothing but which
 * endpoint (of probability zero) is left out; clamping Gamma instead would pile draws up at one d.
 */
export function drawCurveLabels(random: Random, priors: Priors, map: DephasingMap): CurveLabels {
  const [alphaLo, alphaHi] = priors.alpha;
  const alpha = alphaLo + (alphaHi - alphaLo) * random.nextFloat();
  const [GammaLo, GammaHi] = priors.Gamma;
  const Gamma = GammaHi - (GammaHi - GammaLo) * random.nextFloat();
  const d = dFromGamma(Gamma, map);
  const { offset, numerator, shape, scale, max } = priors.xi;
  for (let attempt = 0; attempt < MAX_XI_REDRAWS; attempt++) {
    const xi = offset + numerator / sampleGamma(random, shape, scale);
    if (xi <= max) return { alpha, xi, d };
  }
  throw new InputError(`the xi prior rejected ${MAX_XI_REDRAWS} draws in a row: its max (${max}) leaves almost nothing`);
}
