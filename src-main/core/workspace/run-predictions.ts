// Reads back the predictions a finished run stored, validation or eval, with their standard
// deviations when the run predicted them.
import { InputError } from '../errors.ts';
import { readArtifactFile, type ArrayDtype } from '../formats/array-file.ts';
import { latestArtifact } from '../store/artifacts.ts';
import { requireRun, type RunRecord } from '../store/runs.ts';
import type { WorkspaceContext } from './workspace-context.ts';

export type PredictionSplit = 'validation' | 'eval';

export interface StoredPredictions {
  /** Curve indices: of the data set's model curves for the validation split, of its eval curves for eval. */
  readonly indices: Int32Array;
  /** (alpha, xi, d) per row, physical units. */
  readonly labels: Float64Array;
  readonly std: Float64Array | null;
}

/** What the std entry of a predictions artifact's meta holds (see RunManager.recordResult). */
interface StdFile {
  readonly path: string;
  readonly dtype: ArrayDtype;
  readonly shape: readonly number[];
}

function isStdFile(value: unknown): value is StdFile {
  const file = value as StdFile | undefined;
  return typeof file?.path === 'string' && (file.dtype === 'float32' || file.dtype === 'float64') && Array.isArray(file.shape);
}

/** The stored predictions of a run for a split; InputError when it has none. */
export async function readRunPredictions(context: WorkspaceContext, run: RunRecord, split: PredictionSplit): Promise<StoredPredictions> {
  const kind = split === 'validation' ? 'val-predictions' : 'eval-predictions';
  const artifact = latestArtifact(context.db, run.id, kind);
  if (!artifact?.dtype || !artifact.shape) throw new InputError(`run '${run.id}' is ${run.status} and has no ${split} predictions`);
  const labels = Float64Array.from(await readArtifactFile(context.resolve(artifact.path), artifact.dtype, artifact.shape));
  const rows = labels.length / 3;
  const indices =
    split === 'validation' ? Int32Array.from((artifact.meta.indices as number[] | undefined) ?? []) : Int32Array.from({ length: rows }, (_, k) => k);
  if (indices.length !== rows) throw new Error(`${artifact.path}: ${rows} predictions for ${indices.length} validation indices`);
  const stdFile = artifact.meta.std;
  let std: Float64Array | null = null;
  if (isStdFile(stdFile)) {
    std = Float64Array.from(await readArtifactFile(context.resolve(stdFile.path), stdFile.dtype, stdFile.shape));
    if (std.length !== labels.length) throw new Error(`${stdFile.path}: ${std.length / 3} rows of std for ${rows} predictions`);
  }
  return { indices, labels, std };
}

/** The workspace's face of readRunPredictions. */
export class RunPredictions {
  constructor(private readonly context: WorkspaceContext) {}

  read(runId: string, split: PredictionSplit): Promise<StoredPredictions> {
    return readRunPredictions(this.context, requireRun(this.context.db, runId), split);
  }
}
