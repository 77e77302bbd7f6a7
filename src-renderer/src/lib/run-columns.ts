// The columns of the run table: what each shows, whether the core can sort and filter on it (a run
// field or `hp.<key>`), and which show by default (few enough to fit 1280 pixels); filter values
// read from what was typed, and refused when a number was wanted; and the best run of each data set.
import type { Run } from '../../../src-main/core/api/contract.ts';
import { humanize, runDuration } from './format.ts';
import { parameterName, termName, type TermId } from './glossary.ts';

export interface RunColumn {
  readonly id: string;
  readonly label: string;
  /** The glossary's entry of the quantity, whose definition the header shows on hover. */
  readonly term?: TermId;
  /** The field listRuns sorts and filters on; none for columns the core does not know (tags, notes). */
  readonly field?: string;
  readonly numeric?: boolean;
  readonly visibleByDefault: boolean;
  readonly value: (run: Run) => unknown;
}

/** A number inside the run's stored result (score JSON), or null where the run has none. */
function resultNumber(run: Run, ...path: string[]): number | null {
  let value: unknown = run.result;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'number' ? value : null;
}

const RUN_COLUMNS: readonly RunColumn[] = [
  { id: 'id', label: 'Run', field: 'id', visibleByDefault: true, value: (run) => run.id },
  { id: 'status', label: 'Status', field: 'status', visibleByDefault: true, value: (run) => run.status },
  { id: 'datasetId', label: 'Data set', field: 'datasetId', visibleByDefault: true, value: (run) => run.datasetId },
  { id: 'preset', label: 'Model', field: 'preset', visibleByDefault: true, value: (run) => run.preset },
  { id: 'backend', label: 'Backend', field: 'backend', visibleByDefault: false, value: (run) => run.backend ?? run.backendRequested },
  { id: 'epochs', label: 'Epochs', field: 'epochs', numeric: true, visibleByDefault: false, value: (run) => run.epochs },
  { id: 'bestEpoch', label: termName('bestEpoch'), term: 'bestEpoch', field: 'bestEpoch', numeric: true, visibleByDefault: true, value: (run) => run.bestEpoch },
  { id: 'bestValLoss', label: termName('valLoss'), term: 'valLoss', field: 'bestValLoss', numeric: true, visibleByDefault: false, value: (run) => run.bestValLoss },
  { id: 'bestValMseAlpha', label: termName('valMseAlpha'), term: 'valMseAlpha', field: 'bestValMseAlpha', numeric: true, visibleByDefault: false, value: (run) => run.bestValMse?.alpha ?? null },
  { id: 'bestValMseXi', label: termName('valMseXi'), term: 'valMseXi', field: 'bestValMseXi', numeric: true, visibleByDefault: false, value: (run) => run.bestValMse?.xi ?? null },
  { id: 'bestValMseD', label: termName('valMseD'), term: 'valMseD', field: 'bestValMseD', numeric: true, visibleByDefault: false, value: (run) => run.bestValMse?.d ?? null },
  { id: 'valErr', label: termName('valErr'), term: 'valErr', field: 'valErr', numeric: true, visibleByDefault: false, value: (run) => run.valErr },
  { id: 'valPerElement', label: termName('valPerElement'), term: 'valPerElement', field: 'valPerElement', numeric: true, visibleByDefault: true, value: (run) => run.valPerElement },
  { id: 'evalPerElement', label: termName('evalPerElement'), term: 'evalPerElement', numeric: true, visibleByDefault: true, value: (run) => resultNumber(run, 'evalScore', 'perElement') },
  // Spearman correlation of the predicted std with the absolute error on the answer key: is the uncertainty informative?
  { id: 'spreadSpearmanAlpha', label: `${termName('spreadSpearman')} ${parameterName('alpha')}`, term: 'spreadSpearman', numeric: true, visibleByDefault: false, value: (run) => resultNumber(run, 'evalScore', 'spreadErrorSpearman', 'alpha') },
  { id: 'spreadSpearmanXi', label: `${termName('spreadSpearman')} ${parameterName('xi')}`, term: 'spreadSpearman', numeric: true, visibleByDefault: false, value: (run) => resultNumber(run, 'evalScore', 'spreadErrorSpearman', 'xi') },
  { id: 'spreadSpearmanD', label: `${termName('spreadSpearman')} ${parameterName('d')}`, term: 'spreadSpearman', numeric: true, visibleByDefault: false, value: (run) => resultNumber(run, 'evalScore', 'spreadErrorSpearman', 'd') },
  { id: 'seed', label: 'Seed', field: 'seed', numeric: true, visibleByDefault: false, value: (run) => run.seed },
  { id: 'duration', label: termName('trainingTime'), term: 'trainingTime', numeric: true, visibleByDefault: true, value: (run) => runDuration(run) },
  { id: 'createdAt', label: 'Created', field: 'createdAt', visibleByDefault: false, value: (run) => run.createdAt },
  { id: 'tags', label: 'Tags', visibleByDefault: true, value: (run) => run.tags },
  { id: 'notes', label: 'Notes', visibleByDefault: false, value: (run) => run.notes },
];

