// The hyperparameters' fields, one table per model family: each yields the zod schema that checks a
// run's overrides and the description the UI builds its form from. Presets are typed by these
// settings, and the resolution that reads presets lives in hyperparameters.ts.
import { z } from 'zod';
import { ACTIVATIONS, INITIALIZERS, LayerList } from './layer-list.ts';

export { ACTIVATIONS, INITIALIZERS, type Activation, type Initializer } from './layer-list.ts';

export const CHANNELS = ['re', 'im', 'abs', 'phase'] as const;
export type Channel = (typeof CHANNELS)[number];

export type FieldType = 'integer' | 'number' | 'boolean' | 'choice' | 'integer-list' | 'choice-list';
export type FieldGroup = 'data' | 'model' | 'optimizer' | 'schedule' | 'stopping';

/** One hyperparameter as the UI needs it to draw and check an input. */
export interface HyperparameterDescription {
  readonly key: string;
  readonly type: FieldType;
  /** The preset's default; null where `nullMeans` says what null stands for. */
  readonly default: unknown;
  readonly nullMeans?: string;
  /** Bounds of a number, or of every item of an integer list. */
  readonly min?: number;
  readonly max?: number;
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
  /** Allowed values of a choice, or of every item of a choice list. */
  readonly options?: readonly string[];
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly unit?: string;
  readonly group: FieldGroup;
  readonly help: string;
}

type Described = Omit<HyperparameterDescription, 'key' | 'default'>;

export interface Field<T extends z.ZodType> {
  readonly schema: T;
  readonly describe: Described;
}

interface Bounds {
  readonly min?: number;
  readonly max?: number;
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
}

interface Meta {
  readonly group: FieldGroup;
  readonly help: string;
  readonly unit?: string;
}

function boundsText(b: Bounds): string {
  const parts: string[] = [];
  if (b.min !== undefined) parts.push(`${b.minExclusive ? '>' : '≥'} ${b.min}`);
  if (b.max !== undefined) parts.push(`${b.maxExclusive ? '<' : '≤'} ${b.max}`);
  return parts.join(' and ');
}

function bounded(schema: z.ZodNumber, b: Bounds, what: string): z.ZodNumber {
  const message = { error: `must be ${what} ${boundsText(b)}` };
  let s = schema;
  if (b.min !== undefined) s = b.minExclusive ? s.gt(b.min, message) : s.gte(b.min, message);
  if (b.max !== undefined) s = b.maxExclusive ? s.lt(b.max, message) : s.lte(b.max, message);
  return s;
}

function integerSchema(b: Bounds): z.ZodNumber {
  return bounded(z.number({ error: 'must be an integer' }).int({ error: 'must be an integer' }), b, 'an integer');
}

function integer(b: Bounds, meta: Meta): Field<z.ZodNumber> {
  return { schema: integerSchema(b), describe: { type: 'integer', ...b, ...meta } };
}

function number(b: Bounds, meta: Meta): Field<z.ZodNumber> {
  return { schema: bounded(z.number({ error: 'must be a finite number' }), b, 'a number'), describe: { type: 'number', ...b, ...meta } };
}

function flag(meta: Meta): Field<z.ZodBoolean> {
  return { schema: z.boolean({ error: 'must be true or false' }), describe: { type: 'boolean', ...meta } };
}

function choice<const T extends readonly [string, ...string[]]>(options: T, meta: Meta): Field<z.ZodEnum<{ [K in T[number]]: K }>> {
  return {
    schema: z.enum(options, { error: `must be one of ${options.join(', ')}` }),
    describe: { type: 'choice', options, ...meta },
  };
}

function integerList(b: Bounds, items: { minItems: number; maxItems: number }, meta: Meta) {
  const schema = z
    .array(integerSchema(b), { error: 'must be a list of integers' })
    .min(items.minItems, { error: `must hold at least ${items.minItems} item(s)` })
    .max(items.maxItems, { error: `must hold at most ${items.maxItems} items` });
  return { schema, describe: { type: 'integer-list', ...b, ...items, ...meta } } satisfies Field<z.ZodType>;
}

function choiceList<const T extends readonly [string, ...string[]]>(options: T, items: { minItems: number; maxItems: number }, meta: Meta) {
  const schema = z
    .array(z.enum(options, { error: `must be one of ${options.join(', ')}` }), { error: 'must be a list' })
    .min(items.minItems, { error: `must hold at least ${items.minItems} item(s)` })
    .max(items.maxItems, { error: `must hold at most ${items.maxItems} items` });
  return { schema, describe: { type: 'choice-list', options, ...items, ...meta } } satisfies Field<z.ZodType>;
}

