// The training loop: seeded split and initialisation, one gradient step per batch with the optimiser
// in JavaScript, per-epoch validation, schedules, early stopping, checkpoints every epoch, exact
// resume, and the results of the chosen weights (validation and eval predictions, saliency).
import * as tf from '@tensorflow/tfjs';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { CancelledError, InputError, throwIfCancelled } from '../errors.ts';
import type { DatasetArrays } from '../formats/dataset-files.ts';
import { Random } from '../random.ts';
import { buildModelSpec } from './architectures.ts';
import type { BackendChoice } from './backend.ts';
import { readCheckpointFile, writeCheckpointFile } from './checkpoint-file.ts';
import type { Hyperparameters } from './hyperparameters.ts';
import { predictOutputs, type NetworkWeights } from './inference.ts';
import type { BatchMoments } from './layers.ts';
import { trainingLoss } from './losses.ts';
import { PARAMETER_COUNT } from './model-layout.ts';
import { Network } from './network.ts';
import { settingsOfOlderRuns } from './presets.ts';
import { applyOptimizerStep, createOptimizerState, type OptimizerSettings, type OptimizerState } from './optimizers.ts';
import {
  outputsToPredictions,
  prepareInputs,
  prepareSplits,
  splitIndices,
  type ExtraTrainingCurves,
  type InputLayout,
  type PreparedSplit,
  type PreprocessingState,
} from './preprocessing.ts';
import { computeSaliency, type Saliency } from './saliency.ts';
import {
  cosineLearningRate,
  INITIAL_EARLY_STOPPING_STATE,
  INITIAL_PLATEAU_STATE,
  oneCycleLearningRate,
  stepEarlyStopping,
  stepPlateau,
  type EarlyStoppingState,
  type PlateauState,
} from './schedules.ts';
import { scoreWithScaler, type ChallengeScore } from './score.ts';
import type { StandardScaler } from './standard-scaler.ts';

/** Validation MSE per parameter, physical labels standardised by the training-label scaler. */
export interface ParameterMse {
  readonly alpha: number;
  readonly xi: number;
  readonly d: number;
}

export interface EpochMetrics {
  /** Mean training loss over the epoch's batches (training mode, as Keras reports it): MSE, or NLL with uncertainty. */
  readonly loss: number;
  /**
   * MSE of the predicted means on the standardised (transformed) validation targets, inference
   * mode, with or without uncertainty: it stays comparable between runs, and the schedule, early
   * stopping and the best checkpoint choose weights by what the challenge scores.
   */
  readonly valLoss: number;
  /** Learning rate used during the epoch (of its first batch step under the one-cycle schedule). */
  readonly lr: number;
  readonly valMse: ParameterMse;
  readonly seconds: number;
  readonly samplesPerSecond: number;
}

export interface TrainingListener {
  /** After each epoch; `epoch` is 1-based. */
  onEpoch?(epoch: number, metrics: EpochMetrics): void;
  /** After the epoch's checkpoint is on disk; `best` when it is also the new best checkpoint. */
  onCheckpoint?(epoch: number, best: boolean): void;
}

export interface TrainResult {
  readonly backend: BackendChoice['name'];
  readonly backendNotes: readonly string[];
  /** Epochs trained in all, including those before a resume. */
  readonly epochsCompleted: number;
  readonly stoppedEarly: boolean;
  /** 1-based epoch of the lowest validation loss, and that loss. */
  readonly bestEpoch: number;
  readonly bestValLoss: number;
  /** Which weights produced the predictions below. */
  readonly resultWeights: 'best' | 'last';
  readonly parameterCount: { readonly trainable: number; readonly nonTrainable: number; readonly total: number };
  /** Mean and population std of the training split's physical labels (alpha, xi, d): the scoring scaler. */
  readonly labelScaler: { readonly mean: readonly number[]; readonly scale: readonly number[] };
  readonly validation: {
    /** Curve indices of the validation split, ascending. */
    readonly indices: Int32Array;
    /** Predicted (alpha, xi, d) per validation curve, physical units, row-major n x 3. */
    readonly predictions: Float64Array;
    /** Their standard deviations, physical units, n x 3, when the run predicts its uncertainty. */
    readonly std: Float64Array | null;
    readonly score: ChallengeScore;
  };
  /** Predictions (and standard deviations) for the data set's eval curves, scored when their truth is known. */
  readonly eval: { readonly predictions: Float64Array; readonly std: Float64Array | null; readonly score: ChallengeScore | null } | null;
  readonly saliency: Saliency & { readonly layout: InputLayout };
  readonly checkpoints: { readonly last: string; readonly best: string };
}

