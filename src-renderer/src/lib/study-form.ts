// Reads the new-study form: a data set, a budget in minutes or trials, presets, the ensemble size
// and the search settings, into startStudy's argument, or into a message per field it refuses.
import type { CallArgs } from '../../../src-main/core/api/contract.ts';

export type StudyArgs = CallArgs<'startStudy'>;
type Backend = NonNullable<StudyArgs['backend']>;

/** The form as typed: numbers stay text until checked; an empty optional field takes the core's default. */
export interface StudyForm {
  datasetId: string;
  budgetKind: 'minutes' | 'trials';
  budgetAmount: string;
  presets: string[];
  top: string;
  seed: string;
  /** Epochs after each rung, comma separated. */
  rungs: string;
  reduction: string;
  bracketSize: string;
  backend: Backend;
  /** Settings every trial shares, as a JSON object. */
  fixed: string;
}

export type StudyFormField = keyof StudyForm;

export type StudyFormCheck = { readonly ok: true; readonly args: StudyArgs } | { readonly ok: false; readonly errors: Partial<Record<StudyFormField, string>> };

export function emptyStudyForm(presets: readonly string[]): StudyForm {
  return { datasetId: '', budgetKind: 'minutes', budgetAmount: '60', presets: [...presets], top: '', seed: '', rungs: '', reduction: '', bracketSize: '', backend: 'auto', fixed: '' };
}

/** An integer in [min, max] from text; undefined when empty; a message when it is not one. */
function readInteger(text: string, min: number, max: number): number | undefined | string {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) return `a whole number from ${min} to ${max}`;
  return value;
}

function readRungs(text: string): number[] | undefined | string {
  if (text.trim() === '') return undefined;
  const rungs = text.split(',').map((part) => Number(part.trim()));
  if (rungs.some((epochs) => !Number.isInteger(epochs) || epochs < 1)) return 'whole numbers of epochs, comma separated';
  if (rungs.some((epochs, i) => i > 0 && epochs <= rungs[i - 1])) return 'each rung trains for more epochs than the one before';
  return rungs;
}

function readFixed(text: string): Record<string, unknown> | undefined | string {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not JSON: write an object such as {"batchSize": 32}';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a JSON object of setting names and values';
  return value as Record<string, unknown>;
}

/** Checks the form; the core checks again what only it knows (preset names, settings a preset takes). */
export function checkStudyForm(form: StudyForm): StudyFormCheck {
  const errors: Partial<Record<StudyFormField, string>> = {};
  if (form.datasetId === '') errors.datasetId = 'choose a data set';
  const amount = Number(form.budgetAmount);
  let budget: StudyArgs['budget'] | null = null;
  if (form.budgetKind === 'minutes') {
    if (form.budgetAmount.trim() === '' || !(amount > 0) || amount > 10_080) errors.budgetAmount = 'minutes above 0, at most a week (10080)';
    else budget = { minutes: amount };
  } else if (form.budgetAmount.trim() === '' || !Number.isInteger(amount) || amount < 1 || amount > 10_000) {
    errors.budgetAmount = 'a whole number of trials from 1 to 10000';
  } else budget = { trials: amount };
  if (form.presets.length === 0) errors.presets = 'pick at least one preset';
  const top = readInteger(form.top, 1, 100);
  const seed = readInteger(form.seed, 0, 0xffffffff);
  const reduction = readInteger(form.reduction, 2, 100);
  const bracketSize = readInteger(form.bracketSize, 1, 1000);
  const rungs = readRungs(form.rungs);
  const fixed = readFixed(form.fixed);
  for (const [field, value] of [['top', top], ['seed', seed], ['reduction', reduction], ['bracketSize', bracketSize], ['rungs', rungs], ['fixed', fixed]] as const) {
    if (typeof value === 'string') errors[field] = value;
  }
  if (Object.keys(errors).length > 0 || budget === null) return { ok: false, errors };
  const optional = { top, seed, reduction, bracketSize, rungs, fixed } as Record<string, unknown>;
  const given = Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined));
  return { ok: true, args: { datasetId: form.datasetId, budget, presets: [...form.presets], backend: form.backend, ...given } };
}

/**
 * A budget typed in one field, for resuming: '90' or '90m' is minutes, '20t' or '20 trials' is
 * trials; empty keeps the study's budget (undefined); null when it is neither.
 */
export function readBudgetText(text: string): StudyArgs['budget'] | undefined | null {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*(m|min|minutes?|t|trials?)?$/.exec(trimmed);
  if (!match) return null;
  const amount = Number(match[1]);
  if (match[2]?.startsWith('t')) return Number.isInteger(amount) && amount >= 1 && amount <= 10_000 ? { trials: amount } : null;
  return amount > 0 && amount <= 10_080 ? { minutes: amount } : null;
}
