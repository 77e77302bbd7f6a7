// Numbers, durations and names as the views show them.
import { namesKernel } from '../../../src-main/core/api/dataset-naming.ts';

/** A metric in 4 significant digits, exponent notation when very small or large; a dash when missing. */
export function formatMetric(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude < 1e-3 || magnitude >= 1e5 ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}

/** A duration as "42 s", "3 min 5 s" or "2 h 4 min". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The seconds from a run's start to its end (or to now); null before it started. */
export function runSeconds(run: { startedAt: string | null; finishedAt: string | null }, now = Date.now()): number | null {
  if (!run.startedAt) return null;
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now;
  return (end - Date.parse(run.startedAt)) / 1000;
}

/**
 * How long a run trained: the sum of its epochs' seconds, so that a resumed run does not count the
 * time it lay interrupted; a run without timed epochs (an ensemble, one still starting) its start to end.
 */
export function runDuration(run: { trainingSeconds: number | null; startedAt: string | null; finishedAt: string | null }, now = Date.now()): number | null {
  return run.trainingSeconds ?? runSeconds(run, now);
}

/** A camelCase key in words: "learningRate" becomes "learning rate"; physics names stay as they are. */
export function humanize(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** A value of any hyperparameter in a table cell. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') return formatMetric(value);
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'object' && item !== null ? formatObject(item as Record<string, unknown>) : String(item))).join(value.some((item) => typeof item === 'object') ? '; ' : ', ');
  if (typeof value === 'object') return formatObject(value as Record<string, unknown>);
  return String(value);
}

/** An object such as a layer of a saved model: its kind first, then key=value ("conv1d filters=16 kernelSize=7"). */
function formatObject(value: Record<string, unknown>): string {
  const { kind, ...rest } = value;
  const pairs = Object.entries(rest).map(([key, item]) => `${key}=${typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item)}`);
  return [...(kind === undefined ? [] : [String(kind)]), ...pairs].join(' ');
}

/** A data set as a list offers it: its name, its kernel unless the name says it already, and its curves ("gauss · 40 curves"). */
export function datasetLabel(dataset: { name: string; model: string; modelCount: number }): string {
  const curves = `${dataset.modelCount.toLocaleString()} curves`;
  return namesKernel(dataset.name, dataset.model) ? `${dataset.name} · ${curves}` : `${dataset.name} · ${dataset.model} · ${curves}`;
}
