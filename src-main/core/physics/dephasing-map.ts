// The one place that ties the label d to the dephasing rate Gamma, switchable as physics.md asks.
import { InputError } from '../errors.ts';

/**
 * - 'power-of-ten' (default): Gamma = 2.5 * 10^(-d/2), matching the notebook's T_decay ~ 10^(d/2)
 *   and the published pair (Gamma 0.00231 for d 6.07);
 * - 'natural-log': d = -ln(Gamma), which fits that pair equally well.
 */
export const DEPHASING_MAPS = ['power-of-ten', 'natural-log'] as const;
export type DephasingMap = (typeof DEPHASING_MAPS)[number];
export const DEFAULT_DEPHASING_MAP: DephasingMap = 'power-of-ten';

/** The dephasing rate Gamma of label d. d = +Infinity gives Gamma = 0 (no dephasing). */
export function gammaFromD(d: number, map: DephasingMap = DEFAULT_DEPHASING_MAP): number {
  return map === 'power-of-ten' ? 2.5 * Math.pow(10, -d / 2) : Math.exp(-d);
}

/** The label d of rate Gamma > 0 (Gamma = 0 would be d = +Infinity, which no label file can hold). */
export function dFromGamma(Gamma: number, map: DephasingMap = DEFAULT_DEPHASING_MAP): number {
  if (!(Gamma > 0) || !Number.isFinite(Gamma)) throw new InputError(`Gamma must be positive and finite to give a label d, not ${Gamma}`);
  return map === 'power-of-ten' ? -2 * Math.log10(Gamma / 2.5) : -Math.log(Gamma);
}
