// The typed API between the UI and the core: every call and event, named once, each with a zod
// schema; types are inferred from the schemas. The renderer imports this module's types only.
import { z } from 'zod';

/** Defines a call: the schema of its argument object and of its result. */
function call<A extends z.ZodType, R extends z.ZodType>(args: A, result: R, availability: 'everywhere' | 'electron' = 'everywhere') {
  return { args, result, availability } as const;
}

const Empty = z.strictObject({});

// Curves and labels cross as typed arrays: structured clone over IPC, raw bytes on the WebSocket.
const float64Array = z.custom<Float64Array>((value) => value instanceof Float64Array, { error: 'expected a Float64Array' });

export const WorkspaceInfo = z.object({
  productName: z.string(),
  version: z.string(),
  workspaceDir: z.string(),
  /** Where the UI runs: the Electron window or a browser on the loopback server. */
  mode: z.enum(['electron', 'browser']),
  mlBackend: z.object({ name: z.string(), detail: z.string() }),
  platform: z.object({ os: z.string(), arch: z.string(), node: z.string(), electron: z.string().nullable() }),
});

export type WorkspaceInfo = z.output<typeof WorkspaceInfo>;

export const ChosenPath = z.object({ path: z.string().nullable() });

const ModelName = z.enum(['gauss', 'RKKY']);
const LabelStatistics = z.object({ min: z.number(), max: z.number(), mean: z.number(), std: z.number() });

/** A data set of the workspace as the UI lists it. */
export const Dataset = z.object({
  id: z.string(),
  name: z.string(),
  model: ModelName,
  source: z.enum(['imported', 'simulated', 'demo']),
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
  detuning: z.enum(['per-dataset', 'per-curve']).optional(),
  counterRotating: z.boolean().optional(),
  normalisation: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('none') }),
      z.strictObject({ kind: z.literal('sum'), c: z.number() }),
      z.strictObject({ kind: z.literal('cutoff'), radius: z.number() }),
    ])
    .optional(),
  dephasingMap: z.enum(['power-of-ten', 'natural-log']).optional(),
});

export const Preset = z.object({ name: z.string(), title: z.string(), description: z.string(), family: z.enum(['mlp', 'cnn1d']) });

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

export const calls = {
  getWorkspaceInfo: call(Empty, WorkspaceInfo),
  /** Newest first. */
  listDatasets: call(Empty, z.array(Dataset)),
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
  listPresets: call(Empty, z.array(Preset)),
  describeHyperparameters: call(z.strictObject({ preset: z.string().min(1).max(100) }), z.array(HyperparameterDescription)),
  /** A native folder dialog; null when the user cancels. Electron only: the browser types a path. */
  chooseFolder: call(z.strictObject({ title: z.string().max(200), forSaving: z.boolean().default(false) }), ChosenPath, 'electron'),
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
  datasetReady: z.object({ dataset: Dataset }),
  /** Menu items of the Electron window that the UI carries out, the same way as its own buttons. */
  menuCommand: MenuCommand,
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
}
