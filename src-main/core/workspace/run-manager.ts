// The runs of a workspace: a row before a run starts, a queue in front of the pool of trainer
// processes (several runs train at once), and the bookkeeping of their events (status, epochs,
// checkpoints, results) as they arrive; this process stays the only writer of the database.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CancelledError, describeError, InputError } from '../errors.ts';
import type { BackendPreference } from '../learn/backend-names.ts';
import { previousCheckpointPath, recoverCheckpoint } from '../learn/checkpoint-file.ts';
import { SETTINGS_OF_OLDER_RUNS } from '../learn/presets.ts';
import type { CheckpointEpoch, EpochMetrics as TrainerEpochMetrics, TrainResult } from '../learn/train.ts';
import type { TrainerClient } from '../learn/trainer-client.ts';
import { TrainerPool } from '../learn/trainer-pool.ts';
import type { TrainerEvent, TrainJob } from '../learn/trainer-protocol.ts';
import { writeArrayFile } from '../formats/array-file.ts';
import { listArtifacts, recordArtifact, type ArtifactRecord } from '../store/artifacts.ts';
import { requireDataset, type DatasetRecord } from '../store/datasets.ts';
import { lastEpoch, listEpochMetrics, truncateEpochsAfter, upsertEpochMetrics, type EpochMetrics, type StoredEpochMetrics } from '../store/epoch-metrics.ts';
import { newId } from '../store/ids.ts';
import { trainingSecondsByRun } from '../store/run-training-time.ts';
import {
  insertRun,
  queryRuns,
  requireRun,
  setRunBackend,
  setRunEpochs,
  setRunResult,
  setRunScore,
  setRunNotes,
  setRunStatus,
  setRunTags,
  type Hyperparameters,
  type RunQuery,
  type RunRecord,
  type RunStatus,
} from '../store/runs.ts';
import { Augmentation } from './augmentation.ts';
import type { ModelLibrary } from './model-library.ts';
import type { WorkspaceContext } from './workspace-context.ts';

export interface CreateRunRequest {
  readonly datasetId: string;
  readonly preset: string;
  /** Overrides of the preset's defaults; validated at once, so a bad value never becomes a row. */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** Shorthands for the `epochs` and `seed` hyperparameters. */
  readonly epochs?: number;
  readonly seed?: number;
  readonly backend?: BackendPreference;
  readonly tags?: readonly string[];
  readonly notes?: string;
}

export interface CloneRunRequest {
  /** Edits of the parent's hyperparameters. */
  readonly overrides?: Readonly<Record<string, unknown>>;
  readonly epochs?: number;
  readonly seed?: number;
  readonly backend?: BackendPreference;
  /** Train the same recipe on another data set. */
  readonly datasetId?: string;
  readonly tags?: readonly string[];
  readonly notes?: string;
}

export interface ResumeOptions {
  /** Raise (or lower) the run's planned epochs. */
  readonly epochs?: number;
  /**
   * Train the run's recipe again from epoch 1, as a new run (its parent keeps its history): the
   * person's choice when the run's checkpoint is missing or damaged.
   */
  readonly restart?: boolean;
}

export interface ResumedRun {
  /** The run now queued: the same run, or with `restart` the new one. */
  readonly run: RunRecord;
  /** One line on how it continues: from which checkpoint, or as which new run. */
  readonly note: string;
  /** Resolves with the run's row once it has settled. */
  readonly settled: Promise<RunRecord>;
}

export interface RunDetails {
  readonly run: RunRecord;
  readonly dataset: DatasetRecord;
  readonly epochs: readonly StoredEpochMetrics[];
  readonly artifacts: readonly ArtifactRecord[];
}

/** A run's hyperparameters as the trainer takes them: resolved, without the preset's own keys. */
type StoredHyperparameters = Record<string, unknown>;

interface QueuedRun {
  readonly runId: string;
  readonly resume: boolean;
}

interface ActiveRun {
  readonly runId: string;
  totalEpochs: number;
  startEpoch: number;
  backend: string;
  /** Set when the owner's own bookkeeping failed: the trainer is asked to stop, the run fails with it. */
  failure: string | null;
  cancelRequested: boolean;
  /** Stops the simulation of the run's augmentation curves, while it goes on before training. */
  preparation: AbortController | null;
  /** The trainer process of the run, once its job is sent. */
  trainer: TrainerClient | null;
}

