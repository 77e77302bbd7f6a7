// The challenge-file operations that need no workspace, for `spin-echo inspect`, `score` and
// `simulate`: what a folder holds, the score of a prediction file against the truth, and the label
// rows a simulation is asked to make curves for.
import { basename } from 'node:path';
import type { LabelSet } from '../formats/curves.ts';
import { readLabelFile } from '../formats/label-reader.ts';
import { scorePredictions, type ChallengeScore } from '../learn/score.ts';

export { challengeFileName } from '../formats/challenge-files.ts';
export { LABEL_NAMES } from '../formats/curves.ts';
export { inspectChallengeFolder, type FolderReport, type LabelFileReport, type ModelReport } from '../formats/challenge-inspect.ts';
export { defaultWorkerCount } from '../physics/simulation-pool.ts';
export type { ChallengeScore };

export interface ScoreFiles {
  /** Predicted labels, e.g. gauss_mat_info_eval.txt. */
  readonly predictions: string;
  /** The answer key, e.g. gauss_mat_info_eval_truth.txt. */
  readonly truth: string;
  /** The training labels whose mean and spread standardise the errors, e.g. gauss_mat_info_model.txt. */
  readonly trainLabels: string;
}

/** The challenge score of a prediction file; it must hold as many rows as the answer key. */
export async function scoreLabelFiles(files: ScoreFiles): Promise<ChallengeScore> {
  const truth = await readLabelFile(files.truth);
  const predicted = await readLabelFile(files.predictions, { rows: { count: truth.count, what: `rows of ${basename(files.truth)}` } });
  return scorePredictions(predicted, truth, await readLabelFile(files.trainLabels));
}

/** The rows (alpha, xi, d) of a label file, for a simulation of exactly those curves. */
export function readLabelRows(path: string, signal?: AbortSignal): Promise<LabelSet> {
  return readLabelFile(path, { signal });
}
