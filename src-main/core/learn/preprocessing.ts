// From stored curves and labels to network inputs and targets, and back: the seeded split, the time
// window and channels, per-feature standardisation fitted on the training split, and the label
// transforms (ln xi, Gamma for d) that predictions undo before they are scored.
import { LABEL_NAMES, type CurveSet } from '../formats/curves.ts';
import { summariseLabels } from '../formats/label-stats.ts';
import type { Random } from '../random.ts';
import type { Channel } from './hyperparameters.ts';
import { fitScaler, inverseTransform, transform, type StandardScaler } from './standard-scaler.ts';
import { dFromGamma, gammaFromD } from '../physics/dephasing-map.ts';
import { clampLogVariance } from './losses.ts';
import { PARAMETER_COUNT, UNCERTAIN_OUTPUT_COUNT } from './model-layout.ts';

/** How curves become the rows of network inputs. */
export interface InputLayout {
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly channels: readonly Channel[];
  /**
   * 'flat': channel-major (the whole window of channel 0, then channel 1...), as the notebook's
   * np.concatenate((real, imag), axis=1); 'sequence': time-major [time][channel] for convolutions.
   */
  readonly arrangement: 'flat' | 'sequence';
}

export interface LabelTransform {
  readonly xi: 'xi' | 'log-xi';
  readonly d: 'd' | 'Gamma';
}

export function featureCount(layout: InputLayout): number {
  return (layout.windowEnd - layout.windowStart) * layout.channels.length;
}

function channelValue(channel: Channel, re: number, im: number): number {
  switch (channel) {
    case 're':
      return re;
    case 'im':
      return im;
    case 'abs':
      return Math.sqrt(re * re + im * im);
    case 'phase':
      return Math.atan2(im, re);
  }
}

/** Input rows of the curves at `indices` (all curves when null), count x featureCount. */
export function extractFeatures(curves: CurveSet, indices: ArrayLike<number> | null, layout: InputLayout): Float32Array {
  const { windowStart, windowEnd, channels, arrangement } = layout;
  if (windowStart < 0 || windowEnd > curves.length || windowStart >= windowEnd) {
    throw new RangeError(`window [${windowStart}, ${windowEnd}) lies outside curves of ${curves.length} samples`);
  }
  const rows = indices ? indices.length : curves.count;
  const width = windowEnd - windowStart;
  const features = width * channels.length;
  const out = new Float32Array(rows * features);
  const data = curves.data;
  for (let r = 0; r < rows; r++) {
    const curve = indices ? indices[r] : r;
    const base = curve * curves.length * 2;
    const row = r * features;
    for (let t = 0; t < width; t++) {
      const re = data[base + (windowStart + t) * 2];
      const im = data[base + (windowStart + t) * 2 + 1];
      for (let c = 0; c < channels.length; c++) {
        const at = arrangement === 'flat' ? c * width + t : t * channels.length + c;
        out[row + at] = channelValue(channels[c], re, im);
      }
    }
  }
  return out;
}

/** Position of feature (channel c, window offset t) in the channel-major order of saliency maps. */
export function channelMajorIndex(layout: InputLayout, featureIndex: number): number {
  if (layout.arrangement === 'flat') return featureIndex;
  const width = layout.windowEnd - layout.windowStart;
  const channelCount = layout.channels.length;
  return (featureIndex % channelCount) * width + Math.floor(featureIndex / channelCount);
}

/** Standardises float32 input rows in place (one scaler column per feature), sparing a float64 copy of every input. */
export function scaleFeatures(rows: Float32Array, scaler: StandardScaler): void {
  const width = scaler.mean.length;
  for (let i = 0; i < rows.length; i++) {
    const j = i % width;
    rows[i] = (rows[i] - scaler.mean[j]) / scaler.scale[j];
  }
}

/** Labels (alpha, xi, d) per row into the training targets' units, before standardisation. */
export function transformLabels(labels: Float64Array, transform: LabelTransform): Float64Array {
  const out = Float64Array.from(labels);
  for (let i = 0; i < out.length; i += 3) {
    if (transform.xi === 'log-xi') out[i + 1] = Math.log(out[i + 1]);
    if (transform.d === 'Gamma') out[i + 2] = gammaFromD(out[i + 2]);
  }
  return out;
}

// A predicted Gamma at or below zero has no d; the floor keeps such a prediction finite (d ~ 25,
// far beyond the priors) so that it is scored as the large error it is, not as NaN.
const GAMMA_FLOOR = 1e-12;