const SETTLED: ReadonlySet<RunStatus> = new Set(['finished', 'failed', 'cancelled', 'interrupted']);

function toStoredMetrics(epoch: number, metrics: TrainerEpochMetrics): EpochMetrics {
  return {
    epoch,
    loss: metrics.loss,
    valLoss: metrics.valLoss,
    lr: metrics.lr,
    valMseAlpha: metrics.valMse.alpha,
    valMseXi: metrics.valMse.xi,
    valMseD: metrics.valMse.d,
    seconds: metrics.seconds,
    samplesPerSecond: metrics.samplesPerSecond,
  };
}

/**
 * The learn modules, loaded on first use: they load TensorFlow.js (about a second), which a
 * workspace that only lists, predicts from stored results or exports never needs.
 */
async function loadLearn() {
  const [backend, hyperparameters, train, client] = await Promise.all([
    import('../learn/backend.ts'),
    import('../learn/hyperparameters.ts'),
    import('../learn/train.ts'),
    import('../learn/trainer-client.ts'),
  ]);
  return {
    BACKEND_PREFERENCES: backend.BACKEND_PREFERENCES,
    resolveHyperparameters: hyperparameters.resolveHyperparameters,
    CHECKPOINT_FILES: train.CHECKPOINT_FILES,
    TrainerClient: client.TrainerClient,
  };
}
type Learn = Awaited<ReturnType<typeof loadLearn>>;

function checkBackend(learn: Learn, backend: string): BackendPreference {
  if (!(learn.BACKEND_PREFERENCES as readonly string[]).includes(backend)) {
    throw new InputError(`unknown backend '${backend}' (expected one of ${learn.BACKEND_PREFERENCES.join(', ')})`);
  }
  return backend as BackendPreference;
}

/** Describes how the trainer process ended, for the run's error message. */
function describeExit(event: Extract<TrainerEvent, { type: 'exited' }>): string {
  if (event.signal) return `the trainer process was killed (${event.signal})`;
  // The last line that says something, likely the error it died of: rules of dashes say nothing.
  const lastLine = event.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /[A-Za-z]/.test(line))
    .pop();
  return `the trainer process exited with code ${event.code}${lastLine ? `: ${lastLine}` : ''}`;
}

export class RunManager {
  private readonly pool: TrainerPool;
  private readonly queue: QueuedRun[] = [];
  /** The runs taken from the queue, preparing or training: at most the pool's size, but for a shrunk pool's busy trainers. */
  private readonly active = new Map<string, ActiveRun>();
  private readonly waiters = new Map<string, ((run: RunRecord) => void)[]>();
  private closing = false;
  private learn: Learn | null = null;
  private readonly augmentation: Augmentation;

  constructor(
    private readonly context: WorkspaceContext,
    private readonly models: ModelLibrary,
    /** Makes a trainer client; a fresh one after a trainer process died. Default: a forked trainer process. */
    createTrainer: (() => TrainerClient) | null,
    /** How many runs train at once, each in its own trainer process. */
    trainers: number,
  ) {
    this.augmentation = new Augmentation(context);
    // The learn modules are loaded before any run asks for a trainer.
    this.pool = new TrainerPool(createTrainer ?? (() => new this.learn!.TrainerClient()), trainers);
  }

  /** How many runs may train at once. */
  get trainerCount(): number {
    return this.pool.size;
  }

  /** Changes how many runs train at once: queued runs start at once on new trainers; busy ones finish their run first. */
  setTrainerCount(trainers: number): void {
    this.pool.resize(trainers);
    this.pump();
  }

  private async learnModules(): Promise<Learn> {
    this.learn ??= await loadLearn();
    return this.learn;
  }

  get(id: string): RunRecord {
    return requireRun(this.context.db, id);
  }

  list(query: RunQuery = {}): RunRecord[] {
    return queryRuns(this.context.db, query);
  }

