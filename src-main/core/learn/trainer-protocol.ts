// Messages between the owner (the one process that writes the workspace) and the trainer process,
// with the zod schemas that both ends check them against.
import { z } from 'zod';
import { BACKEND_NAMES, BACKEND_PREFERENCES, type BackendName, type BackendPreference } from './backend-names.ts';
import { CHANNELS } from './hyperparameters.ts';
import type { EpochMetrics, TrainResult } from './train.ts';

/** One training job: which data, which preset and overrides, where the checkpoints go. */
export const TrainJobSchema = z.strictObject({
  runId: z.string().min(1),
  /** A directory holding the binary arrays of formats/dataset-files.ts. */
  datasetDir: z.string().min(1),
  /** The run's own directory for last.ckpt and best.ckpt. */
  checkpointDir: z.string().min(1),
  preset: z.string().min(1),
  /** Overrides of the preset's defaults, validated by the trainer (resolveHyperparameters). */
  hyperparameters: z.record(z.string(), z.unknown()),
  backend: z.enum(BACKEND_PREFERENCES),
  /** Continue from checkpointDir/last.ckpt instead of starting afresh. */
  resume: z.boolean(),
  /** The cache folder of the data set's augmentation curves (formats/augmentation-files.ts), when the run asks for some. */
  augmentDir: z.string().min(1).optional(),
});
export type TrainJob = Omit<z.infer<typeof TrainJobSchema>, 'backend'> & { readonly backend: BackendPreference };

export const OwnerMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start'), job: TrainJobSchema }),
  z.strictObject({ type: z.literal('cancel'), runId: z.string().min(1) }),
]);
export type OwnerMessage = { readonly type: 'start'; readonly job: TrainJob } | { readonly type: 'cancel'; readonly runId: string };

// Metrics of a diverged run are NaN or infinite: they must cross as they are, and zod's number() refuses them.
const real = z.custom<number>((value) => typeof value === 'number', { error: 'must be a number' });
const parameterTriple = z.strictObject({ alpha: real, xi: real, d: real });

export const EpochMetricsSchema = z.strictObject({
  loss: real,
  valLoss: real,
  lr: real,
  valMse: parameterTriple,
  seconds: real,
  samplesPerSecond: real,
});

const ScoreSchema = z.strictObject({
  err: real,
  perElement: real,
  perParameter: parameterTriple,
  count: z.number().int().min(0),
  spreadErrorSpearman: parameterTriple.optional(),
});

const parameterCountSchema = z.strictObject({ trainable: z.number().int(), nonTrainable: z.number().int(), total: z.number().int() });

export const TrainResultSchema = z.strictObject({
  backend: z.enum(BACKEND_NAMES),
  backendNotes: z.array(z.string()),
  epochsCompleted: z.number().int().min(0),
  stoppedEarly: z.boolean(),
  bestEpoch: z.number().int().min(0),
  bestValLoss: real,
  resultWeights: z.enum(['best', 'last']),
  parameterCount: parameterCountSchema,
  labelScaler: z.strictObject({ mean: z.array(real).length(3), scale: z.array(real).length(3) }),
  validation: z.strictObject({
    indices: z.instanceof(Int32Array),
    predictions: z.instanceof(Float64Array),
    std: z.instanceof(Float64Array).nullable(),
    score: ScoreSchema,
  }),
  eval: z.strictObject({ predictions: z.instanceof(Float64Array), std: z.instanceof(Float64Array).nullable(), score: ScoreSchema.nullable() }).nullable(),
  saliency: z.strictObject({
    outputs: z.literal(3),
    features: z.number().int().min(1),
    signed: z.instanceof(Float64Array),
    absolute: z.instanceof(Float64Array),
    layout: z.strictObject({
      windowStart: z.number().int(),
      windowEnd: z.number().int(),
      channels: z.array(z.enum(CHANNELS)),
      arrangement: z.enum(['flat', 'sequence']),
    }),
  }),
  checkpoints: z.strictObject({ last: z.string(), best: z.string() }),
});

/** What the trainer process sends. 'ready' opens the conversation; every other message names its run. */
export const TrainerMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({
    type: z.literal('started'),
    runId: z.string(),
    backend: z.enum(BACKEND_NAMES),
    notes: z.array(z.string()),
    /** Epochs already done (0 on a fresh start, the checkpoint's epoch on a resume). */
    startEpoch: z.number().int().min(0),
    totalEpochs: z.number().int().min(1),
    /** The resolved, fully defaulted hyperparameters. */
    hyperparameters: z.record(z.string(), z.unknown()),
    parameterCount: parameterCountSchema,
    trainCount: z.number().int().min(1),
    validationCount: z.number().int().min(1),
  }),
  z.strictObject({ type: z.literal('epoch'), runId: z.string(), epoch: z.number().int().min(1), metrics: EpochMetricsSchema }),
  z.strictObject({ type: z.literal('checkpoint'), runId: z.string(), epoch: z.number().int().min(1), best: z.boolean() }),
  z.strictObject({ type: z.literal('finished'), runId: z.string(), result: TrainResultSchema }),
  /** `epoch`: epochs completed, and saved in last.ckpt, before the cancel. */
  z.strictObject({ type: z.literal('cancelled'), runId: z.string(), epoch: z.number().int().min(0) }),
  z.strictObject({ type: z.literal('failed'), runId: z.string(), message: z.string() }),
]);

type RunMessage<T extends string, Body> = { readonly type: T; readonly runId: string } & Body;

/** The messages' types, spelled with the training module's own interfaces. */
export type TrainerMessage =
  | { readonly type: 'ready' }
  | RunMessage<
      'started',
      {
        readonly backend: BackendName;
        readonly notes: readonly string[];
        readonly startEpoch: number;
        readonly totalEpochs: number;
        readonly hyperparameters: Readonly<Record<string, unknown>>;
        readonly parameterCount: TrainResult['parameterCount'];
        readonly trainCount: number;
        readonly validationCount: number;
      }
    >
  | RunMessage<'epoch', { readonly epoch: number; readonly metrics: EpochMetrics }>
  | RunMessage<'checkpoint', { readonly epoch: number; readonly best: boolean }>
  | RunMessage<'finished', { readonly result: TrainResult }>
  | RunMessage<'cancelled', { readonly epoch: number }>
  | RunMessage<'failed', { readonly message: string }>;

/** Checks a message from the trainer; throws a one-line Error naming what is wrong. */
export function parseTrainerMessage(raw: unknown): TrainerMessage {
  const parsed = TrainerMessageSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid trainer message: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`);
  return parsed.data as TrainerMessage;
}

/** Checks a message from the owner. */
export function parseOwnerMessage(raw: unknown): OwnerMessage {
  const parsed = OwnerMessageSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid owner message: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`);
  return parsed.data as OwnerMessage;
}

/** What the owner sees: the trainer's messages of one run, or the trainer process ending. */
export type TrainerEvent =
  | Exclude<TrainerMessage, { type: 'ready' }>
  | {
      readonly type: 'exited';
      /** The run that was going on when the process died, if any. */
      readonly runId: string | null;
      readonly code: number | null;
      readonly signal: string | null;
      /** The end of the process's stderr, to say why. */
      readonly stderr: string;
    };

export function isTerminal(event: TrainerEvent): boolean {
  return event.type === 'finished' || event.type === 'cancelled' || event.type === 'failed' || event.type === 'exited';
}
