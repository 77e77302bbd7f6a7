// The model presets: the notebook's seed network, a full-curve MLP, a small 1-D CNN and a deep one,
// each a model family with default hyperparameters that a run may override.
import type { CnnSettings, MlpSettings } from './hyperparameter-fields.ts';

interface PresetBase {
  readonly title: string;
  readonly description: string;
}

export interface MlpPreset extends PresetBase {
  readonly family: 'mlp';
  readonly defaults: MlpSettings;
}

export interface CnnPreset extends PresetBase {
  readonly family: 'cnn1d';
  readonly defaults: CnnSettings;
}

export type Preset = MlpPreset | CnnPreset;

/**
 * Hyperparameters added since a run or a checkpoint may have been stored, with the only value they
 * can have had then. A stored run lacking one must resume with this value, not today's default.
 */
export const SETTINGS_OF_OLDER_RUNS = {
  uncertainty: false,
  uncertaintyBeta: 0,
  augmentCurves: 0,
  clipPredictions: false,
  weightDecay: 0,
  // One-cycle settings: no older run used that schedule, so any fixed value keeps its behaviour.
  warmupFraction: 0.3,
  initialLrDivisor: 25,
  finalLrDivisor: 1e4,
} as const;

/**
 * The same for settings of the convolution family only. The run manager fills in only the settings
 * every preset knows; an older cnn1d run gets these from cnn1d's defaults, which are these values.
 */
export const CNN_SETTINGS_OF_OLDER_RUNS = { convsPerBlock: 1, convStrides: [1], firstKernelSize: null, batchNormBeforeActivation: false } satisfies Partial<CnnSettings>;

/** Every later setting a stored run of `family` may lack, with the value it had then. */
export function settingsOfOlderRuns(family: Preset['family'] | 'layers'): Readonly<Record<string, unknown>> {
  return family === 'cnn1d' ? { ...SETTINGS_OF_OLDER_RUNS, ...CNN_SETTINGS_OF_OLDER_RUNS } : SETTINGS_OF_OLDER_RUNS;
}

const commonDefaults = {
  windowStart: 0,
  windowEnd: null,
  channels: ['re', 'im'],
  featureScaling: 'standard',
  xiLabel: 'xi',
  dLabel: 'd',
  clipPredictions: true,
  validationFraction: 0.1,
  splitSeed: 1,
  seed: 1,
  optimizer: 'adam',
  learningRate: 0.001,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-7,
  weightDecay: 0,
  nadamScheduleDecay: 0.004,
  momentum: 0.9,
  nesterov: false,
  batchSize: 32,
  epochs: 100,
  schedule: 'plateau',
  plateauFactor: 0.5,
  plateauPatience: 5,
  plateauMinDelta: 1e-4,
  plateauCooldown: 0,
  minLearningRate: 1e-6,
  warmupFraction: 0.3,
  initialLrDivisor: 25,
  finalLrDivisor: 1e4,
  earlyStopping: true,
  earlyStoppingPatience: 15,
  earlyStoppingMinDelta: 0,
  restoreBestWeights: true,
  resultWeights: 'best',
  batchNormMomentum: 0.99,
  batchNormEpsilon: 1e-3,
  kernelInitializer: 'he_normal',
  uncertainty: false,
  uncertaintyBeta: 1,
  augmentCurves: 0,
} satisfies Partial<MlpSettings & CnnSettings>;

/**
 * The training settings of a saved layer-list model, whose layers come from the model itself: its
 * input is a [time, channels] sequence, so the 1-D CNN's channels.
 */
export const LAYER_LIST_DEFAULTS = { ...commonDefaults, channels: ['re', 'im', 'abs'], epochs: 60 } as const;