  /** Seconds each run trained (its epochs' sum), for the runs with a timed epoch. */
  trainingSeconds(runIds: readonly string[]): Map<string, number> {
    return trainingSecondsByRun(this.context.db, runIds);
  }

  /** A run with its data set, every stored epoch and its artifacts. */
  show(id: string): RunDetails {
    const run = this.get(id);
    const { db } = this.context;
    return { run, dataset: requireDataset(db, run.datasetId), epochs: listEpochMetrics(db, id), artifacts: listArtifacts(db, id) };
  }

  /** The last epoch stored for a run (0 before its first). */
  lastStoredEpoch(id: string): number {
    return lastEpoch(this.context.db, id);
  }

  /** Creates a run's row, 'queued', with its hyperparameters resolved and validated; does not start it. */
  async create(request: CreateRunRequest, parentRunId: string | null = null): Promise<RunRecord> {
    this.context.requireWritable('create a run');
    const { db } = this.context;
    const dataset = requireDataset(db, request.datasetId);
    const learn = await this.learnModules();
    const backend = checkBackend(learn, request.backend ?? 'auto');
    const overrides: Record<string, unknown> = { ...request.overrides };
    if (request.epochs !== undefined) overrides.epochs = request.epochs;
    if (request.seed !== undefined) overrides.seed = request.seed;
    const { preset, family: _family, ...resolved } = learn.resolveHyperparameters(request.preset, this.models.withLayers(request.preset, overrides), dataset.length);
    if (resolved.augmentCurves > 0) await this.augmentation.requireRecipe(dataset);
    const id = newId(db, 'run');
    const directory = `runs/${id}`;
    await mkdir(this.context.resolve(directory), { recursive: true });
    const run = insertRun(db, {
      id,
      datasetId: dataset.id,
      preset,
      backendRequested: backend,
      seed: resolved.seed,
      epochs: resolved.epochs,
      hyperparameters: resolved as Hyperparameters,
      directory,
      tags: request.tags,
      notes: request.notes,
      parentRunId,
    });
    this.context.events.emit({ type: 'run-state', run });
    return run;
  }

  /** A new run from a run's recipe with edits, remembering its parent; not started. */
  async clone(id: string, request: CloneRunRequest = {}): Promise<RunRecord> {
    const parent = this.get(id);
    return this.create(
      {
        datasetId: request.datasetId ?? parent.datasetId,
        preset: parent.preset,
        overrides: { ...parent.hyperparameters, ...request.overrides },
        epochs: request.epochs,
        seed: request.seed,
        backend: request.backend ?? (parent.backendRequested as BackendPreference),
        tags: request.tags ?? parent.tags,
        notes: request.notes ?? `clone of ${parent.id}`,
      },
      parent.id,
    );
  }

  /** Replaces a run's tags: trimmed, empty ones dropped, each once. */
  setTags(id: string, tags: readonly string[]): RunRecord {
    this.context.requireWritable('tag a run');
    this.get(id);
    const cleaned = tags.map((tag) => tag.trim()).filter((tag) => tag.length > 0);
    const tooLong = cleaned.find((tag) => tag.length > 100);
    if (tooLong !== undefined) throw new InputError(`a tag may hold at most 100 characters ('${tooLong.slice(0, 20)}...' has ${tooLong.length})`);
    setRunTags(this.context.db, id, cleaned);
    return this.emitChanged(id);
  }

  /** Replaces a run's notes. */
  setNotes(id: string, notes: string): RunRecord {
    this.context.requireWritable('write notes on a run');
    this.get(id);
    setRunNotes(this.context.db, id, notes);
    return this.emitChanged(id);
  }

  /** Queues a new run for the trainer; resolves with its row once it has settled (finished, failed ...). */
  start(id: string): Promise<RunRecord> {
    this.context.requireWritable('start a run');
    const run = this.get(id);
    if (run.status !== 'queued' || this.isQueuedOrActive(id)) {
      throw new InputError(`run '${id}' is ${run.status}${this.isQueuedOrActive(id) ? ' and already waiting for a trainer' : ''}; only a new run can be started`);
    }
    return this.enqueue({ runId: id, resume: false });
  }

  /** Creates a run and starts it. */
  async train(request: CreateRunRequest): Promise<{ run: RunRecord; settled: Promise<RunRecord> }> {
    const run = await this.create(request);
    return { run, settled: this.start(run.id) };
  }

