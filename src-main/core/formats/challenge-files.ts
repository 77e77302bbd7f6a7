// Finds the challenge's standard files in a folder, per coupling model, matching names case-insensitively.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSystemReason, InputError } from '../errors.ts';
import { MODEL_NAMES, type ModelName } from './curves.ts';

/** The files of one model, in the order they are read. */
export const CHALLENGE_ROLES = [
  'modelReal',
  'modelImaginary',
  'modelLabels',
  'evalReal',
  'evalImaginary',
  'evalTruth',
  'submission',
] as const;
export type ChallengeRole = (typeof CHALLENGE_ROLES)[number];

/** Without these a model cannot be imported. */
export const REQUIRED_ROLES: readonly ChallengeRole[] = ['modelReal', 'modelImaginary', 'modelLabels'];

/** The six files of the challenge; the submission is ours to write, so its absence is no gap. */
export const STANDARD_ROLES: readonly ChallengeRole[] = CHALLENGE_ROLES.filter((role) => role !== 'submission');

const SUFFIXES: Record<ChallengeRole, string> = {
  modelReal: '_echos_model_r.txt',
  modelImaginary: '_echos_model_i.txt',
  modelLabels: '_mat_info_model.txt',
  evalReal: '_echos_eval_r.txt',
  evalImaginary: '_echos_eval_i.txt',
  evalTruth: '_mat_info_eval_truth.txt', // the answer key, written by our simulator
  submission: '_mat_info_eval.txt',
};

/** The standard file name of a role, spelled as the challenge spells it: `gauss_echos_model_r.txt`. */
export function challengeFileName(model: ModelName, role: ChallengeRole): string {
  return `${model}${SUFFIXES[role]}`;
}

/** Accepts a model name in any case ('rkky' is RKKY); anything else is an InputError. */
export function parseModelName(name: string): ModelName {
  const model = MODEL_NAMES.find((known) => known.toLowerCase() === name.toLowerCase());
  if (!model) throw new InputError(`unknown model '${name}': expected ${MODEL_NAMES.join(' or ')}`);
  return model;
}

export interface ModelFiles {
  readonly model: ModelName;
  /** Absolute or dir-relative paths of the files found, by role. */
  readonly files: Partial<Record<ChallengeRole, string>>;
  /** True when at least one file of this model is there. */
  readonly present: boolean;
  /** Standard files not found (the submission is never counted as missing). */
  readonly missing: ChallengeRole[];
  /** The model curves and labels are all there. */
  readonly importable: boolean;
  /** What stops an import: a required file or half the eval pair missing, an answer key without eval curves. */
  readonly problems: string[];
  /** What does not: names spelled twice in different case, a submission without eval curves. */
  readonly warnings: string[];
}

export interface ChallengeFolder {
  readonly dir: string;
  readonly models: Record<ModelName, ModelFiles>;
}

/** Lists `dir` and sorts the standard files found into models and roles. */
export async function findChallengeFiles(dir: string): Promise<ChallengeFolder> {
  let names: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    names = entries.filter((entry) => entry.isFile() || entry.isSymbolicLink()).map((entry) => entry.name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${dir}: no such folder`);
    if (code === 'ENOTDIR') throw new InputError(`${dir}: not a folder`);
    throw new InputError(`${dir}: cannot list: ${fileSystemReason(code) ?? (error instanceof Error ? error.message : String(error))}`);
  }
  names.sort();
  const models = {} as Record<ModelName, ModelFiles>;
  for (const model of MODEL_NAMES) models[model] = sortModelFiles(dir, model, names);
  return { dir, models };
}

function sortModelFiles(dir: string, model: ModelName, names: readonly string[]): ModelFiles {
  const files: Partial<Record<ChallengeRole, string>> = {};
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const role of CHALLENGE_ROLES) {
    const standard = challengeFileName(model, role);
    const matches = names.filter((name) => name.toLowerCase() === standard.toLowerCase());
    if (matches.length === 0) continue;
    // On a case-sensitive file system two spellings can coexist; the exact one wins.
    const chosen = matches.includes(standard) ? standard : matches[0];
    if (matches.length > 1) {
      const others = matches.filter((name) => name !== chosen).join(', ');
      warnings.push(`several files name ${standard}: using ${chosen}, ignoring ${others}`);
    }
    files[role] = join(dir, chosen);
  }
  const present = Object.keys(files).length > 0;
  const missing = STANDARD_ROLES.filter((role) => files[role] === undefined);
  if (present) {
    for (const role of REQUIRED_ROLES) {
      if (files[role] === undefined) problems.push(`missing ${challengeFileName(model, role)}`);
    }
    if ((files.evalReal === undefined) !== (files.evalImaginary === undefined)) {
      const [has, lacks] = files.evalReal ? (['evalReal', 'evalImaginary'] as const) : (['evalImaginary', 'evalReal'] as const);
      problems.push(`missing ${challengeFileName(model, lacks)} to go with ${challengeFileName(model, has)}`);
    }
    const hasEvalCurves = files.evalReal !== undefined && files.evalImaginary !== undefined;
    if (files.evalTruth !== undefined && !hasEvalCurves) {
      problems.push(`${challengeFileName(model, 'evalTruth')} has no eval curves to go with`);
    }
    if (files.submission !== undefined && !hasEvalCurves) {
      warnings.push(`${challengeFileName(model, 'submission')} has no eval curves to go with`);
    }
  }
  const importable = REQUIRED_ROLES.every((role) => files[role] !== undefined);
  return { model, files, present, missing, importable, problems, warnings };
}
