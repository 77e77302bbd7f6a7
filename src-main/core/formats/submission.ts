// Writes a model's submission file, `<model>_mat_info_eval.txt`: one row of alpha, xi, d per eval
// curve, tab-separated, in physical units.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { challengeFileName, parseModelName } from './challenge-files.ts';
import { LABEL_NAMES, type LabelSet } from './curves.ts';
import { writeLabelFile } from './label-writer.ts';

export interface SubmissionOptions {
  /** The number of eval curves: the submission must have one row for each. */
  readonly expectedCount?: number;
}

/** Validates the labels, then writes the file atomically into `dir` and returns its path. */
export async function writeSubmission(dir: string, modelName: string, labels: LabelSet, options: SubmissionOptions = {}): Promise<string> {
  const model = parseModelName(modelName);
  checkSubmissionLabels(labels, options.expectedCount);
  const folder = await stat(dir).catch(() => null);
  if (!folder?.isDirectory()) throw new InputError(`${dir}: no such folder`);
  const path = join(dir, challengeFileName(model, 'submission'));
  await writeLabelFile(path, labels);
  return path;
}

function checkSubmissionLabels(labels: LabelSet, expectedCount: number | undefined): void {
  const { count, data } = labels;
  if (!Number.isInteger(count) || count < 1) throw new InputError(`a submission needs at least one row, got ${count}`);
  if (data.length !== count * 3) throw new InputError(`${count} rows need ${count * 3} values, got ${data.length}`);
  if (expectedCount !== undefined && count !== expectedCount) {
    throw new InputError(`${count} predicted rows for ${expectedCount} eval curves`);
  }
  const bad = data.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) {
    throw new InputError(`row ${Math.floor(bad / 3) + 1}: ${LABEL_NAMES[bad % 3]} is ${data[bad]}, not a finite number`);
  }
}