  /**
   * Continues an interrupted or cancelled run under the same id from its last checkpoint; the
   * epochs after that checkpoint are trained (and stored) again. `epochs` may change its plan.
   * A damaged or missing checkpoint falls back to the one before it, saying so (in the note, and
   * on the run's notes). With neither usable, the run is refused (its stored epochs are never
   * deleted) unless `restart` asks for its recipe to be trained again as a new run; a run that
   * never finished an epoch nor wrote a checkpoint simply starts over, losing nothing.
   */
  async resume(id: string, options: ResumeOptions = {}): Promise<ResumedRun> {
    this.context.requireWritable('resume a run');
    const { CHECKPOINT_FILES } = await this.learnModules();
    const { db } = this.context;
    const run = this.get(id);
    if (run.status !== 'interrupted' && run.status !== 'cancelled') {
      throw new InputError(`run '${id}' is ${run.status}; only an interrupted or cancelled run can be resumed (clone it instead)`);
    }
    if (options.epochs !== undefined && (!Number.isInteger(options.epochs) || options.epochs < 1)) {
      throw new InputError(`epochs must be a positive integer, not ${options.epochs}`);
    }
    if (options.restart) {
      const restarted = await this.clone(id, { epochs: options.epochs, notes: `restart of ${id}, trained again from epoch 1` });
      return { run: restarted, note: `restarted as run '${restarted.id}' from epoch 1; run '${id}' keeps its ${lastEpoch(db, id)} stored epochs`, settled: this.start(restarted.id) };
    }

    const lastPath = join(this.context.resolve(run.directory), CHECKPOINT_FILES.last);
    const neverCheckpointed = !existsSync(lastPath) && !existsSync(previousCheckpointPath(lastPath));
    const stored = lastEpoch(db, id);
    let resumeFromCheckpoint = true;
    let note: string;
    if (neverCheckpointed && stored === 0) {
      resumeFromCheckpoint = false;
      note = 'it finished no epoch before it stopped: training from epoch 1';
    } else {
      const check = await recoverCheckpoint(lastPath);
      if (check.state === 'unusable') {
        throw new InputError(
          `run '${id}' cannot be resumed: ${check.problem}; its ${stored} stored epochs are kept. ` +
            'Restart it to train its recipe again from epoch 1 as a new run (the CLI\'s runs resume --restart)',
        );
      }
      const { epoch, history } = check.content.meta as { epoch?: unknown; history?: readonly CheckpointEpoch[] };
      // A trainer runs ahead of its owner: epochs it checkpointed while the owner died were never
      // recorded. The checkpoint keeps them, so the history continues without a gap.
      const unrecorded = (history ?? []).filter((entry) => entry.epoch > stored);
      for (const entry of unrecorded) upsertEpochMetrics(db, id, toStoredMetrics(entry.epoch, entry.metrics));
      const recovered = unrecorded.length === 0 ? '' : `; epochs ${unrecorded[0].epoch}-${unrecorded.at(-1)!.epoch} recorded from it`;
      if (check.state === 'restored') {
        const kept = check.keptAs === null ? '' : `, the damaged one kept as ${this.context.relativize(check.keptAs)}`;
        note = `${check.problem}: resuming from the checkpoint before it, of epoch ${String(epoch)}${kept}${recovered}`;
        setRunNotes(db, id, [run.notes, note].filter((text) => text.length > 0).join('\n'));
      } else note = `resuming from its checkpoint of epoch ${String(epoch)}${recovered}`;
    }
    if (options.epochs !== undefined) setRunEpochs(db, id, options.epochs);
    this.emitState(setRunStatus(db, id, 'queued'));
    return { run: this.get(id), note, settled: this.enqueue({ runId: id, resume: resumeFromCheckpoint }) };
  }

