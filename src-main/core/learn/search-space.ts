// The search space of automatic studies: a seeded draw of a preset and its hyperparameters, over
// ranges around the presets' defaults, with fixed settings a study may impose on every trial.
import { InputError } from '../errors.ts';
import type { Random } from '../random.ts';
import { describeHyperparameters } from './hyperparameters.ts';
import { PRESET_NAMES, type PresetName } from './presets.ts';

export interface TrialConfiguration {
  /** A built-in preset or a saved model, whose layers the workspace adds. */
  readonly preset: string;
  /** Overrides of the preset's defaults; the study adds the epochs of each rung. */
  readonly overrides: Readonly<Record<string, unknown>>;
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[random.nextInt(items.length)];
}

/** Log-uniform on [lo, hi], rounded to 3 significant digits so that runs list readable values. */
function logUniform(random: Random, lo: number, hi: number): number {
  return Number(Math.exp(Math.log(lo) + random.nextFloat() * (Math.log(hi) - Math.log(lo))).toPrecision(3));
}

/**
 * What a study imposes on every trial. The split is never drawn: members of an ensemble must
 * share one validation split. Early stopping is off because the rungs decide how long a trial
 * trains; the plateau schedule, unlike the cosine one, does not depend on the total number of
 * epochs, so a promoted trial continues on the schedule it had.
 */
const STUDY_RULES = { schedule: 'plateau', earlyStopping: false };

/** Settings every drawn trial draws whatever its preset. */
function commonOverrides(random: Random): Record<string, unknown> {
  return {
    learningRate: logUniform(random, 3e-4, 3e-3),
    batchSize: pick(random, [32, 64, 128]),
    optimizer: pick(random, ['adam', 'nadam']),
    xiLabel: pick(random, ['xi', 'log-xi']),
    dLabel: pick(random, ['d', 'Gamma']),
    uncertainty: random.nextFloat() < 0.3,
  };
}

function mlpOverrides(random: Random): Record<string, unknown> {
  const depth = 2 + random.nextInt(3);
  let width = pick(random, [128, 256, 512]);
  const hiddenUnits: number[] = [];
  for (let layer = 0; layer < depth; layer++) {
    hiddenUnits.push(width);
    // Narrowing towards the output, or staying as wide.
    if (random.nextFloat() < 0.5) width = Math.max(32, width / 2);
  }
  return {
    hiddenUnits,
    activations: [pick(random, ['relu', 'selu', 'elu', 'tanh'])],
    batchNorm: random.nextFloat() < 0.5,
    dropout: pick(random, [0, 0, 0.1]),
    windowStart: pick(random, [0, 100, 150]),
    featureScaling: 'standard',
  };
}

function cnnOverrides(random: Random): Record<string, unknown> {
  const depth = 2 + random.nextInt(3);
  const first = pick(random, [8, 16]);
  return {
    convFilters: Array.from({ length: depth }, (_, layer) => first * 2 ** layer),
    kernelSize: pick(random, [5, 7, 9]),
    pooling: pick(random, ['max', 'avg']),
    denseUnits: pick(random, [[64], [128], [64, 32]]),
    dropout: pick(random, [0, 0.1]),
    channels: pick(random, [
      ['re', 'im'],
      ['re', 'im', 'abs'],
    ]),
    windowStart: pick(random, [0, 100]),
  };
}

/**
 * Around the deep CNN's defaults: AdamW always (its decay is drawn), narrower or as wide, the
 * stride at either convolution of a block, and either head. A study's rules give it the plateau
 * schedule, as every trial: a one-cycle schedule depends on the epochs, which the rungs change.
 */
function deepCnnOverrides(random: Random): Record<string, unknown> {
  return {
    optimizer: 'adamw',
    learningRate: logUniform(random, 5e-4, 4e-3),
    weightDecay: logUniform(random, 1e-5, 1e-3),
    batchSize: pick(random, [64, 128]),
    convFilters: pick(random, [
      [32, 32, 64, 64, 128],
      [64, 64, 128, 128, 256],
    ]),
    convStrides: pick(random, [
      [2, 1],
      [1, 2],
    ]),
    kernelSize: pick(random, [3, 5, 7]),
    firstKernelSize: pick(random, [5, 7, 9]),
    head: pick(random, ['flatten', 'global-average']),
    denseUnits: pick(random, [[128], [256]]),
    dropout: pick(random, [0, 0.1, 0.2]),
  };
}

const OVERRIDES_OF_PRESET: Partial<Record<PresetName, (random: Random) => Record<string, unknown>>> = {
  mlp: mlpOverrides,
  cnn1d: cnnOverrides,
  'deep-cnn': deepCnnOverrides,
};

/** `chosen` under the study's rules, then `fixed` where the preset knows the key. */
function trialOf(preset: string, chosen: Readonly<Record<string, unknown>>, fixed: Readonly<Record<string, unknown>>): TrialConfiguration {
  const known = new Set(describeHyperparameters(preset).map((field) => field.key));
  const overrides = { ...chosen, ...STUDY_RULES, ...Object.fromEntries(Object.entries(fixed).filter(([key]) => known.has(key))) };
  return { preset, overrides };
}

/**
 * Draws one configuration among `presets`, then applies `fixed` where the preset knows the key. A
 * saved model draws the training settings every preset draws; its layers stay as they were saved.
 */
export function drawTrial(random: Random, presets: readonly string[], fixed: Readonly<Record<string, unknown>> = {}): TrialConfiguration {
  const preset = pick(random, presets);
  const drawn = { ...commonOverrides(random), ...(Object.hasOwn(OVERRIDES_OF_PRESET, preset) && OVERRIDES_OF_PRESET[preset as PresetName]?.(random)) };
  return trialOf(preset, drawn, fixed);
}

/**
 * A preset's own defaults under the study's rules and `fixed`. A study tries these first: they
 * are the measured good configurations, and random draws around them rarely start better.
 */
export function defaultTrial(preset: string, fixed: Readonly<Record<string, unknown>> = {}): TrialConfiguration {
  return trialOf(preset, {}, fixed);
}

/**
 * Checks a study's presets and fixed settings: known presets (built-in, or among `known`, which
 * adds the saved models), and every fixed key known to at least one of them.
 */
export function validateSearch(presets: readonly string[], fixed: Readonly<Record<string, unknown>>, known: readonly string[] = PRESET_NAMES): string[] {
  if (presets.length === 0) throw new InputError('a study needs at least one preset');
  for (const preset of presets) {
    if (!known.includes(preset)) throw new InputError(`unknown preset '${preset}' (expected some of ${known.join(', ')})`);
  }
  const keys = new Set(presets.flatMap((preset) => describeHyperparameters(preset).map((field) => field.key)));
  for (const key of Object.keys(fixed)) {
    if (!keys.has(key)) throw new InputError(`fixed setting '${key}' is not a hyperparameter of ${presets.join(', ')}`);
    if (key === 'epochs') throw new InputError("a study's rungs set the epochs: 'epochs' cannot be fixed");
  }
  return [...new Set(presets)];
}
