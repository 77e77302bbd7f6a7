// The challenge's score: squared errors of alpha, xi and d after standardising with the training
// labels' mean and population standard deviation.
import { InputError } from '../errors.ts';
import { LABEL_NAMES, type LabelName, type LabelSet } from '../formats/curves.ts';
import { spreadErrorCorrelation } from './rank-correlation.ts';
import { fitScaler, type StandardScaler } from './standard-scaler.ts';

export interface ChallengeScore {
  /** Sum over the 3 parameters and all curves of the squared standardised errors. */
  readonly err: number;
  /** err / (3 n): the mean Keras printed as its loss. */
  readonly perElement: number;
  /** Mean squared standardised error of each parameter. */
  readonly perParameter: Record<LabelName, number>;
  /** Curves scored. */
  readonly count: number;
  /**
   * With predicted std: per parameter, the Spearman correlation between std and absolute error
   * (is the uncertainty informative?). NaN where it is undefined (a constant std).
   */
  readonly spreadErrorSpearman?: Record<LabelName, number>;
}

/** Scores predictions against the truth, standardised with a scaler fitted on the training labels. */
export function scorePredictions(predicted: LabelSet, truth: LabelSet, trainLabels: LabelSet): ChallengeScore {
  return scoreWithScaler(predicted, truth, fitScaler(trainLabels.data, 3));
}

/** Scores with a scaler already fitted on the training labels; `std` (rows of 3, physical units) adds spreadErrorSpearman. */
export function scoreWithScaler(predicted: LabelSet, truth: LabelSet, scaler: StandardScaler, std: Float64Array | null = null): ChallengeScore {
  if (scaler.mean.length !== 3) throw new InputError(`the scaler has ${scaler.mean.length} columns, labels have 3`);
  if (predicted.count !== truth.count) throw new InputError(`${predicted.count} predictions for ${truth.count} true rows`);
  const count = truth.count;
  if (count < 1) throw new InputError('nothing to score: no rows');
  if (predicted.data.length !== count * 3 || truth.data.length !== count * 3) {
    throw new InputError(`label data must hold ${count * 3} values`);
  }
  const sums = [0, 0, 0];
  for (let k = 0; k < count * 3; k++) {
    const column = k % 3;
    const error = (predicted.data[k] - truth.data[k]) / scaler.scale[column];
    if (!Number.isFinite(error)) {
      throw new InputError(`row ${Math.floor(k / 3) + 1}: ${LABEL_NAMES[column]} is not finite (predicted ${predicted.data[k]}, true ${truth.data[k]})`);
    }
    sums[column] += error * error;
  }
  const err = sums[0] + sums[1] + sums[2];
  return {
    err,
    perElement: err / (3 * count),
    perParameter: { alpha: sums[0] / count, xi: sums[1] / count, d: sums[2] / count },
    count,
    ...(std ? { spreadErrorSpearman: spreadErrorCorrelation(predicted.data, std, truth.data) } : {}),
  };
}