  /**
   * Trains a finished run further, to `epochs` in all, from its last checkpoint, under the same id
   * (a study promoting a trial to its next rung). Its results are replaced when it finishes again.
   * Resolves once the run is queued (so that the caller never queues it twice), with its settling.
   */
  async extend(id: string, epochs: number): Promise<{ readonly settled: Promise<RunRecord> }> {
    this.context.requireWritable('extend a run');
    const { CHECKPOINT_FILES } = await this.learnModules();
    const run = this.get(id);
    if (run.status !== 'finished') throw new InputError(`run '${id}' is ${run.status}; only a finished run can be extended`);
    if (!Number.isInteger(epochs) || epochs <= run.epochs) throw new InputError(`run '${id}' has ${run.epochs} epochs; extend it to more, not ${epochs}`);
    const check = await recoverCheckpoint(join(this.context.resolve(run.directory), CHECKPOINT_FILES.last));
    if (check.state === 'unusable') throw new InputError(`run '${id}' cannot be extended: ${check.problem}`);
    setRunEpochs(this.context.db, id, epochs);
    this.emitState(setRunStatus(this.context.db, id, 'queued'));
    return { settled: this.enqueue({ runId: id, resume: true }) };
  }

  /** Cancels a queued run at once, or asks its trainer to stop an active one after its current batch; other runs go on. */
  cancel(id: string): void {
    this.context.requireWritable('cancel a run');
    const index = this.queue.findIndex((queued) => queued.runId === id);
    if (index >= 0) {
      this.queue.splice(index, 1);
      const cancelled = setRunStatus(this.context.db, id, 'cancelled', { errorMessage: 'cancelled before it started' });
      this.emitState(cancelled);
      this.settle(cancelled);
      return;
    }
    const active = this.active.get(id);
    if (active) {
      active.cancelRequested = true;
      active.preparation?.abort();
      active.trainer?.cancel(id);
      return;
    }
    throw new InputError(`run '${id}' is ${this.get(id).status}; there is nothing to cancel`);
  }

  /** Resolves once the run has settled; at once if it already has. */
  settled(id: string): Promise<RunRecord> {
    const run = this.get(id);
    if (SETTLED.has(run.status) && !this.isQueuedOrActive(id)) return Promise.resolve(run);
    return new Promise((resolve) => {
      this.waiters.set(id, [...(this.waiters.get(id) ?? []), resolve]);
    });
  }

  /**
   * Stops everything: queued runs become 'interrupted' (they may be resumed later), the trainer
   * processes are ended and their runs, once each process is gone, are 'interrupted' too.
   */
  async close(): Promise<void> {
    this.closing = true;
    for (const queued of this.queue.splice(0)) {
      const interrupted = setRunStatus(this.context.db, queued.runId, 'interrupted', { errorMessage: 'the workspace closed before the run started' });
      this.emitState(interrupted);
      this.settle(interrupted);
    }
    const active = [...this.active.values()];
    const done = Promise.all(active.map((run) => this.settled(run.runId)));
    for (const run of active) run.preparation?.abort();
    this.pool.dispose();
    await done;
  }

  private isQueuedOrActive(id: string): boolean {
    return this.active.has(id) || this.queue.some((queued) => queued.runId === id);
  }

  private enqueue(queued: QueuedRun): Promise<RunRecord> {
    const settled = this.settled(queued.runId);
    this.queue.push(queued);
    this.pump();
    return settled;
  }

  private emitChanged(id: string): RunRecord {
    const run = this.get(id);
    this.emitState(run);
    return run;
  }

  private emitState(run: RunRecord): void {
    this.context.events.emit({ type: 'run-state', run });
  }

  /** Resolves the waiters of a run that has reached its final status (already emitted). */
  private settle(run: RunRecord): void {
    const waiters = this.waiters.get(run.id) ?? [];
    this.waiters.delete(run.id);
    for (const resolve of waiters) resolve(run);
  }

  /** Takes queued runs, first in first out, while the pool has a free trainer. */
  private pump(): void {
    while (!this.closing && this.queue.length > 0 && this.active.size < this.pool.size) void this.trainQueued(this.queue.shift()!);
  }

