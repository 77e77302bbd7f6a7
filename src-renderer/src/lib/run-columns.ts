// The columns of the run table: what each shows, whether the core can sort and filter on it (a run
// field or `hp.<key>`), and which show by default; and filter values read from what was typed.
import type { Run } from '../../../src-main/core/contract.ts';
import { humanize } from './format.ts';

export interface RunColumn {
  readonly id: string;
  readonly label: string;
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
  { id: 'backend', label: 'Backend', field: 'backend', visibleByDefault: true, value: (run) => run.backend ?? run.backendRequested },
  { id: 'epochs', label: 'Epochs', field: 'epochs', numeric: true, visibleByDefault: false, value: (run) => run.epochs },
  { id: 'bestEpoch', label: 'Best epoch', field: 'bestEpoch', numeric: true, visibleByDefault: true, value: (run) => run.bestEpoch },
  { id: 'bestValLoss', label: 'Val loss', field: 'bestValLoss', numeric: true, visibleByDefault: true, value: (run) => run.bestValLoss },
  { id: 'bestValMseAlpha', label: 'Val MSE α', field: 'bestValMseAlpha', numeric: true, visibleByDefault: true, value: (run) => run.bestValMse?.alpha ?? null },
  { id: 'bestValMseXi', label: 'Val MSE ξ', field: 'bestValMseXi', numeric: true, visibleByDefault: true, value: (run) => run.bestValMse?.xi ?? null },
  { id: 'bestValMseD', label: 'Val MSE d', field: 'bestValMseD', numeric: true, visibleByDefault: true, value: (run) => run.bestValMse?.d ?? null },
  { id: 'valErr', label: 'Val Err', field: 'valErr', numeric: true, visibleByDefault: false, value: (run) => run.valErr },
  { id: 'valPerElement', label: 'Val Err/3n', field: 'valPerElement', numeric: true, visibleByDefault: true, value: (run) => run.valPerElement },
  { id: 'evalPerElement', label: 'Answer key Err/3n', numeric: true, visibleByDefault: true, value: (run) => resultNumber(run, 'evalScore', 'perElement') },
  // Spearman correlation of the predicted std with the absolute error on the answer key: is the uncertainty informative?
  { id: 'spreadSpearmanAlpha', label: 'σ~|err| ρ α', numeric: true, visibleByDefault: false, value: (run) => resultNumber(run, 'evalScore', 'spreadErrorSpearman', 'alpha') },
  { id: 'spreadSpearmanXi', label: 'σ~|err| ρ ξ', numeric: true, visibleByDefault: false, value: (run) => resultNumber(run, 'evalScore', 'spreadErrorSpearman', 'xi') },
  { id: 'spreadSpearmanD', label: 'σ~|err| ρ d', numeric: true, visibleByDefault: false, value: (run) => resultNumber(run, 'evalScore', 'spreadErrorSpearman', 'd') },
  { id: 'seed', label: 'Seed', field: 'seed', numeric: true, visibleByDefault: false, value: (run) => run.seed },
  { id: 'duration', label: 'Duration', numeric: true, visibleByDefault: true, value: (run) => run.startedAt },
  { id: 'createdAt', label: 'Created', field: 'createdAt', visibleByDefault: false, value: (run) => run.createdAt },
  { id: 'tags', label: 'Tags', visibleByDefault: true, value: (run) => run.tags },
  { id: 'notes', label: 'Notes', visibleByDefault: true, value: (run) => run.notes },
];

/** Every hyperparameter key the runs have, sorted. */
export function hyperparameterKeys(runs: readonly Run[]): string[] {
  const keys = new Set<string>();
  for (const run of runs) for (const key of Object.keys(run.hyperparameters)) keys.add(key);
  return [...keys].sort();
}

/** The run columns, then one column per hyperparameter (hidden until asked for). */
export function runColumns(hpKeys: readonly string[]): RunColumn[] {
  return [
    ...RUN_COLUMNS,
    ...hpKeys.map((key) => ({
      id: `hp.${key}`,
      label: humanize(key),
      field: `hp.${key}`,
      numeric: false,
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
