// Imports one model of a challenge folder: model curves and labels (required), eval curves and the
// eval answer key (optional), with every cross-check between the files.
import { basename } from 'node:path';
import { InputError } from '../errors.ts';
import { ProgressMeter, type ProgressListener } from '../progress.ts';
import { totalFileSize } from './chunked-file.ts';
import { findChallengeFiles, parseModelName, type ChallengeRole, type ModelFiles } from './challenge-files.ts';
import type { LabelSet, ModelName } from './curves.ts';
import { readEchoPair, type EchoCurves } from './echo-reader.ts';
import { readLabelFile } from './label-reader.ts';

export interface ChallengeImport {
  readonly model: ModelName;
  /** Paths of the files read (and of a submission found beside them, which is not read). */
  readonly files: Partial<Record<ChallengeRole, string>>;
  readonly curves: EchoCurves;
  readonly labels: LabelSet;
  readonly eval: EchoCurves | null;
  readonly evalTruth: LabelSet | null;
}

export interface ImportOptions {
  readonly signal?: AbortSignal;
  /** Bytes done over all the files read. */
  readonly onProgress?: ProgressListener;
}

/**
 * Reads a model's files from `dir` (model name in any case). Missing required files, half an eval
 * pair or an answer key without eval curves are InputErrors; a problem inside a file is an
 * EchoFileError at its line and column.
 */
export async function importChallengeFolder(dir: string, modelName: string, options: ImportOptions = {}): Promise<ChallengeImport> {
  const model = parseModelName(modelName);
  const found = (await findChallengeFiles(dir)).models[model];
  const files = checkImportable(dir, found);
  const { modelReal, modelImaginary, modelLabels, evalReal, evalImaginary, evalTruth } = files;
  const toRead = [modelReal, modelImaginary, modelLabels, evalReal, evalImaginary, evalTruth].filter(
    (path): path is string => path !== undefined,
  );
  const meter = new ProgressMeter(await totalFileSize(toRead), options.onProgress);
  const { signal } = options;

  const curves = await readEchoPair(modelReal, modelImaginary, { signal, meter });
  const labels = await readLabelFile(modelLabels, {
    rows: { count: curves.count, what: `curves in ${basename(modelReal)}` },
    signal,
    meter,
  });
  let evalCurves: EchoCurves | null = null;
  let truth: LabelSet | null = null;
  if (evalReal !== undefined && evalImaginary !== undefined) {
    evalCurves = await readEchoPair(evalReal, evalImaginary, {
      length: { count: curves.length, why: `like the model curves in ${basename(modelReal)}` },
      signal,
      meter,
    });
    if (evalTruth !== undefined) {
      truth = await readLabelFile(evalTruth, {
        rows: { count: evalCurves.count, what: `curves in ${basename(evalReal)}` },
        signal,
        meter,
      });
    }
  }
  return { model, files, curves, labels, eval: evalCurves, evalTruth: truth };
}

type ImportableFiles = Partial<Record<ChallengeRole, string>> & Record<'modelReal' | 'modelImaginary' | 'modelLabels', string>;

function checkImportable(dir: string, found: ModelFiles): ImportableFiles {
  if (!found.present) throw new InputError(`${dir}: no ${found.model} files`);
  if (found.problems.length > 0) throw new InputError(`${dir}: ${found.problems.join('; ')}`);
  return found.files as ImportableFiles;
}