export const PRESETS = {
  'seed-mlp': {
    family: 'mlp',
    title: 'Seed MLP (notebook)',
    description:
      "The challenge notebook's network: window 210:410 with Re then Im (400 inputs), BatchNormalization, " +
      'seven Dense(200) layers each followed by BatchNormalization, Dense(3); MSE on standardised labels, ' +
      'Nadam, batch 32, 150 epochs, ReduceLROnPlateau(0.75, patience 5), best checkpoint by validation loss. ' +
      'Unlike the notebook, the label scaler is fitted on the training split only.',
    defaults: {
      ...commonDefaults,
      windowStart: 210,
      windowEnd: 410,
      featureScaling: 'none',
      optimizer: 'nadam',
      epochs: 150,
      plateauFactor: 0.75,
      plateauPatience: 5,
      plateauMinDelta: 1e-5,
      plateauCooldown: 1,
      minLearningRate: 1e-10,
      earlyStopping: false,
      inputBatchNorm: true,
      hiddenUnits: [200, 200, 200, 200, 200, 200, 200],
      activations: ['relu', 'relu', 'selu', 'tanh', 'relu', 'selu', 'relu'],
      batchNorm: true,
      dropout: 0,
    },
  },
  mlp: {
    family: 'mlp',
    title: 'MLP, full curve',
    description:
      'A fully connected network on the whole curve, inputs standardised per feature on the training split. ' +
      'Its defaults are the best of the hand-tuned runs on simulated L = 100 data (half the error of the seed MLP on gauss).',
    defaults: {
      ...commonDefaults,
      batchSize: 64,
      epochs: 150,
      plateauPatience: 8,
      earlyStoppingPatience: 25,
      inputBatchNorm: false,
      hiddenUnits: [512, 256, 128],
      activations: ['relu'],
      batchNorm: true,
      dropout: 0,
    },
  },
  cnn1d: {
    family: 'cnn1d',
    title: '1-D CNN',
    description:
      'Convolutions over time on chosen channels (Re, Im, |M|, phase), each followed by batch normalisation and pooling, then a dense head.',
    defaults: {
      ...commonDefaults,
      ...CNN_SETTINGS_OF_OLDER_RUNS,
      channels: ['re', 'im', 'abs'],
      epochs: 60,
      convFilters: [16, 32, 64],
      kernelSize: 7,
      convActivation: 'relu',
      pooling: 'max',
      poolSize: 2,
      batchNorm: true,
      head: 'flatten',
      denseUnits: [64],
      denseActivation: 'relu',
      dropout: 0.1,
    },
  },
  'deep-cnn': {
    family: 'cnn1d',
    title: 'Deep 1-D CNN',
    description:
      'Five blocks of two convolutions (64, 64, 128, 128, 256 filters; kernel 7 in the first block, then 5), each ' +
      'convolution followed by batch normalisation and GELU, the first of each block with stride 2 (471 time steps ' +
      'down to 15), averaged over time; Re, Im and |M| standardised per time point; a 256-unit GELU head with ' +
      'dropout 0.1 (flattening the 3840 features overfit here: best validation 0.29 in 40 epochs, against 0.22 ' +
      'averaged in 20); AdamW (learning rate 2e-3, weight decay 1e-4) on a one-cycle schedule per batch step; ' +
      'batch 128, 40 epochs.',
    defaults: {
      ...commonDefaults,
      channels: ['re', 'im', 'abs'],
      optimizer: 'adamw',
      learningRate: 2e-3,
      epsilon: 1e-8,
      weightDecay: 1e-4,
      batchSize: 128,
      epochs: 40,
      schedule: 'one-cycle',
      earlyStopping: false,
      batchNormMomentum: 0.9,
      batchNormEpsilon: 1e-5,
      convFilters: [64, 64, 128, 128, 256],
      convsPerBlock: 2,
      convStrides: [2, 1],
      kernelSize: 5,
      firstKernelSize: 7,
      convActivation: 'gelu',
      pooling: 'none',
      poolSize: 2,
      batchNorm: true,
      batchNormBeforeActivation: true,
      head: 'global-average',
      denseUnits: [256],
      denseActivation: 'gelu',
      dropout: 0.1,
    },
  },
} satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}