export const CHECKPOINT_FILES = { last: 'last.ckpt', best: 'best.ckpt' } as const;
export const CHECKPOINT_FORMAT = 'spin-echo-checkpoint/1';

export interface CheckpointMeta {
  readonly format: typeof CHECKPOINT_FORMAT;
  /** Epochs completed when it was written. */
  readonly epoch: number;
  readonly hyperparameters: Hyperparameters;
  readonly dataset: { readonly count: number; readonly length: number };
  readonly spec: Network['spec'];
  readonly preprocessing: {
    readonly layout: InputLayout;
    readonly labelTransform: PreprocessingState['labelTransform'];
    readonly featureScaled: boolean;
    /** Rows the scalers were fitted on: the training split. */
    readonly trainCount: number;
  };
  readonly optimizer: { readonly kind: OptimizerState['kind']; readonly iterations: number; readonly mSchedule: number };
  readonly lr: number;
  readonly plateau: PlateauState;
  readonly earlyStopping: EarlyStoppingState;
  readonly stopped: boolean;
  readonly best: { readonly epoch: number; readonly valLoss: number } | null;
  readonly random: ReturnType<Random['state']>;
  /**
   * The metrics of every epoch up to this one (non-finite values as null), so that an owner that
   * died before recording the last of them can take them from here; absent in older checkpoints.
   */
  readonly history?: readonly CheckpointEpoch[];
}

/** One epoch's metrics as a checkpoint keeps them. */
export interface CheckpointEpoch {
  readonly epoch: number;
  readonly metrics: EpochMetrics;
}

/** The mutable state of a run between epochs: everything a checkpoint holds. */
interface RunState {
  epoch: number;
  weights: NetworkWeights;
  optimizer: OptimizerState;
  lr: number;
  plateau: PlateauState;
  earlyStopping: EarlyStoppingState;
  /** Weights at early stopping's best epoch, kept for restore_best_weights. */
  earlyStoppingWeights: NetworkWeights | null;
  stopped: boolean;
  best: { epoch: number; valLoss: number } | null;
  random: Random;
  history: CheckpointEpoch[];
}

function optimizerSettings(h: Hyperparameters): OptimizerSettings {
  return {
    kind: h.optimizer,
    beta1: h.beta1,
    beta2: h.beta2,
    epsilon: h.epsilon,
    scheduleDecay: h.nadamScheduleDecay,
    momentum: h.momentum,
    nesterov: h.nesterov,
    weightDecay: h.weightDecay,
  };
}

function scalerArrays(prefix: string, scaler: StandardScaler | null): Record<string, Float64Array> {
  return scaler ? { [`${prefix}Mean`]: scaler.mean, [`${prefix}Scale`]: scaler.scale, [`${prefix}Variance`]: scaler.variance } : {};
}

function copyWeights(w: NetworkWeights): NetworkWeights {
  return { params: w.params.slice(), state: w.state.slice() };
}

function canonicalSettings(h: Hyperparameters): string {
  const all: Record<string, unknown> = { ...settingsOfOlderRuns(h.family), ...h, epochs: 0 };
  return JSON.stringify(Object.keys(all).sort().map((key) => [key, all[key]]));
}

/** A run resumes only with the hyperparameters it was trained with, but for the number of epochs. */
function sameSettings(a: Hyperparameters, b: Hyperparameters): boolean {
  return canonicalSettings(a) === canonicalSettings(b);
}

