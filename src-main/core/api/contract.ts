// The typed API between the UI and the core: every call and event, named once, each with a zod
// schema; types are inferred from the schemas. The renderer imports this module's types only.
import { z } from 'zod';
// The enums below are the core's own lists, so that a name added there is a name of the contract.
import { CHALLENGE_ROLES } from '../formats/challenge-files.ts';
import { MODEL_NAMES } from '../formats/curves.ts';
import { BACKEND_PREFERENCES } from '../learn/backend-names.ts';
import { MAX_TRAINERS } from '../learn/trainer-pool.ts';
import { DEPHASING_MAPS } from '../physics/dephasing-map.ts';
import { DETUNING_MODES } from '../physics/options.ts';
import { DATASET_SOURCES } from '../store/datasets.ts';
import { COMPARISON_OPERATORS, RUN_STATUSES } from '../store/runs.ts';
import { STUDY_STATUSES } from '../store/studies.ts';
import { JOB_KINDS, JOB_OUTCOMES } from '../workspace/workspace-events.ts';

/** Defines a call: the schema of its argument object and of its result. */
function call<A extends z.ZodType, R extends z.ZodType>(args: A, result: R) {
  return { args, result } as const;
}

const Empty = z.strictObject({});

// Curves and labels cross as typed arrays: structured clone over IPC, raw bytes on the WebSocket.
const float64Array = z.custom<Float64Array>((value) => value instanceof Float64Array, { error: 'expected a Float64Array' });
const float32Array = z.custom<Float32Array>((value) => value instanceof Float32Array, { error: 'expected a Float32Array' });
const int32Array = z.custom<Int32Array>((value) => value instanceof Int32Array, { error: 'expected an Int32Array' });

const Id = z.string().min(1).max(200);
const Path = z.string().min(1).max(4096);
/** A metric that may be missing, or was not finite (a diverged run). */
const Metric = z.number().nullable();

/** How many runs train at once, each in its own trainer process. */
export const TrainerCount = z.number().int().min(1).max(MAX_TRAINERS);

export const WorkspaceInfo = z.object({
  productName: z.string(),
  version: z.string(),
  workspaceDir: z.string(),
  /** Where the UI runs: the Electron window or a browser on the loopback server. */
  mode: z.enum(['electron', 'browser']),
  mlBackend: z.object({ name: z.string(), detail: z.string() }),
  platform: z.object({ os: z.string(), arch: z.string(), node: z.string(), electron: z.string().nullable() }),
  trainers: z.object({
    /** Trainer processes this session may run at once. */
    count: TrainerCount,
    /** The workspace's stored setting; null: the default. */
    setting: TrainerCount.nullable(),
    /** The default: the cores minus one, at least one. */
    default: TrainerCount,
    /** Set by the command line (--trainers) for this session, over the stored setting until the setting is changed. */
    fromFlag: z.boolean(),
    /** The most a setting may ask for. */
    max: TrainerCount,
  }),
});

export type WorkspaceInfo = z.output<typeof WorkspaceInfo>;

export const ChosenPath = z.object({ path: z.string().nullable() });

const ModelName = z.enum(MODEL_NAMES);
const ParameterTriple = z.object({ alpha: z.number(), xi: z.number(), d: z.number() });
const LabelStatistics = z.object({ min: z.number(), max: z.number(), mean: z.number(), std: z.number() });

/** What a challenge folder holds per model, from its file names alone. */
export const FolderContents = z.object({
  folder: z.string(),
  models: z.array(
    z.object({
      model: ModelName,
      /** At least one of its files is there. */
      present: z.boolean(),
      /** Its model curves and labels are there, and nothing stops an import. */
      importable: z.boolean(),
      /** Each standard file: the name found, or the name looked for. */
      files: z.array(z.object({ role: z.enum(CHALLENGE_ROLES), name: z.string(), found: z.boolean() })),
      problems: z.array(z.string()),
      warnings: z.array(z.string()),
    }),
  ),
});
export type FolderContents = z.output<typeof FolderContents>;

/** A data set of the workspace as the UI lists it. */
export const Dataset = z.object({
  id: z.string(),
  name: z.string(),
  model: ModelName,
  source: z.enum(DATASET_SOURCES),
  /** Folder and file names of an import, or the recipe of a simulation. */
  provenance: z.record(z.string(), z.unknown()),
  modelCount: z.number().int().nonnegative(),
  evalCount: z.number().int().nonnegative(),
  hasEvalTruth: z.boolean(),
  length: z.number().int().positive(),
  labelStats: z.object({ alpha: LabelStatistics, xi: LabelStatistics, d: LabelStatistics }),
  createdAt: z.string(),
});
export type Dataset = z.output<typeof Dataset>;