  /** Prepares a run, trains it on a trainer of the pool and follows it to its end. */
  private async trainQueued(next: QueuedRun): Promise<void> {
    const run = this.get(next.runId);
    const active: ActiveRun = {
      runId: run.id,
      totalEpochs: run.epochs,
      startEpoch: 0,
      backend: run.backendRequested,
      failure: null,
      cancelRequested: false,
      preparation: null,
      trainer: null,
    };
    this.active.set(run.id, active);
    try {
      const learn = await this.learnModules();
      if (this.closing) {
        this.emitState(setRunStatus(this.context.db, run.id, 'interrupted', { errorMessage: 'the workspace closed before the run started' }));
        return;
      }
      const { preset: _preset, family: _family, ...stored } = run.hyperparameters as StoredHyperparameters;
      const hyperparameters = { ...SETTINGS_OF_OLDER_RUNS, ...stored };
      const dataset = requireDataset(this.context.db, run.datasetId);
      const augmentCurves = typeof hyperparameters.augmentCurves === 'number' ? hyperparameters.augmentCurves : 0;
      let augmentDir: string | undefined;
      if (augmentCurves > 0) {
        // Simulated here, in the owner's worker pool, before the trainer needs them: the run stays
        // queued meanwhile, as job augment-<run id>, whose cancel cancels the run.
        active.preparation = new AbortController();
        if (active.cancelRequested) active.preparation.abort();
        const { result } = this.context.jobs.run(
          'augment',
          `simulate ${augmentCurves} augmentation curves for ${run.id}`,
          (signal, onProgress) => this.augmentation.prepare(dataset, augmentCurves, { signal, onProgress }),
          { key: run.id, signal: active.preparation.signal },
        );
        augmentDir = await result;
        active.preparation = null;
      }
      const job: TrainJob = {
        runId: run.id,
        datasetDir: this.context.resolve(dataset.directory),
        checkpointDir: this.context.resolve(run.directory),
        preset: run.preset,
        hyperparameters,
        backend: run.backendRequested as BackendPreference,
        resume: next.resume,
        ...(augmentDir && { augmentDir }),
      };
      const trainer = this.pool.acquire();
      active.trainer = trainer;
      const events = trainer.start(job);
      // A cancel that came while the learn modules were loading has not reached any trainer yet.
      if (active.cancelRequested) trainer.cancel(run.id);
      for await (const event of events) {
        if (active.failure !== null) continue;
        try {
          await this.apply(learn, active, event);
        } catch (error) {
          active.failure = `the workspace could not record the run: ${describeError(error)}`;
          trainer.cancel(run.id);
        }
      }
    } catch (error) {
      // A cancel while the augmentation curves were simulated: the run's, or its job's (then the run's too).
      if (error instanceof CancelledError && (active.cancelRequested || this.closing || active.preparation !== null)) {
        const status = active.cancelRequested || !this.closing ? 'cancelled' : 'interrupted';
        this.emitState(setRunStatus(this.context.db, run.id, status, { errorMessage: `${status} while its augmentation curves were simulated` }));
      } else active.failure = describeError(error);
    } finally {
      let final = this.get(run.id);
      if (active.failure !== null && !SETTLED.has(final.status)) {
        final = setRunStatus(this.context.db, run.id, 'failed', { errorMessage: active.failure });
        this.emitState(final);
      }
      if (active.trainer) this.pool.release(active.trainer);
      this.active.delete(run.id);
      this.settle(final);
      this.pump();
    }
  }

