// The numbers behind the explorer's fit by simulation: the rows of its table (start, fit, truth),
// a run's prediction for the chosen curve, and the nearest curve the run predicted.
import type { CurveFitOutcome } from '../../../src-main/core/api/contract.ts';

export interface Triple {
  readonly alpha: number;
  readonly xi: number;
  readonly d: number;
}

export interface FitRow extends Triple {
  readonly key: 'start' | 'fit' | 'truth';
  readonly label: string;
  /** Squared distance of its simulated curve to the data curve; null where not known. */
  readonly distance: number | null;
}

/** What the search started from, in words. */
export function startLabel(outcome: Pick<CurveFitOutcome, 'startFrom' | 'runId'>): string {
  if (outcome.startFrom === 'run') return `ML prediction (${outcome.runId})`;
  return outcome.startFrom === 'given' ? 'given start' : "centre of the priors";
}

/** The table of a fit: where it started (as asked for), where it ended, and the truth when the data set has it. */
export function fitRows(outcome: CurveFitOutcome): FitRow[] {
  const { alpha, xi, d } = outcome.requestedStart;
  const rows: FitRow[] = [
    // A start moved inside the priors has no distance of its own: the fit measured the moved one.
    { key: 'start', label: startLabel(outcome) + (outcome.startMoved ? ' (moved inside the priors to search)' : ''), alpha, xi, d, distance: outcome.startMoved ? null : outcome.start.distance },
    { key: 'fit', label: 'fit by simulation', alpha: outcome.fit.alpha, xi: outcome.fit.xi, d: outcome.fit.d, distance: outcome.fit.distance },
  ];
  if (outcome.truth) rows.push({ key: 'truth', label: 'truth', ...outcome.truth, distance: outcome.truthDistance });
  return rows;
}

/** A run's prediction for curve `index` among its predicted rows, or null when it predicted no such curve. */
export function predictionFor(indices: Int32Array, predictions: Float64Array, index: number): Triple | null {
  const row = indices.indexOf(index);
  return row < 0 ? null : { alpha: predictions[3 * row], xi: predictions[3 * row + 1], d: predictions[3 * row + 2] };
}

/** The predicted curve nearest `index` (the lower one on a tie), or null when none was predicted. */
export function nearestPredicted(indices: Int32Array, index: number): number | null {
  let best: number | null = null;
  for (const candidate of indices) {
    if (best === null || Math.abs(candidate - index) < Math.abs(best - index) || (Math.abs(candidate - index) === Math.abs(best - index) && candidate < best)) best = candidate;
  }
  return best;
}