/** Simulator settings a caller may change; physics validates their ranges and fills in the rest. */
export const SimulationSettings = z.strictObject({
  lattice: z.number().int().optional(),
  detuning: z.enum(DETUNING_MODES).optional(),
  counterRotating: z.boolean().optional(),
  normalisation: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('none') }),
      z.strictObject({ kind: z.literal('sum'), c: z.number() }),
      z.strictObject({ kind: z.literal('cutoff'), radius: z.number() }),
    ])
    .optional(),
  dephasingMap: z.enum(DEPHASING_MAPS).optional(),
  /** Priors of a simulated data set's labels, field by field (see physics.md). */
  priors: z
    .strictObject({
      alpha: z.tuple([z.number(), z.number()]).optional(),
      Gamma: z.tuple([z.number(), z.number()]).optional(),
      xi: z
        .strictObject({ offset: z.number().optional(), numerator: z.number().optional(), shape: z.number().optional(), scale: z.number().optional(), max: z.number().optional() })
        .optional(),
    })
    .optional(),
});

export const RunStatus = z.enum(RUN_STATUSES);

/** A training run: its recipe, its state and its best scores. */
export const Run = z.object({
  id: z.string(),
  datasetId: z.string(),
  preset: z.string(),
  status: RunStatus,
  backendRequested: z.string(),
  backend: z.string().nullable(),
  backendNotes: z.string().nullable(),
  seed: z.number(),
  epochs: z.number().int(),
  hyperparameters: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Seconds spent training: the sum of its epochs' (a resumed run's pause not counted); null before its first epoch, and for an ensemble. */
  trainingSeconds: z.number().nonnegative().nullable(),
  bestEpoch: z.number().int().nullable(),
  bestValLoss: Metric,
  bestValMse: ParameterTriple.nullable(),
  valErr: Metric,
  valPerElement: Metric,
  result: z.record(z.string(), z.unknown()).nullable(),
  tags: z.array(z.string()).readonly(),
  notes: z.string(),
  parentRunId: z.string().nullable(),
  errorMessage: z.string().nullable(),
});
export type Run = z.output<typeof Run>;

export const EpochMetrics = z.object({
  epoch: z.number().int().positive(),
  loss: Metric,
  valLoss: Metric,
  lr: Metric,
  valMseAlpha: Metric,
  valMseXi: Metric,
  valMseD: Metric,
  seconds: Metric,
  samplesPerSecond: Metric,
});
export type EpochMetrics = z.output<typeof EpochMetrics>;

/** Filters and order of a run list: any run column, or `hp.<key>` for a hyperparameter. */
export const RunQuery = z.strictObject({
  datasetId: Id.optional(),
  status: z.union([RunStatus, z.array(RunStatus)]).optional(),
  tag: z.string().max(200).optional(),
  where: z
    .array(z.strictObject({ field: z.string().min(1).max(200), op: z.enum(COMPARISON_OPERATORS), value: z.union([z.number(), z.string(), z.boolean(), z.null()]) }))
    .max(50)
    .optional(),
  orderBy: z.array(z.strictObject({ field: z.string().min(1).max(200), direction: z.enum(['asc', 'desc']).optional() })).max(10).optional(),
  limit: z.number().int().positive().max(10_000).optional(),
});

const RunRecipe = {
  overrides: z.record(z.string(), z.unknown()).optional(),
  epochs: z.number().int().positive().optional(),
  seed: z.number().int().nonnegative().optional(),
  backend: z.enum(BACKEND_PREFERENCES).optional(),
  tags: z.array(z.string().max(100)).max(50).optional(),
  notes: z.string().max(10_000).optional(),
};