/** MSE of the predicted means (the first 3 of each row of `width` outputs) against targets, 3 per row. */
function meanSquaredError(outputs: ArrayLike<number>, width: number, targets: ArrayLike<number>): number {
  let sum = 0;
  const rows = targets.length / PARAMETER_COUNT;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < PARAMETER_COUNT; j++) sum += (outputs[r * width + j] - targets[r * PARAMETER_COUNT + j]) ** 2;
  }
  return sum / targets.length;
}

/**
 * The challenge score of physical predictions; a diverged network's non-finite predictions score
 * NaN instead of failing the run, so that its metrics still reach the owner.
 */
function scoreLabels(predicted: Float64Array, truth: Float64Array, scaler: StandardScaler, std: Float64Array | null = null): ChallengeScore {
  const count = truth.length / 3;
  if (!predicted.every(Number.isFinite)) return { err: NaN, perElement: NaN, perParameter: { alpha: NaN, xi: NaN, d: NaN }, count };
  return scoreWithScaler({ count, data: predicted }, { count, data: truth }, scaler, std);
}

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One run's training, from a fresh start or from the last checkpoint in `checkpointDir`.
 * open() does the work that needs no backend; probe() and run() need the backend already chosen.
 */
export class TrainingSession {
  private constructor(
    readonly hyperparameters: Hyperparameters,
    readonly network: Network,
    private readonly data: DatasetArrays,
    private readonly preprocessing: PreprocessingState,
    private readonly train: PreparedSplit,
    private readonly validation: PreparedSplit,
    private readonly checkpointDir: string,
    private readonly state: RunState,
  ) {
    this.startEpoch = state.epoch;
    this.loss = trainingLoss(hyperparameters.uncertainty, hyperparameters.uncertaintyBeta);
  }

  private readonly loss: (outputs: tf.Tensor2D, targets: tf.Tensor2D) => tf.Scalar;

  /** Epochs done before this session: 0, or the checkpoint's epoch on a resume. */
  readonly startEpoch: number;

  /** Epochs done so far. */
  get completedEpochs(): number {
    return this.state.epoch;
  }

  get totalEpochs(): number {
    return this.hyperparameters.epochs;
  }

  /** Training rows: the split's curves and any augmentation curves. */
  get trainCount(): number {
    return this.train.targets.length / 3;
  }

  get validationCount(): number {
    return this.validation.indices.length;
  }

  static async open(options: {
    hyperparameters: Hyperparameters;
    data: DatasetArrays;
    checkpointDir: string;
    resume: boolean;
    /** The `augmentCurves` simulated curves of the data set's recipe, when the run asks for them. */
    augmentation?: ExtraTrainingCurves | null;
  }): Promise<TrainingSession> {
    const { hyperparameters: h, data, checkpointDir } = options;
    if (h.windowEnd > data.header.length) throw new InputError(`window end ${h.windowEnd} lies beyond curves of ${data.header.length} samples`);
    const augmentation = options.augmentation ?? null;
    if ((augmentation?.curves.count ?? 0) !== h.augmentCurves) throw new InputError(`the run asks for ${h.augmentCurves} augmentation curves, ${augmentation?.curves.count ?? 0} were given`);
    if (augmentation && augmentation.curves.length !== data.header.length) throw new InputError('the augmentation curves differ in length from the data set');
    let split;
    try {
      split = splitIndices(data.model.count, h.validationFraction, new Random(h.splitSeed));
    } catch (error) {
      throw new InputError((error as Error).message);
    }
    const layout: InputLayout = {
      windowStart: h.windowStart,
      windowEnd: h.windowEnd,
      channels: h.channels,
      arrangement: h.family === 'mlp' ? 'flat' : 'sequence',
    };
    const choices = { featureScaling: h.featureScaling, labelTransform: { xi: h.xiLabel, d: h.dLabel }, clipToLabelRange: h.clipPredictions };
    const { state: preprocessing, train, validation } = prepareSplits(data.model, data.labels.data, split, layout, choices, augmentation);
    const network = new Network(buildModelSpec(h));
    await fs.mkdir(checkpointDir, { recursive: true });
    const lastPath = join(checkpointDir, CHECKPOINT_FILES.last);
    // A fresh start must never report an older run's best checkpoint as its own.
    if (!options.resume) await Promise.all(Object.values(CHECKPOINT_FILES).map((name) => fs.rm(join(checkpointDir, name), { force: true })));
    const state = options.resume
      ? await TrainingSession.readRunState(lastPath, h, data, network)
      : TrainingSession.freshRunState(h, network);
    return new TrainingSession(h, network, data, preprocessing, train, validation, checkpointDir, state);
  }