  private async apply(learn: Learn, active: ActiveRun, event: TrainerEvent): Promise<void> {
    const { CHECKPOINT_FILES } = learn;
    const { db } = this.context;
    const runId = active.runId;
    switch (event.type) {
      case 'started': {
        active.totalEpochs = event.totalEpochs;
        active.startEpoch = event.startEpoch;
        active.backend = event.backend;
        // Epochs after the checkpoint belong to the history the resume discards.
        truncateEpochsAfter(db, runId, event.startEpoch);
        setRunBackend(db, runId, event.backend, event.notes.length > 0 ? event.notes.join('; ') : null);
        this.emitState(setRunStatus(db, runId, 'running'));
        return;
      }
      case 'epoch': {
        const metrics = toStoredMetrics(event.epoch, event.metrics);
        upsertEpochMetrics(db, runId, metrics);
        this.context.events.emit({ type: 'run-epoch', runId, metrics, totalEpochs: active.totalEpochs, startEpoch: active.startEpoch, backend: active.backend });
        return;
      }
      case 'checkpoint': {
        const directory = this.get(runId).directory;
        recordArtifact(db, { runId, kind: 'checkpoint', path: `${directory}/${CHECKPOINT_FILES.last}`, epoch: event.epoch, meta: { role: 'last' } });
        if (event.best) recordArtifact(db, { runId, kind: 'checkpoint', path: `${directory}/${CHECKPOINT_FILES.best}`, epoch: event.epoch, meta: { role: 'best' } });
        return;
      }
      case 'finished': {
        await this.recordResult(runId, event.result);
        this.emitState(setRunStatus(db, runId, 'finished'));
        return;
      }
      case 'cancelled':
        this.emitState(setRunStatus(db, runId, 'cancelled', { errorMessage: `cancelled after epoch ${event.epoch}` }));
        return;
      case 'failed':
        this.emitState(setRunStatus(db, runId, 'failed', { errorMessage: event.message }));
        return;
      case 'exited': {
        // A Ctrl-C in a terminal reaches the trainer too, which may die of it before it cancels:
        // the run still stopped because the user asked, after its last checkpoint.
        const errorMessage = active.cancelRequested ? `cancelled; ${describeExit(event)}` : describeExit(event);
        this.emitState(setRunStatus(db, runId, active.cancelRequested ? 'cancelled' : 'interrupted', { errorMessage }));
        return;
      }
    }
  }

  /** Writes the predictions and saliency of a finished run as array files, and its summary on its row. */
  private async recordResult(runId: string, result: TrainResult): Promise<void> {
    const { db } = this.context;
    const directory = this.get(runId).directory;
    const file = (name: string) => ({ stored: `${directory}/${name}`, absolute: join(this.context.resolve(directory), name) });

    // Predicted standard deviations sit beside their predictions, named in the predictions' meta.
    const stdOf = async (name: string, std: Float64Array | null) => {
      if (!std) return {};
      const stdFile = file(name);
      return { std: { path: stdFile.stored, ...(await writeArrayFile(stdFile.absolute, std, [std.length / 3, 3])) } };
    };

    const validation = file('val-predictions.f64');
    const validationCount = result.validation.indices.length;
    const validationArray = await writeArrayFile(validation.absolute, result.validation.predictions, [validationCount, 3]);
    recordArtifact(db, {
      runId,
      kind: 'val-predictions',
      path: validation.stored,
      ...validationArray,
      epoch: result.bestEpoch,
      meta: {
        indices: Array.from(result.validation.indices),
        score: result.validation.score,
        weights: result.resultWeights,
        ...(await stdOf('val-std.f64', result.validation.std)),
      },
    });

    if (result.eval) {
      const evaluation = file('eval-predictions.f64');
      const evalArray = await writeArrayFile(evaluation.absolute, result.eval.predictions, [result.eval.predictions.length / 3, 3]);
      const meta = { score: result.eval.score, weights: result.resultWeights, ...(await stdOf('eval-std.f64', result.eval.std)) };
      recordArtifact(db, { runId, kind: 'eval-predictions', path: evaluation.stored, ...evalArray, epoch: result.bestEpoch, meta });
    }

    const { signed, absolute, features, layout } = result.saliency;
    for (const [measure, values] of [['signed', signed], ['absolute', absolute]] as const) {
      const heatmap = file(`heatmap-${measure}.f64`);
      const heatmapArray = await writeArrayFile(heatmap.absolute, values, [3, features]);
      recordArtifact(db, { runId, kind: 'heatmap', path: heatmap.stored, ...heatmapArray, meta: { measure, layout, outputs: ['alpha', 'xi', 'd'] } });
    }

    setRunScore(db, runId, result.validation.score);
    setRunResult(db, runId, {
      epochsCompleted: result.epochsCompleted,
      stoppedEarly: result.stoppedEarly,
      trainerBestEpoch: result.bestEpoch,
      resultWeights: result.resultWeights,
      parameterCount: result.parameterCount,
      labelScaler: result.labelScaler,
      validationScore: result.validation.score,
      evalScore: result.eval?.score ?? null,
      lastStoredEpoch: lastEpoch(db, runId),
    });
  }
}
