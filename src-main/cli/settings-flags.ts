// Parsing of `--set key=value` hyperparameter overrides, `--backend` and `field<op>value` run filters.
import { InputError } from '../core/errors.ts';
import { BACKEND_PREFERENCES, COMPARISON_OPERATORS, type BackendPreference, type ComparisonOperator, type RunCondition, type RunQueryField } from '../core/workspace/vocabulary.ts';

/** A value as JSON when it reads as JSON (numbers, true, [1,2], null), else as the plain string. */
export function parseLooseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `--set key=value` pairs as an object; a pair without '=' or a key given twice is refused. */
export function parseSettings(pairs: readonly string[] | undefined, flag = 'set'): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new InputError(`--${flag} '${pair}': expected key=value`);
    const key = pair.slice(0, at).trim();
    if (Object.hasOwn(settings, key)) throw new InputError(`--${flag}: '${key}' is given twice`);
    settings[key] = parseLooseValue(pair.slice(at + 1).trim());
  }
  return settings;
}

/** A `--backend` value, 'auto' when it is not given. */
export function parseBackendFlag(value: string | undefined): BackendPreference {
  if (value === undefined) return 'auto';
  if (!(BACKEND_PREFERENCES as readonly string[]).includes(value)) throw new InputError(`--backend: unknown backend '${value}' (expected one of ${BACKEND_PREFERENCES.join(', ')})`);
  return value as BackendPreference;
}

// Longest operators first, so that '<=' is not read as '<' followed by '=value'.
const OPERATORS = [...COMPARISON_OPERATORS].sort((a, b) => b.length - a.length);

/** `bestValLoss<0.1`, `hp.optimizer=adam`, `hp.batchSize>=64` as a run condition. */
export function parseCondition(text: string): RunCondition {
  for (let at = 1; at < text.length; at++) {
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, at));
    if (!op) continue;
    const field = text.slice(0, at).trim();
    const raw = text.slice(at + op.length).trim();
    if (field === '' || raw === '') break;
    const value = parseLooseValue(raw);
    if (value !== null && typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') {
      throw new InputError(`--where '${text}': compare with a number, a string, true, false or null`);
    }
    return { field: field as RunQueryField, op: op as ComparisonOperator, value };
  }
  throw new InputError(`--where '${text}': expected FIELD OP VALUE, with OP one of ${COMPARISON_OPERATORS.join(' ')} (for instance hp.learningRate<0.01)`);
}