const commonFields = {
  windowStart: integer({ min: 0 }, { group: 'data', unit: 'sample', help: 'First time sample of the input window (0-based, included).' }),
  windowEnd: {
    schema: integerSchema({ min: 1 }).nullable(),
    describe: { type: 'integer', min: 1, group: 'data', unit: 'sample', nullMeans: 'the end of the curve', help: 'Time sample after the last one of the window (excluded); empty means the end of the curve.' },
  },
  channels: choiceList(CHANNELS, { minItems: 1, maxItems: 4 }, { group: 'data', help: 'Input channels, each over the window: Re M, Im M, |M| and the phase of M. Each at most once.' }),
  featureScaling: choice(['none', 'standard'], { group: 'data', help: 'Standardise each input feature with the mean and population std of the training split, or feed raw values.' }),
  xiLabel: choice(['xi', 'log-xi'], { group: 'data', help: 'Train on xi or on ln xi; predictions return to xi before scoring.' }),
  dLabel: choice(['d', 'Gamma'], { group: 'data', help: 'Train on d or on the dephasing rate Gamma = 2.5·10^(-d/2); predictions return to d before scoring.' }),
  clipPredictions: flag({
    group: 'data',
    help: 'Clip each predicted alpha, xi and d to the range of the training labels: a network only extrapolates beyond it, and one wild answer can outweigh the squared error of all the others.',
  }),
  augmentCurves: integer(
    { min: 0, max: 1_000_000 },
    {
      group: 'data',
      unit: 'curves',
      help: "Curves simulated with the data set's own recipe (same physics and priors) added to the training split only; needs a data set whose recipe is known. Simulated before training, cached per recipe and seed in the workspace.",
    },
  ),
  validationFraction: number({ min: 0, max: 0.5, minExclusive: true }, { group: 'data', help: 'Share of the curves held out for validation (rounded up to whole curves).' }),
  splitSeed: integer({ min: 0, max: 2 ** 32 - 1 }, { group: 'data', help: 'Seed of the random training/validation split.' }),
  seed: integer({ min: 0, max: 2 ** 32 - 1 }, { group: 'model', help: 'Seed of the weight initialisation, the batch order and the dropout masks.' }),
  uncertainty: flag({
    group: 'model',
    help: 'Predict a standard deviation beside each of alpha, xi and d: the network outputs a mean and a log-variance per parameter and trains on the Gaussian negative log-likelihood. The validation loss stays the MSE of the means.',
  }),
  uncertaintyBeta: number(
    { min: 0, max: 1 },
    {
      group: 'model',
      help: 'With uncertainty: each curve\'s NLL is weighted by its predicted variance to the power beta (beta-NLL). 0 is the plain NLL, whose means neglect the hardest curves; 1 trains the means as the MSE does, which is what the score measures.',
    },
  ),
  kernelInitializer: choice(INITIALIZERS, { group: 'model', help: 'Initialiser of the hidden kernels (Keras names); the output layer uses glorot_uniform as Keras does.' }),
  batchNormMomentum: number({ min: 0, max: 1, maxExclusive: true }, { group: 'model', help: 'Momentum of the moving mean and variance of batch normalisation (Keras default 0.99).' }),
  batchNormEpsilon: number({ min: 0, minExclusive: true }, { group: 'model', help: 'Epsilon added to the variance in batch normalisation (Keras default 0.001).' }),
  optimizer: choice(['nadam', 'adam', 'adamw', 'sgd'], {
    group: 'optimizer',
    help: 'Nadam and Adam as in Keras 2, AdamW as in PyTorch (Adam with decoupled weight decay), or SGD with momentum.',
  }),
  learningRate: number({ min: 0, max: 10, minExclusive: true }, { group: 'optimizer', help: 'Initial learning rate; the peak of the one-cycle schedule.' }),
  beta1: number({ min: 0, max: 1, maxExclusive: true }, { group: 'optimizer', help: 'Adam/AdamW/Nadam decay of the first moment.' }),
  beta2: number({ min: 0, max: 1, maxExclusive: true }, { group: 'optimizer', help: 'Adam/AdamW/Nadam decay of the second moment.' }),
  epsilon: number({ min: 0, minExclusive: true }, { group: 'optimizer', help: 'Adam/AdamW/Nadam epsilon (Keras default 1e-7, PyTorch 1e-8).' }),
  weightDecay: number(
    { min: 0, max: 1 },
    {
      group: 'optimizer',
      help: 'AdamW: decoupled weight decay. Each step first shrinks every weight by the factor 1 − learning rate · weightDecay, then takes the Adam step (PyTorch AdamW, biases and batch-norm scales included). Other optimisers ignore it.',
    },
  ),
  nadamScheduleDecay: number({ min: 0 }, { group: 'optimizer', help: 'Nadam momentum-schedule decay: mu_t = beta1·(1 − 0.5·0.96^(decay·t)). 0.004 in Keras up to 2.10, 1 in Keras 2.11 and later.' }),
  momentum: number({ min: 0, max: 1, maxExclusive: true }, { group: 'optimizer', help: 'SGD momentum.' }),
  nesterov: flag({ group: 'optimizer', help: 'SGD with Nesterov momentum.' }),
  batchSize: integer({ min: 1, max: 65536 }, { group: 'optimizer', unit: 'curves', help: 'Curves per gradient step.' }),
  epochs: integer({ min: 1, max: 100000 }, { group: 'optimizer', help: 'Passes over the training split.' }),
  schedule: choice(['plateau', 'cosine', 'one-cycle', 'constant'], {
    group: 'schedule',
    help: 'Learning-rate schedule: ReduceLROnPlateau on the validation loss (Keras semantics), cosine decay per epoch to the minimum, one cycle per batch step (a warm-up to the learning rate, then a cosine anneal, as PyTorch OneCycleLR), or constant.',
  }),
  warmupFraction: number(
    { min: 0, max: 1, maxExclusive: true },
    { group: 'schedule', help: "One-cycle: share of all the run's batch steps over which the rate rises to the learning rate (PyTorch pct_start)." },
  ),
  initialLrDivisor: number({ min: 1 }, { group: 'schedule', help: 'One-cycle: the rate starts at the learning rate divided by this (PyTorch div_factor).' }),
  finalLrDivisor: number({ min: 1 }, { group: 'schedule', help: 'One-cycle: the rate ends at the starting rate divided by this (PyTorch final_div_factor).' }),
  plateauFactor: number({ min: 0, max: 1, minExclusive: true, maxExclusive: true }, { group: 'schedule', help: 'Plateau: factor applied to the learning rate on a plateau.' }),
  plateauPatience: integer({ min: 0, max: 100000 }, { group: 'schedule', unit: 'epochs', help: 'Plateau: epochs without improvement before the learning rate drops.' }),
  plateauMinDelta: number({ min: 0 }, { group: 'schedule', help: 'Plateau: smallest drop of the validation loss that counts as an improvement.' }),
  plateauCooldown: integer({ min: 0, max: 100000 }, { group: 'schedule', unit: 'epochs', help: 'Plateau: epochs to wait after a drop before counting again.' }),
  minLearningRate: number({ min: 0 }, { group: 'schedule', help: 'Floor of the learning rate (plateau and cosine).' }),
  earlyStopping: flag({ group: 'stopping', help: 'Stop when the validation loss has not improved for a number of epochs (Keras EarlyStopping).' }),
  earlyStoppingPatience: integer({ min: 0, max: 100000 }, { group: 'stopping', unit: 'epochs', help: 'Early stopping: epochs without improvement before stopping.' }),
  earlyStoppingMinDelta: number({ min: 0 }, { group: 'stopping', help: 'Early stopping: smallest drop of the validation loss that counts as an improvement.' }),
  restoreBestWeights: flag({ group: 'stopping', help: 'Early stopping: return to the best weights when it stops (Keras restore_best_weights).' }),
  resultWeights: choice(['best', 'last'], { group: 'stopping', help: 'Weights that make the final predictions: the best checkpoint by validation loss (as the notebook) or the last epoch.' }),
} as const;

