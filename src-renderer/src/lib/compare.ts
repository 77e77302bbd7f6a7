// The numbers behind the Compare view: hyperparameters side by side, metrics at the best or a
// chosen epoch, residual histograms on shared bins, and saliency over the curve's samples.
import type { CallResult, EpochMetrics, Run } from '../../../src-main/core/api/contract.ts';
import { roundBins } from '../components/plot-axes.ts';
import { termName, type TermId } from './glossary.ts';

export const PARAMETERS = ['alpha', 'xi', 'd'] as const;
export type Parameter = (typeof PARAMETERS)[number];

export interface HyperparameterRow {
  readonly key: string;
  readonly values: readonly unknown[];
  readonly differs: boolean;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** One row per hyperparameter any of the runs has (the recipe's own fields first), flagged when they differ. */
export function hyperparameterRows(runs: readonly Run[], onlyDifferences: boolean): HyperparameterRow[] {
  const recipe: [string, (run: Run) => unknown][] = [
    ['data set', (run) => run.datasetId],
    ['preset', (run) => run.preset],
    ['backend', (run) => run.backend ?? run.backendRequested],
  ];
  const keys = [...new Set(runs.flatMap((run) => Object.keys(run.hyperparameters)))].sort();
  const rows: HyperparameterRow[] = [
    ...recipe.map(([key, read]) => ({ key, values: runs.map(read) })),
    ...keys.map((key) => ({ key, values: runs.map((run) => run.hyperparameters[key]) })),
  ].map((row) => ({ ...row, differs: row.values.some((value) => !same(value, row.values[0])) }));
  return onlyDifferences ? rows.filter((row) => row.differs) : rows;
}

export interface MetricRow {
  /** The quantity, named from the glossary. */
  readonly term: TermId;
  readonly label: string;
  readonly values: readonly (number | null)[];
  /** Smaller is better for every metric shown. */
  readonly best: number | null;
}

function bestOf(values: readonly (number | null)[]): number | null {
  let best: number | null = null;
  values.forEach((value, index) => {
    if (value !== null && Number.isFinite(value) && (best === null || value < (values[best] as number))) best = index;
  });
  return best;
}

function row(term: TermId, values: (number | null)[]): MetricRow {
  return { term, label: termName(term), values, best: bestOf(values) };
}

/**
 * Metrics side by side: each run's best (its scores at the best epoch, and the challenge score of
 * its chosen weights), or every run's stored metrics at `epoch` (null where a run has no such epoch).
 */
export function metricRows(runs: readonly Run[], epochsByRun: readonly (readonly EpochMetrics[] | null)[], epoch: number | null): MetricRow[] {
  if (epoch === null) {
    return [
      row('bestEpoch', runs.map((run) => run.bestEpoch)),
      row('valLoss', runs.map((run) => run.bestValLoss)),
      row('valMseAlpha', runs.map((run) => run.bestValMse?.alpha ?? null)),
      row('valMseXi', runs.map((run) => run.bestValMse?.xi ?? null)),
      row('valMseD', runs.map((run) => run.bestValMse?.d ?? null)),
      row('valErr', runs.map((run) => run.valErr)),
      row('valPerElement', runs.map((run) => run.valPerElement)),
    ].map((metric) => (metric.term === 'bestEpoch' ? { ...metric, best: null } : metric));
  }
  const at = epochsByRun.map((epochs) => epochs?.find((candidate) => candidate.epoch === epoch) ?? null);
  return [
    row('trainLoss', at.map((metrics) => metrics?.loss ?? null)),
    row('valLoss', at.map((metrics) => metrics?.valLoss ?? null)),
    row('valMseAlpha', at.map((metrics) => metrics?.valMseAlpha ?? null)),
    row('valMseXi', at.map((metrics) => metrics?.valMseXi ?? null)),
    row('valMseD', at.map((metrics) => metrics?.valMseD ?? null)),
    { ...row('learningRate', at.map((metrics) => metrics?.lr ?? null)), best: null },
  ];
}

type Predictions = CallResult<'getRunPredictions'>;

/** One compared run's validation predictions, with its place in the comparison (which fixes its colour). */
export interface PredictionEntry {
  readonly runId: string;
  readonly index: number;
  readonly predictions: Predictions;
}

/** What the prediction charts (scatter, residual histogram) take: one parameter of several runs. */
export interface PredictionChartProps {
  readonly entries: readonly PredictionEntry[];
  readonly parameter: Parameter;
  readonly highlighted?: string | null;
  readonly onhover?: (runId: string | null) => void;
}

/** The entries whose data set has an answer key: only they have true values to plot against. */
export function entriesWithTruth(entries: readonly PredictionEntry[]): PredictionEntry[] {
  return entries.filter((entry) => entry.predictions.truth !== null);
}

/** Predicted minus true values of one parameter; empty without an answer key. */
export function residuals(predictions: Predictions, parameter: Parameter): Float64Array {
  if (!predictions.truth) return new Float64Array(0);
  const p = PARAMETERS.indexOf(parameter);
  const out = new Float64Array(predictions.count);
  for (let k = 0; k < predictions.count; k++) out[k] = predictions.predictions[3 * k + p] - predictions.truth[3 * k + p];
  return out;
}

export interface Histogram {
  /** Centre of each bin; the edges are round (multiples of the width). */
  readonly centres: readonly number[];
  /** The first edge. */
  readonly start: number;
  readonly width: number;
  /** Count per bin, per series. */
  readonly counts: readonly (readonly number[])[];
}

/**
 * Histograms of several series on the same bins with round edges (about `bins` of them),
 * spanning the 1st to 99th percentile of all their values together so that a few wild residuals
 * do not squeeze the rest into one bar (the outermost bins also count what lies beyond).
 */
export function sharedHistogram(series: readonly Float64Array[], bins: number): Histogram {
  const all = Float64Array.from(series.flatMap((values) => Array.from(values).filter(Number.isFinite))).sort();
  if (all.length === 0) return { centres: [], start: 0, width: 0, counts: series.map(() => []) };
  const { start, width, bins: count } = roundBins(all[Math.floor(0.01 * (all.length - 1))], all[Math.ceil(0.99 * (all.length - 1))], bins);
  const centres = Array.from({ length: count }, (_, k) => Number((start + (k + 0.5) * width).toPrecision(12)));
  const counts = series.map((values) => {
    const tally = new Array<number>(count).fill(0);
    for (const value of values) {
      if (!Number.isFinite(value)) continue;
      tally[Math.min(count - 1, Math.max(0, Math.floor((value - start) / width)))]++;
    }
    return tally;
  });
  return { centres, start, width, counts };
}

/** Root mean square of residuals, or null when there are none. */
export function rootMeanSquare(values: Float64Array): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value * value;
  return Math.sqrt(sum / values.length);
}

type Heatmap = CallResult<'getRunHeatmap'>;

/**
 * One output's saliency along the curve for one input channel, as (sample k, value) points,
 * divided by the largest magnitude over all channels of that output as the notebook does.
 */
export function saliencyOverTime(heatmap: Heatmap, parameter: Parameter, channel: number, measure: 'signed' | 'absolute'): { x: number; y: number }[] {
  const { windowStart, windowEnd, channels } = heatmap.layout;
  const width = windowEnd - windowStart;
  const values = heatmap[measure];
  const base = PARAMETERS.indexOf(parameter) * heatmap.features;
  let largest = 0;
  for (let f = 0; f < width * channels.length; f++) largest = Math.max(largest, Math.abs(values[base + f]));
  const scale = largest > 0 ? 1 / largest : 0;
  return Array.from({ length: width }, (_, t) => ({ x: windowStart + t, y: values[base + channel * width + t] * scale }));
}
