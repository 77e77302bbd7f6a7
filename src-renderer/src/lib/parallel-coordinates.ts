// The arithmetic of a parallel-coordinates plot of study trials: one axis per setting that differs
// between trials, then the validation error; numeric axes scaled min to max, categorical ones
// spread evenly. Positions run from 0 (bottom) to 1 (top); a value a trial lacks has none.
import { termName } from './glossary.ts';
import type { StudyTrial } from '../../../src-main/core/api/contract.ts';
import { formatValue, humanize } from './format.ts';

export const ERROR_KEY = 'valPerElement';

/** One scored trial as the plot draws it: the values of its settings and its validation error. */
export interface ParallelRow {
  readonly runId: string;
  readonly values: Readonly<Record<string, unknown>>;
  readonly error: number;
}

export type ParallelAxis =
  | { readonly key: string; readonly label: string; readonly kind: 'numeric'; readonly min: number; readonly max: number }
  | { readonly key: string; readonly label: string; readonly kind: 'categorical'; readonly categories: readonly string[] };

/** The trials that have a validation error: preset, epochs and hyperparameters side by side. */
export function trialRows(trials: readonly StudyTrial[]): ParallelRow[] {
  return trials
    .filter(({ run }) => run.valPerElement !== null && Number.isFinite(run.valPerElement))
    .map(({ run }) => ({ runId: run.id, values: { preset: run.preset, epochs: run.epochs, ...run.hyperparameters }, error: run.valPerElement! }));
}

/** A value's category text: lists and booleans become words; a missing value has none. */
export function categoryOf(value: unknown): string | null {
  return value === null || value === undefined ? null : formatValue(value);
}

function isMissing(value: unknown): boolean {
  return value === null || value === undefined;
}

/** Category order: numerically where every category reads as a number, else alphabetically. */
function sortCategories(categories: string[]): string[] {
  const numeric = categories.every((text) => text.trim() !== '' && Number.isFinite(Number(text)));
  return categories.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => a.localeCompare(b));
}

function axisOf(key: string, label: string, values: readonly unknown[]): ParallelAxis {
  const present = values.filter((value) => !isMissing(value));
  if (present.every((value) => typeof value === 'number' && Number.isFinite(value))) {
    const numbers = present as number[];
    return { key, label, kind: 'numeric', min: Math.min(...numbers), max: Math.max(...numbers) };
  }
  return { key, label, kind: 'categorical', categories: sortCategories([...new Set(present.map((value) => categoryOf(value)!))]) };
}

/**
 * The axes for `rows`: preset and epochs first, then every other setting in name order, each only
 * when the trials differ in it (a setting all share says nothing), and last the validation error.
 */
export function buildAxes(rows: readonly ParallelRow[], errorLabel = termName('valPerElement')): ParallelAxis[] {
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row.values)))];
  const leading = ['preset', 'epochs'].filter((key) => keys.includes(key));
  const ordered = [...leading, ...keys.filter((key) => !leading.includes(key)).sort()];
  const axes: ParallelAxis[] = [];
  for (const key of ordered) {
    const values = rows.map((row) => row.values[key]);
    const seen = new Set(values.map((value) => (isMissing(value) ? '\u0000missing' : JSON.stringify(value))));
    if (seen.size > 1) axes.push(axisOf(key, humanize(key), values));
  }
  axes.push(axisOf(ERROR_KEY, errorLabel, rows.map((row) => row.error)));
  return axes;
}

/** Where `value` sits on `axis`, 0 at the bottom and 1 at the top; null when it is missing or not on the axis. */
export function axisPosition(axis: ParallelAxis, value: unknown): number | null {
  if (axis.kind === 'numeric') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return null;
    return axis.max > axis.min ? (value - axis.min) / (axis.max - axis.min) : 0.5;
  }
  const category = categoryOf(value);
  const index = category === null ? -1 : axis.categories.indexOf(category);
  if (index < 0) return null;
  return axis.categories.length > 1 ? index / (axis.categories.length - 1) : 0.5;
}

/** The positions of a row on each axis, in axis order. */
export function rowPositions(axes: readonly ParallelAxis[], row: ParallelRow): (number | null)[] {
  return axes.map((axis) => axisPosition(axis, axis.key === ERROR_KEY ? row.error : row.values[axis.key]));
}

/**
 * The line nearest to the pointer (px, py), by its height where it crosses px, within `tolerance`
 * pixels; null when none is that near. `xs` are the axes' pixel columns, `ys[row][axis]` the
 * row's pixel heights (null where it has no value: no segment there).
 */
export function nearestLine(xs: readonly number[], ys: readonly (readonly (number | null)[])[], px: number, py: number, tolerance: number): number | null {
  let best: number | null = null;
  let bestDistance = tolerance;
  const segment = xs.findIndex((x, i) => i + 1 < xs.length && px >= x && px <= xs[i + 1]);
  ys.forEach((heights, row) => {
    let y: number | null = null;
    if (xs.length === 1 || segment < 0) {
      const axis = xs.findIndex((x) => Math.abs(px - x) <= tolerance);
      y = axis >= 0 ? heights[axis] : null;
    } else {
      const [a, b] = [heights[segment], heights[segment + 1]];
      if (a !== null && b !== null) y = a + ((b - a) * (px - xs[segment])) / (xs[segment + 1] - xs[segment]);
    }
    if (y !== null && Math.abs(y - py) <= bestDistance) {
      best = row;
      bestDistance = Math.abs(y - py);
    }
  });
  return best;
}