const mlpFields = {
  ...commonFields,
  inputBatchNorm: flag({ group: 'model', help: 'Batch normalisation on the inputs, as the first layer (the notebook has it).' }),
  hiddenUnits: integerList({ min: 1, max: 4096 }, { minItems: 1, maxItems: 32 }, { group: 'model', help: 'Width of each hidden Dense layer, input side first.' }),
  activations: choiceList(ACTIVATIONS, { minItems: 1, maxItems: 32 }, { group: 'model', help: 'Activation of each hidden layer: one for all, or one per layer.' }),
  batchNorm: flag({ group: 'model', help: 'Batch normalisation after each hidden layer.' }),
  dropout: number({ min: 0, max: 1, maxExclusive: true }, { group: 'model', help: 'Dropout rate after each hidden layer (0 = none).' }),
} as const;

const cnnFields = {
  ...commonFields,
  convFilters: integerList({ min: 1, max: 1024 }, { minItems: 1, maxItems: 16 }, { group: 'model', help: 'Filters of the convolutions of each block; the list length is the number of blocks.' }),
  convsPerBlock: integer({ min: 1, max: 8 }, { group: 'model', help: 'Convolutions per block, all with the block\'s filters; pooling, if any, follows each block.' }),
  convStrides: integerList(
    { min: 1, max: 16 },
    { minItems: 1, maxItems: 8 },
    { group: 'model', help: 'Stride in time of each convolution of a block: one for all, or one per convolution of the block (1, 2: the second halves the time steps).' },
  ),
  kernelSize: integer({ min: 1, max: 255 }, { group: 'model', unit: 'samples', help: 'Width of the convolution kernels in time ("same" padding).' }),
  firstKernelSize: {
    schema: integerSchema({ min: 1, max: 255 }).nullable(),
    describe: { type: 'integer', min: 1, max: 255, group: 'model', unit: 'samples', nullMeans: 'kernelSize', help: "Width of the first block's kernels; empty means kernelSize." },
  },
  convActivation: choice(ACTIVATIONS, { group: 'model', help: 'Activation of the convolution layers.' }),
  pooling: choice(['max', 'avg', 'none'], { group: 'model', help: 'Pooling in time after each block.' }),
  poolSize: integer({ min: 2, max: 64 }, { group: 'model', unit: 'samples', help: 'Pooling window and stride.' }),
  batchNorm: flag({ group: 'model', help: 'Batch normalisation after each convolution and each dense layer.' }),
  batchNormBeforeActivation: flag({
    group: 'model',
    help: 'With batch normalisation: convolution (or dense), batch normalisation, then the activation, as ResNet and most PyTorch models; off: the activation comes first.',
  }),
  head: choice(['flatten', 'global-average'], { group: 'model', help: 'How the convolution output enters the dense head: flattened, or averaged over time.' }),
  denseUnits: integerList({ min: 1, max: 4096 }, { minItems: 0, maxItems: 16 }, { group: 'model', help: 'Width of each hidden Dense layer of the head (may be empty).' }),
  denseActivation: choice(ACTIVATIONS, { group: 'model', help: 'Activation of the dense head.' }),
  dropout: number({ min: 0, max: 1, maxExclusive: true }, { group: 'model', help: 'Dropout rate after each dense layer of the head (0 = none).' }),
} as const;

