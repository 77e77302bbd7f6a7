// The training form's model: what the user typed for each hyperparameter, read back into values
// and checked by the same rules the core applies (it checks again when the run starts).
import type { HyperparameterDescription } from '../../../src-main/core/api/contract.ts';

/** What an input holds: text for numbers and lists, a flag for a checkbox, an option for a choice. */
export type RawValue = string | boolean;
export type RawForm = Record<string, RawValue>;

export interface FormCheck {
  /** Every value read from the form, for the keys that could be read. */
  readonly values: Record<string, unknown>;
  /** One plain sentence per key that is wrong. */
  readonly errors: Record<string, string>;
}

/** How a value shows in its input. */
export function toRaw(description: HyperparameterDescription, value: unknown): RawValue {
  if (description.type === 'boolean') return value === true;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** The form filled with `values` where given, else with the preset's defaults. */
export function rawForm(descriptions: readonly HyperparameterDescription[], values: Readonly<Record<string, unknown>> = {}): RawForm {
  return Object.fromEntries(descriptions.map((d) => [d.key, toRaw(d, Object.hasOwn(values, d.key) ? values[d.key] : d.default)]));
}

/**
 * The form as the user left it where it still fits the fields (a flag for a checkbox, one of the
 * options for a choice, text otherwise), the rest filled from `values` or the defaults. Text is
 * kept even when it does not read as a value: the form says what is wrong with it.
 */
export function keptForm(descriptions: readonly HyperparameterDescription[], kept: Readonly<RawForm>, values: Readonly<Record<string, unknown>> = {}): RawForm {
  const fits = (d: HyperparameterDescription, value: RawValue | undefined): value is RawValue => {
    if (d.type === 'boolean') return typeof value === 'boolean';
    if (d.type === 'choice') return typeof value === 'string' && (d.options ?? []).includes(value);
    return typeof value === 'string';
  };
  const filled = rawForm(descriptions, values);
  return Object.fromEntries(descriptions.map((d) => [d.key, Object.hasOwn(kept, d.key) && fits(d, kept[d.key]) ? kept[d.key] : filled[d.key]]));
}

function boundsText(d: HyperparameterDescription): string {
  const parts: string[] = [];
  if (d.min !== undefined) parts.push(`${d.minExclusive ? 'above' : 'at least'} ${d.min}`);
  if (d.max !== undefined) parts.push(`${d.maxExclusive ? 'below' : 'at most'} ${d.max}`);
  return parts.join(' and ');
}

/** The allowed range of a number field in words, e.g. "at least 0 and below 1". */
export function rangeText(d: HyperparameterDescription): string {
  if (d.type === 'choice' || d.type === 'choice-list') return d.options ? `one of ${d.options.join(', ')}` : '';
  return boundsText(d);
}

function outOfBounds(d: HyperparameterDescription, value: number): boolean {
  if (d.min !== undefined && (d.minExclusive ? value <= d.min : value < d.min)) return true;
  if (d.max !== undefined && (d.maxExclusive ? value >= d.max : value > d.max)) return true;
  return false;
}

/** Reads a number as typed: plain decimals and exponents ("1e-4"), nothing else. */
function readNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

function readScalar(d: HyperparameterDescription, text: string, what: string): { value: number } | { error: string } {
  const value = readNumber(text);
  if (value === null) return { error: `${what} "${text.trim()}" is not a number` };
  if (d.type === 'integer' || d.type === 'integer-list') {
    if (!Number.isInteger(value)) return { error: `${what} must be a whole number, not ${value}` };
  }
  if (outOfBounds(d, value)) return { error: `${what} must be ${boundsText(d)}, not ${value}` };
  return { value };
}

function splitList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Reads one input into its value, or says in plain words what is wrong with it. */
export function readField(d: HyperparameterDescription, raw: RawValue): { value: unknown } | { error: string } {
  switch (d.type) {
    case 'boolean':
      return { value: raw === true };
    case 'choice': {
      const text = String(raw);
      return d.options?.includes(text) ? { value: text } : { error: `choose one of ${d.options?.join(', ')}` };
    }
    case 'integer':
    case 'number': {
      const text = String(raw);
      if (text.trim() === '') return d.nullMeans ? { value: null } : { error: 'a value is needed' };
      return readScalar(d, text, 'the value');
    }
    case 'integer-list':
    case 'choice-list': {
      const items = splitList(String(raw));
      if (d.minItems !== undefined && items.length < d.minItems) {
        return { error: d.minItems === 1 ? 'give at least one item' : `give at least ${d.minItems} items` };
      }
      if (d.maxItems !== undefined && items.length > d.maxItems) return { error: `give at most ${d.maxItems} items, not ${items.length}` };
      const values: unknown[] = [];
      for (const [index, item] of items.entries()) {
        if (d.type === 'choice-list') {
          if (!d.options?.includes(item)) return { error: `"${item}" is not one of ${d.options?.join(', ')}` };
          values.push(item);
        } else {
          const read = readScalar(d, item, `item ${index + 1}`);
          if ('error' in read) return read;
          values.push(read.value);
        }
      }
      return { value: values };
    }
  }
}

/** The rules between fields that the core checks after each field on its own (see hyperparameters.ts). */
function checkRelations(values: Record<string, unknown>, curveLength: number | null, errors: Record<string, string>): void {
  const has = (key: string) => Object.hasOwn(values, key) && !Object.hasOwn(errors, key);
  const num = (key: string) => values[key] as number;
  const list = (key: string) => values[key] as unknown[];

  if (has('windowStart') && has('windowEnd') && curveLength !== null) {
    const end = (values.windowEnd as number | null) ?? curveLength;
    if (end > curveLength) errors.windowEnd = `the curves have ${curveLength} samples: the window must end at ${curveLength} or before`;
    else if (num('windowStart') >= end) errors.windowStart = `the window must start before its end (${end})`;
  }
  if (has('channels') && new Set(list('channels')).size !== list('channels').length) errors.channels = 'give each channel at most once';
  if (has('schedule') && values.schedule !== 'constant' && has('minLearningRate') && has('learningRate') && num('minLearningRate') > num('learningRate')) {
    errors.minLearningRate = `the floor must not exceed the learning rate (${num('learningRate')})`;
  }
  if (has('hiddenUnits') && has('activations')) {
    const layers = list('hiddenUnits').length;
    const count = list('activations').length;
    if (count !== 1 && count !== layers) errors.activations = `give one activation for all layers, or one per hidden layer (${layers}), not ${count}`;
  }
  if (has('convFilters') && has('kernelSize') && has('windowStart') && has('windowEnd') && curveLength !== null && !errors.windowEnd && !errors.windowStart) {
    const windowLength = ((values.windowEnd as number | null) ?? curveLength) - num('windowStart');
    if (num('kernelSize') > windowLength) errors.kernelSize = `the kernel is wider than the window of ${windowLength} samples`;
    if (has('pooling') && values.pooling !== 'none' && has('poolSize')) {
      const remaining = Math.floor(windowLength / num('poolSize') ** list('convFilters').length);
      if (remaining < 1) errors.poolSize = `a window of ${windowLength} samples is too short for ${list('convFilters').length} pooling layers of size ${num('poolSize')}`;
    }
  }
}

/** Reads and checks the whole form; `curveLength` is that of the chosen data set (null: none chosen yet). */
export function checkForm(descriptions: readonly HyperparameterDescription[], raw: RawForm, curveLength: number | null): FormCheck {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const d of descriptions) {
    const read = readField(d, raw[d.key] ?? toRaw(d, d.default));
    if ('error' in read) errors[d.key] = read.error;
    else values[d.key] = read.value;
  }
  checkRelations(values, curveLength, errors);
  return { values, errors };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The values that differ from `base` (the preset's defaults, or a cloned run's hyperparameters). */
export function changedValues(values: Readonly<Record<string, unknown>>, base: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([key, value]) => !same(value, base[key])));
}

