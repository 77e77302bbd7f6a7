// A trained network read back from one of its checkpoints, ready to predict (alpha, xi, d) for new
// curves with the preprocessing it was trained with.
import type { CurveSet } from '../formats/curves.ts';
import { readCheckpointFile, type CheckpointArray } from './checkpoint-file.ts';
import type { Hyperparameters } from './hyperparameters.ts';
import { predictOutputs, type NetworkWeights } from './inference.ts';
import { Network } from './network.ts';
import { outputsToPredictions, prepareInputs, type LabelRange, type Predictions, type PreprocessingState } from './preprocessing.ts';
import type { StandardScaler } from './standard-scaler.ts';
import { CHECKPOINT_FORMAT, type CheckpointMeta } from './train.ts';

export interface TrainedModel {
  readonly hyperparameters: Hyperparameters;
  readonly network: Network;
  readonly weights: NetworkWeights;
  readonly preprocessing: PreprocessingState;
  /** Epochs trained when the checkpoint was written. */
  readonly epoch: number;
}

function scalerFrom(arrays: Readonly<Record<string, CheckpointArray>>, prefix: string, count: number, path: string): StandardScaler {
  const mean = arrays[`${prefix}Mean`];
  const scale = arrays[`${prefix}Scale`];
  const variance = arrays[`${prefix}Variance`];
  if (!(mean instanceof Float64Array && scale instanceof Float64Array && variance instanceof Float64Array)) {
    throw new Error(`${path}: the checkpoint lacks its ${prefix} scaler`);
  }
  return { mean, scale, variance, count };
}

/** The clipping range a checkpoint keeps, or null: its run did not clip (or predates clipping). */
function labelRangeFrom(arrays: Readonly<Record<string, CheckpointArray>>, path: string): LabelRange | null {
  const { labelMin: min, labelMax: max } = arrays;
  if (min === undefined && max === undefined) return null;
  if (!(min instanceof Float64Array && max instanceof Float64Array && min.length === 3 && max.length === 3)) throw new Error(`${path}: the checkpoint's label range is damaged`);
  return { min, max };
}

/** Reads a checkpoint (last.ckpt or best.ckpt of a run). */
export async function readTrainedModel(path: string): Promise<TrainedModel> {
  const { meta: rawMeta, arrays } = await readCheckpointFile(path);
  const meta = rawMeta as CheckpointMeta;
  if (meta?.format !== CHECKPOINT_FORMAT) throw new Error(`${path}: not a ${CHECKPOINT_FORMAT} checkpoint`);
  const network = new Network(meta.spec);
  const { params, state } = arrays;
  if (!(params instanceof Float32Array && state instanceof Float32Array) || params.length !== network.trainableCount || state.length !== network.stateCount) {
    throw new Error(`${path}: the weights do not fit the network the checkpoint describes`);
  }
  const { layout, labelTransform, featureScaled, trainCount } = meta.preprocessing;
  return {
    hyperparameters: meta.hyperparameters,
    network,
    weights: { params, state },
    preprocessing: {
      layout,
      labelTransform,
      featureScaler: featureScaled ? scalerFrom(arrays, 'feature', trainCount, path) : null,
      targetScaler: scalerFrom(arrays, 'target', trainCount, path),
      labelScaler: scalerFrom(arrays, 'label', trainCount, path),
      labelRange: labelRangeFrom(arrays, path),
    },
    epoch: meta.epoch,
  };
}

/**
 * Predicted (alpha, xi, d) per curve, physical units, row-major, with their standard deviations
 * when the model predicts them; needs a backend already chosen.
 */
export function predictWithUncertainty(model: TrainedModel, curves: CurveSet): Predictions {
  const { windowEnd } = model.preprocessing.layout;
  if (curves.length < windowEnd) throw new RangeError(`the model reads samples up to ${windowEnd}, the curves have ${curves.length}`);
  const outputs = predictOutputs(model.network, model.weights, prepareInputs(curves, model.preprocessing), curves.count);
  return outputsToPredictions(outputs, model.preprocessing, model.network.outputSize);
}

/** Predicted (alpha, xi, d) per curve, physical units, row-major; needs a backend already chosen. */
export function predictLabels(model: TrainedModel, curves: CurveSet): Float64Array {
  return predictWithUncertainty(model, curves).labels;
}