/** Undoes transformLabels: back to (alpha, xi, d) per row. */
export function untransformLabels(values: Float64Array, transform: LabelTransform): Float64Array {
  const out = Float64Array.from(values);
  for (let i = 0; i < out.length; i += 3) {
    if (transform.xi === 'log-xi') out[i + 1] = Math.exp(out[i + 1]);
    if (transform.d === 'Gamma') out[i + 2] = dFromGamma(Math.max(out[i + 2], GAMMA_FLOOR));
  }
  return out;
}

/** Rows of `labels` at `indices`, 3 per row. */
export function pickLabels(labels: Float64Array, indices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(indices.length * 3);
  for (let r = 0; r < indices.length; r++) out.set(labels.subarray(indices[r] * 3, indices[r] * 3 + 3), r * 3);
  return out;
}

/**
 * A random split as sklearn's train_test_split draws its sizes: ceil(fraction * count) curves for
 * validation, the rest for training; both index lists ascending.
 */
export function splitIndices(count: number, validationFraction: number, random: Random): { train: Int32Array; validation: Int32Array } {
  const validationCount = Math.ceil(validationFraction * count);
  if (validationCount < 1 || validationCount >= count) {
    throw new RangeError(`a validation fraction of ${validationFraction} leaves no curve for training or for validation out of ${count}`);
  }
  const order = random.shuffle(Int32Array.from({ length: count }, (_, i) => i));
  return {
    train: order.slice(validationCount).sort(),
    validation: order.slice(0, validationCount).sort(),
  };
}

/** Everything needed to turn new curves into inputs and outputs back into (alpha, xi, d). */
export interface PreprocessingState {
  readonly layout: InputLayout;
  /** Per-feature standardisation of the inputs (fitted on the training split), or null for raw inputs. */
  readonly featureScaler: StandardScaler | null;
  readonly labelTransform: LabelTransform;
  /** Standardisation of the transformed labels: the network's targets. */
  readonly targetScaler: StandardScaler;
  /** Standardisation of the physical labels of the training split: the challenge's scoring scaler. */
  readonly labelScaler: StandardScaler;
  /** The range of the training labels that predictions are clipped to, or null to leave them as they come. */
  readonly labelRange: LabelRange | null;
}

/** Smallest and largest (alpha, xi, d) of a set of labels. */
export interface LabelRange {
  readonly min: Float64Array;
  readonly max: Float64Array;
}

export function labelRangeOf(labels: Float64Array): LabelRange {
  const summary = summariseLabels({ count: labels.length / 3, data: labels });
  return { min: Float64Array.from(LABEL_NAMES, (name) => summary[name].min), max: Float64Array.from(LABEL_NAMES, (name) => summary[name].max) };
}

export interface PreparedSplit {
  readonly inputs: Float32Array;
  /** Standardised transformed labels, the training targets. */
  readonly targets: Float32Array;
  /** Physical labels (alpha, xi, d). */
  readonly labels: Float64Array;
  /** The data set's curves in the split; extra training rows (augmentation) follow them and have none. */
  readonly indices: Int32Array;
}

/** Further training curves and their labels (simulated with the data set's recipe). */
export interface ExtraTrainingCurves {
  readonly curves: CurveSet;
  readonly labels: Float64Array;
}