/**
 * A network written as a list of layers (a saved model): its layers travel with the run's
 * hyperparameters, so that the run stays reproducible whatever becomes of the saved model.
 */
const layerListFields = { ...commonFields, layers: { schema: LayerList } } as const;

type Schemas<F extends Record<string, { schema: z.ZodType }>> = { [K in keyof F]: F[K]['schema'] };

function schemasOf<F extends Record<string, { schema: z.ZodType }>>(fields: F): Schemas<F> {
  return Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, field.schema])) as Schemas<F>;
}

const mlpSchema = z.strictObject(schemasOf(mlpFields));
const cnnSchema = z.strictObject(schemasOf(cnnFields));
const layerListSchema = z.strictObject(schemasOf(layerListFields));

/** Every hyperparameter of an MLP preset, as stored in a preset's defaults (windowEnd null = curve end). */
export type MlpSettings = z.infer<typeof mlpSchema>;
export type CnnSettings = z.infer<typeof cnnSchema>;
export type LayerListSettings = z.infer<typeof layerListSchema>;

type Resolved<S> = Omit<S, 'windowEnd'> & { readonly windowEnd: number };

/** Fully defaulted, validated hyperparameters of a run; windowEnd is concrete. */
export type MlpHyperparameters = Resolved<MlpSettings> & { readonly preset: 'seed-mlp' | 'mlp'; readonly family: 'mlp' };
export type CnnHyperparameters = Resolved<CnnSettings> & { readonly preset: 'cnn1d' | 'deep-cnn'; readonly family: 'cnn1d' };
/** A run of a saved layer-list model: `preset` is the model's name. */
export type LayerListHyperparameters = Resolved<LayerListSettings> & { readonly preset: string; readonly family: 'layers' };
export type Hyperparameters = MlpHyperparameters | CnnHyperparameters | LayerListHyperparameters;
export type ModelFamily = Hyperparameters['family'];

/** Each family's fields and schema; a layer list's layers come from its saved model, not the form. */
export const FAMILY_FIELDS = {
  mlp: { fields: mlpFields as Record<string, Field<z.ZodType>>, schema: mlpSchema },
  cnn1d: { fields: cnnFields as Record<string, Field<z.ZodType>>, schema: cnnSchema },
  layers: { fields: commonFields as Record<string, Field<z.ZodType>>, schema: layerListSchema },
} satisfies Record<ModelFamily, { fields: Record<string, Field<z.ZodType>>; schema: z.ZodObject }>;
