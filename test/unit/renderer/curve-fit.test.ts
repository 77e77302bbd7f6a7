// The explorer's fit table: where the search started, where it ended and the truth, and which
// curve a run predicted nearest the chosen one.
import { describe, expect, it } from 'vitest';
import type { CurveFitOutcome } from '../../../src-main/core/api/contract.ts';
import { fitRows, nearestPredicted, predictionFor, startLabel } from '../../../src-renderer/src/lib/curve-fit.ts';

const curve = new Float64Array(6);
const outcome: CurveFitOutcome = {
  jobId: 'fit-1',
  datasetId: 'ds',
  split: 'model',
  curveIndex: 4,
  recipe: { known: true, from: 'a manifest', kernel: 'gauss', seed: 3, lattice: 16, detuning: 'per-dataset', normalisation: 'none', dephasingMap: 'power-of-ten', counterRotating: false },
  startFrom: 'run',
  runId: 'run-7',
  requestedStart: { alpha: 9, xi: 6, d: 7 },
  start: { alpha: 9, xi: 6, d: 7, distance: 0.5 },
  startMoved: false,
  fit: { alpha: 8.1, xi: 5.5, d: 7.2, distance: 0.001 },
  truth: { alpha: 8, xi: 5.4, d: 7.25 },
  truthDistance: 1e-12,
  evaluations: 40,
  stopped: 'converged',
  rms: 0.01,
  seconds: 0.4,
  length: 3,
  target: curve,
  startCurve: curve,
  fittedCurve: curve,
};

describe('fit table', () => {
  it('lists the ML start, the fit and the truth with their distances', () => {
    expect(fitRows(outcome)).toEqual([
      { key: 'start', label: 'ML prediction (run-7)', alpha: 9, xi: 6, d: 7, distance: 0.5 },
      { key: 'fit', label: 'fit by simulation', alpha: 8.1, xi: 5.5, d: 7.2, distance: 0.001 },
      { key: 'truth', label: 'truth', alpha: 8, xi: 5.4, d: 7.25, distance: 1e-12 },
    ]);
  });

  it('shows the start as asked for when the fit moved it, and leaves out an unknown truth', () => {
    const moved = { ...outcome, startFrom: 'given' as const, runId: null, requestedStart: { alpha: -3, xi: 6, d: 7 }, startMoved: true, truth: null, truthDistance: null };
    const rows = fitRows(moved);
    expect(rows.map((row) => row.key)).toEqual(['start', 'fit']);
    expect(rows[0]).toMatchObject({ alpha: -3, distance: null });
    expect(rows[0].label).toMatch(/^given start \(moved inside/);
    expect(startLabel({ startFrom: 'prior', runId: null })).toBe('centre of the priors');
  });
});

describe("a run's predictions for the chosen curve", () => {
  const indices = Int32Array.of(2, 9, 5);
  const predictions = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9);

  it('finds the prediction of a predicted curve, and none for another', () => {
    expect(predictionFor(indices, predictions, 9)).toEqual({ alpha: 4, xi: 5, d: 6 });
    expect(predictionFor(indices, predictions, 3)).toBeNull();
  });

  it('finds the nearest predicted curve, the lower one on a tie', () => {
    expect(nearestPredicted(indices, 3)).toBe(2);
    expect(nearestPredicted(indices, 7)).toBe(5);
    expect(nearestPredicted(indices, 100)).toBe(9);
    expect(nearestPredicted(new Int32Array(0), 3)).toBeNull();
  });
});