/** The preset's defaults as values. */
export function defaultValues(descriptions: readonly HyperparameterDescription[]): Record<string, unknown> {
  return Object.fromEntries(descriptions.map((d) => [d.key, d.default]));
}

/**
 * Whether a field matters under the other settings (beta1 only for Adam and Nadam, the plateau
 * settings only with that schedule ...); a field that does not is still checked, only dimmed.
 */
export function isFieldUsed(key: string, values: Readonly<Record<string, unknown>>): boolean {
  const optimizer = values.optimizer;
  if (key === 'beta1' || key === 'beta2' || key === 'epsilon') return optimizer === 'adam' || optimizer === 'nadam';
  if (key === 'nadamScheduleDecay') return optimizer === 'nadam';
  if (key === 'momentum' || key === 'nesterov') return optimizer === 'sgd';
  if (key.startsWith('plateau')) return values.schedule === 'plateau';
  if (key === 'minLearningRate') return values.schedule !== 'constant';
  if (key === 'earlyStoppingPatience' || key === 'earlyStoppingMinDelta' || key === 'restoreBestWeights') return values.earlyStopping !== false;
  if (key === 'poolSize') return values.pooling !== 'none';
  if (key === 'batchNormMomentum' || key === 'batchNormEpsilon') return values.batchNorm !== false || values.inputBatchNorm === true;
  return true;
}

/** The settings a run is mostly tuned by: epochs, learning rate, batch size and the model's size (the widths of its layers). */
const ESSENTIAL_KEYS: readonly string[] = ['epochs', 'learningRate', 'batchSize', 'hiddenUnits', 'convFilters', 'denseUnits'];

/** The preset's essential fields in that order, shown first, and the rest in form order, to fold away in their groups. */
export function essentialsFirst(descriptions: readonly HyperparameterDescription[]): { essentials: HyperparameterDescription[]; rest: HyperparameterDescription[] } {
  const essentials = ESSENTIAL_KEYS.flatMap((key) => descriptions.filter((d) => d.key === key));
  return { essentials, rest: descriptions.filter((d) => !ESSENTIAL_KEYS.includes(d.key)) };
}