export const Job = z.object({
  jobId: z.string(),
  kind: z.enum(JOB_KINDS),
  label: z.string(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
});
export type Job = z.output<typeof Job>;

export const ExportRecord = z.object({
  id: z.string(),
  createdAt: z.string(),
  directory: z.string(),
  gaussRun: z.string().nullable(),
  rkkyRun: z.string().nullable(),
  files: z.array(z.string()).readonly(),
  score: z.record(z.string(), z.unknown()).nullable(),
});

const CurveSplitName = z.enum(['model', 'eval']);
const FitPoint = ParameterTriple.extend({ distance: z.number() });

/** The recipe a fit simulates with: the data set's own, or the physics defaults (or the caller's settings) where none is known. */
export const FitRecipe = z.object({
  known: z.boolean(),
  /** Where the recipe comes from, in words. */
  from: z.string(),
  kernel: z.string(),
  seed: z.number().int().nonnegative(),
  lattice: z.number().int().positive(),
  detuning: z.enum(DETUNING_MODES),
  normalisation: z.string(),
  dephasingMap: z.enum(DEPHASING_MAPS),
  counterRotating: z.boolean(),
});
export type FitRecipe = z.output<typeof FitRecipe>;

/** What a fit may change of the recipe: the seed of the detuning draw(s) and simulation settings. */
const FitRecipeChoice = {
  seed: z.number().int().nonnegative().optional(),
  settings: SimulationSettings.optional(),
};

/** A fit by simulation of one stored curve: the start, the fit and the truth where known, with their curves. */
export const CurveFitOutcome = z.object({
  jobId: z.string(),
  datasetId: z.string(),
  split: CurveSplitName,
  curveIndex: z.number().int().nonnegative(),
  recipe: FitRecipe,
  /** Where the search started: a run's prediction, a point the caller gave, or the centre of the priors. */
  startFrom: z.enum(['run', 'given', 'prior']),
  runId: z.string().nullable(),
  /** The start as asked for; the fit moves it inside the priors' ranges when it lies outside (startMoved). */
  requestedStart: ParameterTriple,
  start: FitPoint,
  startMoved: z.boolean(),
  fit: FitPoint,
  truth: ParameterTriple.nullable(),
  /** Distance of the truth's simulated curve: near zero when the recipe reproduces the curve. */
  truthDistance: z.number().nullable(),
  evaluations: z.number().int().nonnegative(),
  stopped: z.enum(['converged', 'max-evaluations']),
  /** Root mean square difference per value (Re and Im of every sample) at the fit. */
  rms: z.number(),
  seconds: z.number().nonnegative(),
  length: z.number().int().positive(),
  /** The stored curve, the curve simulated at the start and at the fit: each length x 2 (Re, Im interleaved). */
  target: float64Array,
  startCurve: float64Array,
  fittedCurve: float64Array,
});
export type CurveFitOutcome = z.output<typeof CurveFitOutcome>;

/** A built-in preset, or a saved model (family 'layers'), whose title is its name. */
export const Preset = z.object({ name: z.string(), title: z.string(), description: z.string(), family: z.enum(['mlp', 'cnn1d', 'layers']) });

/** One thing wrong with a layer list: the layer (0-based, as in its JSON) and the field, when known. */
export const LayerProblem = z.object({ index: z.number().int().nullable(), field: z.string().nullable(), message: z.string() });

/** A layer list checked on a saved model's default input: each layer's output and weights, the output head last. */
export const ModelCheck = z.object({
  /** Where the JSON text stops being JSON (1-based), with nothing else checked. */
  syntax: z.object({ line: z.number().int(), column: z.number().int(), reason: z.string() }).nullable(),
  inputShape: z.array(z.number().int()),
  /** The list's layers, then the output head (kind 'output'); a shape or count is null after a layer that does not fit. */
  layers: z.array(z.object({ kind: z.string(), outputShape: z.array(z.number().int()).nullable(), parameterCount: z.number().int().nullable() })),
  parameterCount: z.number().int().nullable(),
  problems: z.array(LayerProblem),
});
export type ModelCheck = z.output<typeof ModelCheck>;

/** A network saved as a list of layers, with defaults filled in. */
export const SavedModel = z.object({
  name: z.string(),
  description: z.string(),
  layers: z.array(z.record(z.string(), z.unknown())),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedModel = z.output<typeof SavedModel>;

const SavedModelName = z.string().min(1).max(64);
/** A layer list as JSON text, as its editor holds it. */
const ModelText = z.string().max(200_000);

/** One hyperparameter of a preset, as the training form draws and checks its input. */
export const HyperparameterDescription = z.object({
  key: z.string(),
  type: z.enum(['integer', 'number', 'boolean', 'choice', 'integer-list', 'choice-list']),
  default: z.unknown(),
  nullMeans: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  minExclusive: z.boolean().optional(),
  maxExclusive: z.boolean().optional(),
  options: z.array(z.string()).readonly().optional(),
  minItems: z.number().int().optional(),
  maxItems: z.number().int().optional(),
  unit: z.string().optional(),
  group: z.enum(['data', 'model', 'optimizer', 'schedule', 'stopping']),
  help: z.string(),
});
export type HyperparameterDescription = z.output<typeof HyperparameterDescription>;

/** What a study may spend: training minutes (summed over its sessions, a week at most) or a number of configurations. */
export const MAX_STUDY_MINUTES = 10_080;
export const MAX_STUDY_TRIALS = 10_000;
export const StudyBudget = z.union([z.strictObject({ minutes: z.number().positive().max(MAX_STUDY_MINUTES) }), z.strictObject({ trials: z.number().int().positive().max(MAX_STUDY_TRIALS) })]);

/** How a study searches; each field left out takes the core's default. */
const StudySearch = {
  presets: z.array(z.string().min(1).max(100)).min(1).max(20).optional(),
  /** Members of the study's default ensemble: its best runs. */
  top: z.number().int().positive().max(100).optional(),
  seed: z.number().int().nonnegative().max(0xffffffff).optional(),
  /** Epochs a trial has trained after each rung, increasing. */
  rungs: z.array(z.number().int().positive().max(100_000)).min(1).max(10).optional(),
  /** Successive halving keeps the best 1/reduction at each rung. */
  reduction: z.number().int().min(2).max(100).optional(),
  bracketSize: z.number().int().positive().max(1000).optional(),
  /** Hyperparameters imposed on every trial whose preset has them. */
  fixed: z.record(z.string().min(1).max(100), z.unknown()).optional(),
  backend: RunRecipe.backend,
};

/** A study with its settings, its time spent and its best validation score per element so far. */
export const Study = z.object({
  id: z.string(),
  datasetId: z.string(),
  status: z.enum(STUDY_STATUSES),
  budget: StudyBudget,
  seed: z.number(),
  settings: z.object({
    presets: z.array(z.string()),
    rungs: z.array(z.number().int()),
    reduction: z.number().int(),
    bracketSize: z.number().int(),
    top: z.number().int(),
    fixed: z.record(z.string(), z.unknown()),
    backend: z.string(),
  }),
  elapsedSeconds: z.number().nonnegative(),
  ensembleRunId: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  errorMessage: z.string().nullable(),
  trialCount: z.number().int().nonnegative(),
  bestValPerElement: Metric,
});
export type Study = z.output<typeof Study>;

/** A trial of a study: its run, its successive-halving bracket and the highest rung it reached. */
export const StudyTrial = z.object({ trial: z.number().int().nonnegative(), bracket: z.number().int().nonnegative(), rung: z.number().int().nonnegative(), run: Run });
export type StudyTrial = z.output<typeof StudyTrial>;

/** A moment the study's best validation score improved, in the study's own elapsed time. */
export const BestSoFarPoint = z.object({ elapsedSeconds: z.number().nonnegative(), runId: z.string(), rung: z.number().int(), valPerElement: z.number() });
export type BestSoFarPoint = z.output<typeof BestSoFarPoint>;

export const calls = {
  getWorkspaceInfo: call(Empty, WorkspaceInfo),
  /**
   * Where the workspace could not open because its database is damaged (every call failed with
   * kind 'damaged'): starts a fresh database, keeping the damaged file and the data folders, and
   * opens the workspace. On a workspace that is open already, it changes nothing.
   */
  startFreshDatabase: call(Empty, WorkspaceInfo),
  /** Stores how many trainers the workspace runs at once (null: the default) and applies it now: queued runs start on new trainers; busy ones finish their run. */
  setTrainerCount: call(z.strictObject({ trainers: TrainerCount.nullable() }), WorkspaceInfo),
  /** Newest first. */
  listDatasets: call(Empty, z.array(Dataset)),
  /** Lists a challenge folder's standard files per model, without reading them: what an import would find. */
  inspectFolder: call(z.strictObject({ folder: Path }), FolderContents),
  /** Imports a challenge folder (every model in it, or one) as a job; each model becomes a data set. */
  importDataset: call(z.strictObject({ folder: Path, model: ModelName.optional(), name: z.string().min(1).max(200).optional() }), z.object({ jobId: z.string() })),
  /** Simulates a data set from the priors as a job, into the workspace. */
  simulateDataset: call(
    z.strictObject({
      model: ModelName,
      name: z.string().min(1).max(200).optional(),
      seed: z.number().int().nonnegative(),
      modelCount: z.number().int().positive().max(1_000_000),
      evalCount: z.number().int().nonnegative().max(1_000_000).default(0),
      settings: SimulationSettings.default({}),
    }),
    z.object({ jobId: z.string() }),
  ),
  /**
   * Curves of a data set, a page (offset, limit) or a list of indices, with their labels where
   * known: curves count x length x 2 (Re, Im interleaved), labels count x 3 (alpha, xi, d).
   */
  getCurves: call(
    z
      .strictObject({
        datasetId: Id,
        split: z.enum(['model', 'eval']).default('model'),
        offset: z.number().int().nonnegative().optional(),
        limit: z.number().int().positive().max(2000).optional(),
        indices: z.array(z.number().int().nonnegative()).min(1).max(2000).optional(),
      })
      .refine((args) => args.indices === undefined || (args.offset === undefined && args.limit === undefined), { error: 'give either indices or offset and limit, not both' }),
    z.object({
      datasetId: z.string(),
      split: z.enum(['model', 'eval']),
      /** Curves in this split of the data set. */
      total: z.number().int().nonnegative(),
      length: z.number().int().positive(),
      indices: int32Array,
      curves: float32Array,
      labels: float64Array.nullable(),
    }),
  ),
  /** Every label of a split of a data set (count x 3: alpha, xi, d), null where it has none: for histograms and filters. */
  getLabels: call(
    z.strictObject({ datasetId: Id, split: z.enum(['model', 'eval']).default('model') }),
    z.object({ datasetId: z.string(), split: z.enum(['model', 'eval']), count: z.number().int().nonnegative(), labels: float64Array.nullable() }),
  ),
  /** One curve for the explorer; d null means no dephasing. A newer request overtakes a waiting one (cancelled). */
  simulateCurve: call(
    z.strictObject({
      model: ModelName,
      alpha: z.number(),
      xi: z.number(),
      d: z.number().nullable(),
      seed: z.number().int().nonnegative().default(0),
      settings: SimulationSettings.default({}),
    }),
    z.object({ length: z.number().int().positive(), curve: float64Array, seconds: z.number().nonnegative() }),
  ),
  /**
   * The recipe a fit of the data set's curves would simulate with, given these changes: its own
   * where known (simulated here, the demo, a manifest beside imported files), else the physics
   * defaults with seed 0; the call's error says why no fit can run.
   */
  describeFitRecipe: call(z.strictObject({ datasetId: Id, ...FitRecipeChoice }), FitRecipe),
  /**
   * Fits alpha, xi and d of one stored curve by simulation with its data set's recipe (see
   * describeFitRecipe; `seed` and `settings` change it), as a job (progress per simulation,
   * cancelJob stops it), starting from a run's prediction for the curve, a given point, or the
   * centre of the priors; getFitResult answers once it is done.
   */
  fitCurve: call(
    z.strictObject({
      datasetId: Id,
      split: CurveSplitName.default('model'),
      curveIndex: z.number().int().nonnegative(),
      runId: Id.optional(),
      start: z.strictObject({ alpha: z.number(), xi: z.number().positive(), d: z.number() }).optional(),
      maxEvaluations: z.number().int().min(2).max(100_000).optional(),
      ...FitRecipeChoice,
    }),
    z.object({ jobId: z.string() }),
  ),
  /** The outcome of a fit job that ended done (the last few are kept). */
  getFitResult: call(z.strictObject({ jobId: Id }), CurveFitOutcome),
  listPresets: call(Empty, z.array(Preset)),
  describeHyperparameters: call(z.strictObject({ preset: z.string().min(1).max(100) }), z.array(HyperparameterDescription)),
  /** The saved models, by name. */
  listModels: call(Empty, z.array(SavedModel)),
  /** Checks a layer list's JSON text: syntax (line and column), each layer's fields and shapes, the parameter count. */
  checkModel: call(z.strictObject({ text: ModelText }), ModelCheck),
  /** Saves a layer list under a new name, or with `replace` over the model of that name; refused while it has a problem. */
  saveModel: call(z.strictObject({ name: SavedModelName, description: z.string().max(2000).default(''), text: ModelText, replace: z.boolean().default(false) }), SavedModel),
  /** Deletes a saved model; its runs keep their layers. */
  deleteModel: call(z.strictObject({ name: SavedModelName }), z.object({})),
  /** Creates a run and queues it for the trainer; resolves with its row (status 'queued'). */
  startRun: call(z.strictObject({ datasetId: Id, preset: z.string().min(1).max(100), ...RunRecipe }), Run),
  /** Cancels a queued run, or stops the training one after its current batch. */
  cancelRun: call(z.strictObject({ runId: Id }), z.object({})),
  /** Continues an interrupted or cancelled run from its last checkpoint; `epochs` may raise its plan. */
  resumeRun: call(z.strictObject({ runId: Id, epochs: z.number().int().positive().optional(), restart: z.boolean().optional() }), Run),
  /** A new run from a run's recipe with edits (and maybe another data set); queued unless start is false. */
  cloneRun: call(z.strictObject({ runId: Id, datasetId: Id.optional(), start: z.boolean().default(true), ...RunRecipe }), Run),
  /** Replaces a run's tags (trimmed, each once); answers the run as it is now. */
  setRunTags: call(z.strictObject({ runId: Id, tags: z.array(z.string().max(100)).max(50) }), Run),
  /** Replaces a run's notes; answers the run as it is now. */
  setRunNotes: call(z.strictObject({ runId: Id, notes: z.string().max(10_000) }), Run),
  /** Runs, newest first unless ordered otherwise. */
  listRuns: call(RunQuery.default({}), z.array(Run)),
  /** A run with every stored epoch. */
  getRunMetrics: call(z.strictObject({ runId: Id }), z.object({ run: Run, epochs: z.array(EpochMetrics) })),
  /**
   * A finished run's predictions (count x 3, physical units) on its validation split or on the
   * eval curves, with the true labels where known, the curve index of each row, and the standard
   * deviation of each prediction (count x 3, physical units) for runs that estimate one.
   */
  getRunPredictions: call(
    z.strictObject({ runId: Id, split: z.enum(['validation', 'eval']) }),
    z.object({
      runId: z.string(),
      split: z.enum(['validation', 'eval']),
      count: z.number().int().nonnegative(),
      indices: int32Array,
      predictions: float64Array,
      truth: float64Array.nullable(),
      std: float64Array.nullable(),
    }),
  ),
  /** Saliency of a finished run: 3 x features (alpha, xi, d), signed and absolute, with the input layout. */
  getRunHeatmap: call(
    z.strictObject({ runId: Id }),
    z.object({
      runId: z.string(),
      features: z.number().int().positive(),
      layout: z.object({ windowStart: z.number().int(), windowEnd: z.number().int(), channels: z.array(z.string()), arrangement: z.enum(['flat', 'sequence']) }),
      signed: float64Array,
      absolute: float64Array,
    }),
  ),
  /**
   * Writes the submission files of the chosen runs ('best' picks the best finished run of the
   * kernel), a summary.json and a self-contained report.html describing them.
   */
  exportSubmission: call(
    z.strictObject({ outDir: Path, gauss: Id.optional(), rkky: Id.optional() }).refine((args) => args.gauss !== undefined || args.rkky !== undefined, { error: 'name a gauss run, an RKKY run, or both' }),
    z.object({ export: ExportRecord, paths: z.array(z.string()).readonly() }),
  ),
  /** The absolute folder an export of `outDir` would write into (a relative one is taken from the home folder), to show before writing. */
  resolveExportFolder: call(z.strictObject({ outDir: Path }), z.object({ path: z.string() })),
  listExports: call(Empty, z.array(ExportRecord)),
  /**
   * Prints an export's report.html to report.pdf beside it. Electron only: the browser answers
   * 'unavailable', and the HTML report stands as the document.
   */
  printReportPdf: call(z.strictObject({ exportId: Id }), z.object({ path: z.string() })),
  /** Long jobs still going (imports, simulations): what a page that reconnects needs. */
  listJobs: call(Empty, z.array(Job)),
  cancelJob: call(z.strictObject({ jobId: Id }), z.object({ cancelled: z.boolean() })),
  /** A native folder dialog; null when the user cancels. Electron only: the browser answers 'unavailable', type a path. */
  chooseFolder: call(z.strictObject({ title: z.string().max(200), forSaving: z.boolean().default(false) }), ChosenPath),
  /** Records a study of a data set and starts it: random draws and successive halving within the budget; answers it running. */
  startStudy: call(z.strictObject({ datasetId: Id, budget: StudyBudget, ...StudySearch }), Study),
  /** Studies, newest first. */
  listStudies: call(Empty, z.array(Study)),
  /** A study with its trials in draw order, its best-so-far curve and its top k finished runs (k: the study's own by default). */
  getStudy: call(
    z.strictObject({ studyId: Id, top: z.number().int().positive().max(100).optional() }),
    z.object({ study: Study, trials: z.array(StudyTrial), bestSoFar: z.array(BestSoFarPoint), top: z.array(Run) }),
  ),
  /** Stops a running study (its trial in training is cancelled, resumable); answers once it has stopped. */
  stopStudy: call(z.strictObject({ studyId: Id }), Study),
  /** Continues a study where it was, with a new budget if given; answers it running. */
  resumeStudy: call(z.strictObject({ studyId: Id, budget: StudyBudget.optional() }), Study),
  /** An ensemble run of chosen finished runs of one data set, or of a study's top k trials; answers the finished run. */
  createEnsemble: call(
    z.union([z.strictObject({ runIds: z.array(Id).min(2).max(50) }), z.strictObject({ studyId: Id, top: z.number().int().positive().max(100).optional() })]),
    Run,
  ),
} as const;

export const JobProgress = z.object({
  jobId: z.string(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
});

export const MenuCommand = z.object({
  command: z.enum(['open-data-folder', 'new-simulated-dataset', 'export-submission']),
});

export const events = {
  jobProgress: JobProgress,
  /** A job ended: done, failed (with the reason) or cancelled. */
  jobFinished: z.object({ jobId: z.string(), kind: Job.shape.kind, outcome: z.enum(JOB_OUTCOMES), message: z.string().nullable() }),
  datasetReady: z.object({ dataset: Dataset }),
  /** A run's row changed: status, backend, scores. */
  runState: z.object({ run: Run }),
  /** A run stored an epoch; with the plan, for a progress line with an ETA. */
  runEpoch: z.object({ runId: z.string(), metrics: EpochMetrics, totalEpochs: z.number().int(), startEpoch: z.number().int(), backend: z.string() }),
  /** Menu items of the Electron window that the UI carries out, the same way as its own buttons. */
  menuCommand: MenuCommand,
  /** A study started, stopped or ended, or one of its trials started, settled or was promoted. */
  studyState: z.object({ study: Study }),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
/** What a caller sends (defaults may be left out). */
export type CallArgs<N extends CallName> = z.input<Calls[N]['args']>;
/** What a handler receives, defaults filled in. */
export type CallInput<N extends CallName> = z.output<Calls[N]['args']>;
export type CallResult<N extends CallName> = z.output<Calls[N]['result']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** Error kinds a call can fail with; the UI words each one differently. */
export const ErrorKind = z.enum([
  /** An argument the schema or the core refused. */
  'input',
  /** A user's file is malformed: see location. */
  'file',
  'cancelled',
  /** Only available in the Electron app (native dialogs). */
  'unavailable',
  /** The workspace database is damaged: nothing opens until the user calls startFreshDatabase. */
  'damaged',
  /** The message itself was wrong: not JSON, no such call, too large. */
  'protocol',
  'internal',
]);

export const WireError = z.object({
  kind: ErrorKind,
  message: z.string(),
  location: z.object({ path: z.string(), line: z.number(), column: z.number() }).optional(),
});
export type WireError = z.output<typeof WireError>;

export type ReplyBody<N extends CallName = CallName> =
  | { readonly ok: true; readonly value: CallResult<N> }
  | { readonly ok: false; readonly error: WireError };

/** Messages on the WebSocket, in both directions; each reply carries its request's id. */
export type CallRequest = { readonly type: 'call'; readonly id: number; readonly name: CallName; readonly args: unknown };
export type CallReply = { readonly type: 'reply'; readonly id: number | null } & ReplyBody;
export type EventMessage = { readonly [E in EventName]: { readonly type: 'event'; readonly name: E; readonly payload: EventPayload<E> } }[EventName];
export type ServerMessage = CallReply | EventMessage;

/** What Electron's preload puts on `window.workbench`: the contract as a pipe, checked in the main process. */
export interface BridgeApi {
  call(name: CallName, args: unknown): Promise<ReplyBody>;
  /** Every event of the contract; returns the unsubscribe function. */
  onEvent(listener: (event: EventMessage) => void): () => void;
  /** The path on disk of a file or folder dropped on the window; null for anything without one. */
  pathForFile(file: File): string | null;
}