/** Every hyperparameter key the runs have, sorted. */
export function hyperparameterKeys(runs: readonly Run[]): string[] {
  const keys = new Set<string>();
  for (const run of runs) for (const key of Object.keys(run.hyperparameters)) keys.add(key);
  return [...keys].sort();
}

/** The hyperparameters whose every stored value is a number: their filters take numbers only. */
export function numericHyperparameters(runs: readonly Run[]): Set<string> {
  const numeric = new Set<string>();
  const other = new Set<string>();
  for (const run of runs) {
    for (const [key, value] of Object.entries(run.hyperparameters)) {
      if (typeof value === 'number') numeric.add(key);
      else if (value !== null && value !== undefined) other.add(key);
    }
  }
  for (const key of other) numeric.delete(key);
  return numeric;
}

/** The run columns, then one column per hyperparameter (hidden until asked for); `numeric` names the hyperparameters that are numbers. */
export function runColumns(hpKeys: readonly string[], numeric: ReadonlySet<string> = new Set()): RunColumn[] {
  return [
    ...RUN_COLUMNS,
    ...hpKeys.map((key) => ({
      id: `hp.${key}`,
      label: humanize(key),
      field: `hp.${key}`,
      numeric: numeric.has(key),
      visibleByDefault: false,
      value: (run: Run) => run.hyperparameters[key],
    })),
  ];
}

export type FilterValue = number | string | boolean | null;

/** A filter value as typed: a number, true or false, "null" for a missing value, else the text. */
export function readFilterValue(text: string): FilterValue {
  const trimmed = text.trim();
  if (trimmed === 'null' || trimmed === '') return null;
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  const number = Number(trimmed);
  return Number.isFinite(number) && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? number : trimmed;
}

/**
 * A filter value as typed, checked against its column: a numeric column takes a number, or "null"
 * for a missing value; anything else is refused with the reason, to say beside the input.
 */
export function checkFilterValue(column: Pick<RunColumn, 'label' | 'numeric'>, text: string): { value: FilterValue } | { error: string } {
  if (text.trim() === '') return { error: `Give a value to compare ${column.label} with ("null" for a missing one).` };
  const value = readFilterValue(text);
  if (column.numeric && value !== null && typeof value !== 'number') return { error: `"${text.trim()}" is not a number: ${column.label} compares with numbers.` };
  return { value };
}

/** The finished run of lowest validation score per element in each data set, by data set id. */
export function bestRunPerDataset(runs: readonly Run[]): Map<string, string> {
  const best = new Map<string, Run>();
  for (const run of runs) {
    if (run.status !== 'finished' || run.valPerElement === null || !Number.isFinite(run.valPerElement)) continue;
    const current = best.get(run.datasetId);
    if (!current || run.valPerElement < current.valPerElement!) best.set(run.datasetId, run);
  }
  return new Map([...best].map(([datasetId, run]) => [datasetId, run.id]));
}
