// Writes a small challenge folder (model curves and labels, eval curves, optionally the answer key)
// with the project's own writers, for the CLI round trips.
import { join } from 'node:path';
import { challengeFileName } from '../../src-main/core/formats/challenge-files.ts';
import type { ModelName } from '../../src-main/core/formats/curves.ts';
import { EchoPairWriter } from '../../src-main/core/formats/echo-writer.ts';
import { writeLabelFile } from '../../src-main/core/formats/label-writer.ts';
import { tinyArrays, TINY_LENGTH } from './tiny-dataset.ts';

export async function writeChallengeFolder(dir: string, model: ModelName, options: { modelCount: number; evalCount: number; truth: boolean; seed: number }): Promise<void> {
  const training = tinyArrays(options.modelCount, options.seed);
  const evaluation = tinyArrays(options.evalCount, options.seed + 1000);
  const modelWriter = new EchoPairWriter(join(dir, challengeFileName(model, 'modelReal')), join(dir, challengeFileName(model, 'modelImaginary')), TINY_LENGTH);
  await modelWriter.append(training.curves.data, training.curves.count);
  await modelWriter.commit();
  await writeLabelFile(join(dir, challengeFileName(model, 'modelLabels')), training.labels);
  const evalWriter = new EchoPairWriter(join(dir, challengeFileName(model, 'evalReal')), join(dir, challengeFileName(model, 'evalImaginary')), TINY_LENGTH);
  await evalWriter.append(evaluation.curves.data, evaluation.curves.count);
  await evalWriter.commit();
  if (options.truth) await writeLabelFile(join(dir, challengeFileName(model, 'evalTruth')), evaluation.labels);
}