function concatenate<T extends Float32Array | Float64Array>(a: T, b: T): T {
  const out = new (a.constructor as { new (length: number): T })(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export interface PreprocessingChoices {
  readonly featureScaling: 'none' | 'standard';
  readonly labelTransform: LabelTransform;
  /** Clip predictions to the range of the training labels (extra curves included). */
  readonly clipToLabelRange: boolean;
}

/**
 * Fits the preprocessing on the training split and applies it to both splits. `extra` curves join
 * the training rows after the split's own, and the feature and target scalers fitted on them; the
 * label scaler, which scores, stays that of the split's own labels, so scores stay comparable.
 */
export function prepareSplits(
  curves: CurveSet,
  labels: Float64Array,
  split: { train: Int32Array; validation: Int32Array },
  layout: InputLayout,
  { featureScaling, labelTransform, clipToLabelRange }: PreprocessingChoices,
  extra: ExtraTrainingCurves | null = null,
): { state: PreprocessingState; train: PreparedSplit; validation: PreparedSplit } {
  const ownInputs = extractFeatures(curves, split.train, layout);
  const trainInputs = extra ? concatenate(ownInputs, extractFeatures(extra.curves, null, layout)) : ownInputs;
  const validationInputs = extractFeatures(curves, split.validation, layout);
  const featureScaler = featureScaling === 'standard' ? fitScaler(trainInputs, featureCount(layout)) : null;
  if (featureScaler) {
    scaleFeatures(trainInputs, featureScaler);
    scaleFeatures(validationInputs, featureScaler);
  }
  const ownLabels = pickLabels(labels, split.train);
  const trainLabels = extra ? concatenate(ownLabels, extra.labels) : ownLabels;
  const validationLabels = pickLabels(labels, split.validation);
  const trainTransformed = transformLabels(trainLabels, labelTransform);
  const targetScaler = fitScaler(trainTransformed, 3);
  const labelScaler = fitScaler(ownLabels, 3);
  const labelRange = clipToLabelRange ? labelRangeOf(trainLabels) : null;
  const state: PreprocessingState = { layout, featureScaler, labelTransform, targetScaler, labelScaler, labelRange };
  return {
    state,
    train: { inputs: trainInputs, targets: Float32Array.from(transform(targetScaler, trainTransformed)), labels: trainLabels, indices: split.train },
    validation: {
      inputs: validationInputs,
      targets: Float32Array.from(transform(targetScaler, transformLabels(validationLabels, labelTransform))),
      labels: validationLabels,
      indices: split.validation,
    },
  };
}

/** Network inputs for new curves (all of them). */
export function prepareInputs(curves: CurveSet, state: PreprocessingState): Float32Array {
  const inputs = extractFeatures(curves, null, state.layout);
  if (state.featureScaler) scaleFeatures(inputs, state.featureScaler);
  return inputs;
}

/**
 * Network outputs (standardised transformed labels, 3 per row) back to physical (alpha, xi, d),
 * clipped to the training labels' range when the state has one: beyond it a network only
 * extrapolates, and one wild answer can outweigh the squared error of all the others.
 */
export function outputsToLabels(outputs: ArrayLike<number>, state: PreprocessingState): Float64Array {
  const labels = untransformLabels(inverseTransform(state.targetScaler, outputs), state.labelTransform);
  const range = state.labelRange;
  if (range) {
    for (let i = 0; i < labels.length; i++) labels[i] = Math.min(range.max[i % 3], Math.max(range.min[i % 3], labels[i]));
  }
  return labels;
}

/** Predicted (alpha, xi, d) per row, physical units, and their standard deviations when the network predicts them. */
export interface Predictions {
  readonly labels: Float64Array;
  readonly std: Float64Array | null;
}

/** d per unit of Gamma at Gamma, by a central difference, so that it follows whichever map dFromGamma uses. */
function dPerGamma(Gamma: number): number {
  const step = 1e-6 * Gamma;
  return (dFromGamma(Gamma + step) - dFromGamma(Gamma - step)) / (2 * step);
}

/**
 * Network outputs back to physical units: 3 means per row, or 3 means then 3 log-variances
 * (`width` 6), all in standardised transformed units. The standard deviation of a transformed
 * target is exp(s / 2) times its scaler's scale; it reaches the physical label by the delta method,
 * std f(T) = |f'(m)| std T at the predicted m: xi times the std of ln xi, |dd/dGamma| times the
 * std of Gamma. Being first order, it keeps the interval symmetric where a wide std of ln xi would
 * skew it upwards; mapping m +- std instead would send any interval that reaches Gamma <= 0 to
 * d = infinity. Log-variances are clamped as the loss clamps them.
 */
export function outputsToPredictions(outputs: ArrayLike<number>, state: PreprocessingState, width: number): Predictions {
  if (width !== PARAMETER_COUNT && width !== UNCERTAIN_OUTPUT_COUNT) throw new RangeError(`a network output row holds 3 or 6 values, not ${width}`);
  if (outputs.length % width !== 0) throw new RangeError(`${outputs.length} outputs do not make rows of ${width}`);
  const rows = outputs.length / width;
  const standardised = new Float64Array(rows * PARAMETER_COUNT);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < PARAMETER_COUNT; j++) standardised[r * PARAMETER_COUNT + j] = outputs[r * width + j];
  }
  const labels = outputsToLabels(standardised, state);
  if (width === PARAMETER_COUNT) return { labels, std: null };
  const std = new Float64Array(rows * PARAMETER_COUNT);
  const { xi, d } = state.labelTransform;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < PARAMETER_COUNT; j++) {
      const k = r * PARAMETER_COUNT + j;
      const transformedStd = Math.exp(0.5 * clampLogVariance(outputs[r * width + PARAMETER_COUNT + j])) * state.targetScaler.scale[j];
      let slope = 1;
      if (j === 1 && xi === 'log-xi') slope = labels[k];
      if (j === 2 && d === 'Gamma') slope = Math.abs(dPerGamma(gammaFromD(labels[k])));
      std[k] = slope * transformedStd;
    }
  }
  return { labels, std };
}