  private static freshRunState(h: Hyperparameters, network: Network): RunState {
    const random = new Random(h.seed);
    return {
      epoch: 0,
      weights: network.initialise(() => random.nextFloat()),
      optimizer: createOptimizerState(h.optimizer, network.trainableCount),
      lr: Math.fround(h.learningRate),
      plateau: INITIAL_PLATEAU_STATE,
      earlyStopping: INITIAL_EARLY_STOPPING_STATE,
      earlyStoppingWeights: null,
      stopped: false,
      best: null,
      random,
      history: [],
    };
  }

  private static async readRunState(path: string, h: Hyperparameters, data: DatasetArrays, network: Network): Promise<RunState> {
    if (!existsSync(path)) throw new InputError(`cannot resume: no checkpoint at ${path}`);
    const { meta: rawMeta, arrays } = await readCheckpointFile(path);
    const meta = rawMeta as CheckpointMeta;
    if (meta.format !== CHECKPOINT_FORMAT) throw new InputError(`cannot resume: ${path} is not a ${CHECKPOINT_FORMAT} checkpoint`);
    if (!sameSettings(meta.hyperparameters, h)) throw new InputError('cannot resume: the hyperparameters differ from those of the checkpoint (only epochs may change)');
    if (meta.dataset.count !== data.model.count || meta.dataset.length !== data.header.length) {
      throw new InputError('cannot resume: the data set differs from the one the checkpoint was trained on');
    }
    if (arrays.params.length !== network.trainableCount || arrays.state.length !== network.stateCount) {
      throw new InputError('cannot resume: the checkpoint does not fit the network');
    }
    return {
      epoch: meta.epoch,
      weights: { params: arrays.params as Float32Array, state: arrays.state as Float32Array },
      optimizer: { ...meta.optimizer, m: arrays.optimizerM as Float32Array, v: arrays.optimizerV as Float32Array },
      lr: meta.lr,
      plateau: meta.plateau,
      earlyStopping: meta.earlyStopping,
      earlyStoppingWeights: arrays.earlyStoppingParams
        ? { params: arrays.earlyStoppingParams as Float32Array, state: arrays.earlyStoppingState as Float32Array }
        : null,
      stopped: meta.stopped,
      best: meta.best,
      random: Random.fromState(meta.random),
      history: [...(meta.history ?? [])],
    };
  }

  private async writeCheckpoint(path: string, weights: NetworkWeights): Promise<void> {
    const s = this.state;
    const meta: CheckpointMeta = {
      format: CHECKPOINT_FORMAT,
      epoch: s.epoch,
      hyperparameters: this.hyperparameters,
      dataset: { count: this.data.model.count, length: this.data.header.length },
      spec: this.network.spec,
      preprocessing: {
        layout: this.preprocessing.layout,
        labelTransform: this.preprocessing.labelTransform,
        featureScaled: this.preprocessing.featureScaler !== null,
        trainCount: this.trainCount,
      },
      optimizer: { kind: s.optimizer.kind, iterations: s.optimizer.iterations, mSchedule: s.optimizer.mSchedule },
      lr: s.lr,
      plateau: s.plateau,
      earlyStopping: s.earlyStopping,
      stopped: s.stopped,
      best: s.best,
      random: s.random.state(),
      history: s.history,
    };
    await writeCheckpointFile(path, {
      meta,
      arrays: {
        params: weights.params,
        state: weights.state,
        optimizerM: s.optimizer.m,
        optimizerV: s.optimizer.v,
        validationIndices: this.validation.indices,
        ...scalerArrays('feature', this.preprocessing.featureScaler),
        ...scalerArrays('target', this.preprocessing.targetScaler),
        ...scalerArrays('label', this.preprocessing.labelScaler),
        ...(this.preprocessing.labelRange ? { labelMin: this.preprocessing.labelRange.min, labelMax: this.preprocessing.labelRange.max } : {}),
        ...(s.earlyStoppingWeights ? { earlyStoppingParams: s.earlyStoppingWeights.params, earlyStoppingState: s.earlyStoppingWeights.state } : {}),
      },
    });
  }

  /** One forward and backward pass on two training curves: throws if the active backend cannot train this network. */
  probe(): void {
    const rows = Math.min(2, this.trainCount);
    const inputSize = this.train.inputs.length / this.trainCount;
    tf.tidy(() => {
      const x = tf.tensor(this.train.inputs.subarray(0, rows * inputSize), [rows, ...this.network.spec.inputShape]);
      const y = tf.tensor(this.train.targets.subarray(0, rows * 3), [rows, 3]);
      const weights = this.network.tensorsOf(this.state.weights.params, this.network.trainableSlots);
      const masks = this.network.dropoutMaskShapes(rows).map((m) => tf.fill(m.shape, 1 / (1 - m.rate)));
      const { value, grads } = tf.valueAndGrads((...w: tf.Tensor[]) =>
        this.loss(this.network.forward(x, w, [], { training: true, dropoutMasks: masks, onMoments: () => {} }), y as tf.Tensor2D),
      )(weights);
      const finite = [value, ...grads].every((t) => t.dataSync().every(Number.isFinite));
      if (!finite) throw new Error('a probe step gave a non-finite loss or gradient');
    });
  }

  /** Dropout masks of one batch, drawn from the run's generator so that a resume redraws them alike. */
  private dropoutMasks(batch: number): tf.Tensor[] {
    return this.network.dropoutMaskShapes(batch).map(({ rate, shape }) => {
      const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
      const keep = 1 / (1 - rate);
      for (let i = 0; i < values.length; i++) values[i] = this.state.random.nextFloat() < rate ? 0 : keep;
      return tf.tensor(values, shape);
    });
  }

  /** Batch steps per epoch: the last batch may be short. */
  private get stepsPerEpoch(): number {
    return Math.ceil(this.trainCount / this.hyperparameters.batchSize);
  }

  /** The rate of each batch step, from the optimiser's count of steps taken, which checkpoints keep. */
  private learningRateOfStep(epochLr: number): (step: number) => number {
    const h = this.hyperparameters;
    if (h.schedule !== 'one-cycle') return () => epochLr;
    const settings = { maxLr: h.learningRate, warmupFraction: h.warmupFraction, initialDivisor: h.initialLrDivisor, finalDivisor: h.finalLrDivisor };
    const totalSteps = h.epochs * this.stepsPerEpoch;
    return (step) => oneCycleLearningRate(settings, step, totalSteps);
  }

  private async trainEpoch(lrOfStep: (step: number) => number, signal: AbortSignal | undefined): Promise<number> {
    const h = this.hyperparameters;
    const s = this.state;
    const n = this.trainCount;
    const order = s.random.shuffle(Int32Array.from({ length: n }, (_, i) => i));
    const settings = optimizerSettings(h);
    const gradient = new Float32Array(this.network.trainableCount);
    const momentum = this.network.spec.batchNormMomentum;
    const inputSize = this.train.inputs.length / n;
    // Batches are gathered in JavaScript: cheaper than a gather kernel on the wasm backend.
    const batchInputs = new Float32Array(h.batchSize * inputSize);
    const batchTargets = new Float32Array(h.batchSize * 3);
    let lossSum = 0;
    for (let start = 0; start < n; start += h.batchSize) {
      await yieldToEvents();
      throwIfCancelled(signal);
      const count = Math.min(h.batchSize, n - start);
      const moments: tf.Tensor[] = [];
      for (let r = 0; r < count; r++) {
        const row = order[start + r];
        batchInputs.set(this.train.inputs.subarray(row * inputSize, (row + 1) * inputSize), r * inputSize);
        batchTargets.set(this.train.targets.subarray(row * 3, row * 3 + 3), r * 3);
      }
      const loss = tf.tidy(() => {
        // tf.tensor may keep a reference to its array on some backends: hand it copies it owns.
        const x = tf.tensor(batchInputs.slice(0, count * inputSize), [count, ...this.network.spec.inputShape]);
        const y = tf.tensor(batchTargets.slice(0, count * 3), [count, 3]);
        const masks = this.dropoutMasks(count);
        const weights = this.network.tensorsOf(s.weights.params, this.network.trainableSlots);
        const onMoments = (m: BatchMoments) => moments.push(tf.keep(m.mean), tf.keep(m.variance));
        const { value, grads } = tf.valueAndGrads((...w: tf.Tensor[]) =>
          this.loss(this.network.forward(x, w, [], { training: true, dropoutMasks: masks, onMoments }), y as tf.Tensor2D),
        )(weights);
        grads.forEach((g, i) => gradient.set(g.dataSync() as Float32Array, this.network.trainableSlots[i].offset));
        return value.dataSync()[0];
      });
      applyOptimizerStep(settings, s.optimizer, s.weights.params, gradient, lrOfStep(s.optimizer.iterations));
      if (moments.length > 0) {
        // Keras: moving -= (moving - batch) * (1 - momentum), the variance being the biased batch variance.
        const batch = tf.tidy(() => tf.concat(moments));
        const values = batch.dataSync();
        tf.dispose([batch, ...moments]);
        const movingState = s.weights.state;
        for (let i = 0; i < movingState.length; i++) movingState[i] -= (movingState[i] - values[i]) * (1 - momentum);
      }
      lossSum += loss * count;
    }
    return lossSum / n;
  }

  private validate(): { valLoss: number; valMse: ParameterMse } {
    const outputs = predictOutputs(this.network, this.state.weights, this.validation.inputs, this.validationCount);
    const width = this.network.outputSize;
    const predicted = outputsToPredictions(outputs, this.preprocessing, width).labels;
    return {
      valLoss: meanSquaredError(outputs, width, this.validation.targets),
      valMse: scoreLabels(predicted, this.validation.labels, this.preprocessing.labelScaler).perParameter,
    };
  }

  /** Trains the remaining epochs, then computes the results of the chosen weights. */
  async run(backend: BackendChoice, listener: TrainingListener = {}, signal?: AbortSignal): Promise<TrainResult> {
    const h = this.hyperparameters;
    const s = this.state;
    const lastPath = join(this.checkpointDir, CHECKPOINT_FILES.last);
    const bestPath = join(this.checkpointDir, CHECKPOINT_FILES.best);
    try {
      while (!s.stopped && s.epoch < h.epochs) {
        const started = performance.now();
        const epochIndex = s.epoch;
        const epochLr = h.schedule === 'cosine' ? Math.fround(cosineLearningRate(h.learningRate, h.minLearningRate, epochIndex, h.epochs)) : s.lr;
        const lrOfStep = this.learningRateOfStep(epochLr);
        const lr = lrOfStep(s.optimizer.iterations);
        const loss = await this.trainEpoch(lrOfStep, signal);
        const { valLoss, valMse } = this.validate();
        if (h.schedule === 'plateau') {
          const next = stepPlateau(
            { factor: h.plateauFactor, patience: h.plateauPatience, minDelta: h.plateauMinDelta, cooldown: h.plateauCooldown, minLr: h.minLearningRate },
            s.plateau,
            valLoss,
            lr,
          );
          s.plateau = next.state;
          s.lr = next.lr;
        } else s.lr = lr;
        if (h.earlyStopping) {
          if (h.restoreBestWeights && !s.earlyStoppingWeights) s.earlyStoppingWeights = copyWeights(s.weights);
          const step = stepEarlyStopping({ patience: h.earlyStoppingPatience, minDelta: h.earlyStoppingMinDelta }, s.earlyStopping, valLoss, epochIndex);
          s.earlyStopping = step.state;
          if (step.improved && h.restoreBestWeights) s.earlyStoppingWeights = copyWeights(s.weights);
          if (step.stop) {
            s.stopped = true;
            if (h.restoreBestWeights && s.earlyStoppingWeights) s.weights = copyWeights(s.earlyStoppingWeights);
          }
        }
        s.epoch += 1;
        const seconds = (performance.now() - started) / 1000;
        const metrics = { loss, valLoss, lr, valMse, seconds, samplesPerSecond: this.trainCount / seconds };
        s.history.push({ epoch: s.epoch, metrics });
        listener.onEpoch?.(s.epoch, metrics);
        // ModelCheckpoint(save_best_only): strictly lower than every earlier validation loss.
        const isBest = valLoss < (s.best?.valLoss ?? Infinity);
        if (isBest) {
          s.best = { epoch: s.epoch, valLoss };
          await this.writeCheckpoint(bestPath, s.weights);
        }
        await this.writeCheckpoint(lastPath, s.weights);
        listener.onCheckpoint?.(s.epoch, isBest);
      }
    } catch (error) {
      if (error instanceof CancelledError) throw new CancelledError(`cancelled after epoch ${s.epoch}`);
      throw error;
    }
    return this.results(backend, s.stopped && s.epoch < h.epochs);
  }

  private async results(backend: BackendChoice, stoppedEarly: boolean): Promise<TrainResult> {
    const h = this.hyperparameters;
    const s = this.state;
    const bestPath = join(this.checkpointDir, CHECKPOINT_FILES.best);
    let weights = s.weights;
    if (h.resultWeights === 'best' && existsSync(bestPath)) {
      const { arrays } = await readCheckpointFile(bestPath);
      weights = { params: arrays.params as Float32Array, state: arrays.state as Float32Array };
    }
    const width = this.network.outputSize;
    const validationOutputs = predictOutputs(this.network, weights, this.validation.inputs, this.validationCount);
    const validationPredictions = outputsToPredictions(validationOutputs, this.preprocessing, width);
    const scaler = this.preprocessing.labelScaler;
    let evalResult: TrainResult['eval'] = null;
    if (this.data.eval) {
      const evalOutputs = predictOutputs(this.network, weights, prepareInputs(this.data.eval, this.preprocessing), this.data.eval.count);
      const { labels: predictions, std } = outputsToPredictions(evalOutputs, this.preprocessing, width);
      evalResult = { predictions, std, score: this.data.evalTruth ? scoreLabels(predictions, this.data.evalTruth.data, scaler, std) : null };
    }
    return {
      backend: backend.name,
      backendNotes: backend.notes,
      epochsCompleted: s.epoch,
      stoppedEarly,
      bestEpoch: s.best?.epoch ?? 0,
      bestValLoss: s.best?.valLoss ?? NaN,
      resultWeights: h.resultWeights,
      parameterCount: this.network.parameterCount,
      labelScaler: { mean: Array.from(scaler.mean), scale: Array.from(scaler.scale) },
      validation: {
        indices: this.validation.indices,
        predictions: validationPredictions.labels,
        std: validationPredictions.std,
        score: scoreLabels(validationPredictions.labels, this.validation.labels, scaler, validationPredictions.std),
      },
      eval: evalResult,
      saliency: {
        ...computeSaliency(this.network, weights, this.validation.inputs, this.validationCount, this.preprocessing),
        layout: this.preprocessing.layout,
      },
      checkpoints: { last: join(this.checkpointDir, CHECKPOINT_FILES.last), best: bestPath },
    };
  }
}
