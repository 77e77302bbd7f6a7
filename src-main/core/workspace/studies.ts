// Automatic studies: a budgeted search over presets and hyperparameters (the presets' defaults
// first, then random draws) by successive halving, every trial a run of the workspace, as many
// training at once as the workspace has trainers; stoppable, resumable after a crash, with
// best-so-far against time, the top runs, and a default ensemble of the best.
import { describeError, InputError } from '../errors.ts';
import { BACKEND_PREFERENCES } from '../learn/backend-names.ts';
import { resolveHyperparameters } from '../learn/hyperparameters.ts';
import { defaultTrial, drawTrial, validateSearch } from '../learn/search-space.ts';
import { Random } from '../random.ts';
import { STUDY_SEARCH_DEFAULTS } from '../api/study-defaults.ts';
import { requireDataset } from '../store/datasets.ts';
import { newId } from '../store/ids.ts';
import type { RunRecord } from '../store/runs.ts';
import {
  insertStudy,
  insertTrial,
  interruptRunningStudies,
  listStudies,
  listStudyResults,
  listTrials,
  promoteTrials,
  recordStudyResult,
  requireStudy,
  setStudyBudget,
  setStudyElapsed,
  setStudyEnsemble,
  setStudyStatus,
  type StudyBudget,
  type StudyRecord,
  type StudySettings,
  type StudyState,
  type StudyTrial,
} from '../store/studies.ts';
import type { Ensembles } from './ensembles.ts';
import type { ModelLibrary } from './model-library.ts';
import type { RunManager } from './run-manager.ts';
import { nextHalvingStep, type HalvingStep } from './study-halving.ts';
import type { WorkspaceContext } from './workspace-context.ts';

export type { StudySettings };

export const DEFAULT_STUDY_SETTINGS: StudySettings = {
  presets: ['mlp', 'cnn1d', 'deep-cnn', 'seed-mlp'],
  rungs: [...STUDY_SEARCH_DEFAULTS.rungs],
  reduction: STUDY_SEARCH_DEFAULTS.reduction,
  bracketSize: STUDY_SEARCH_DEFAULTS.bracketSize,
  fixed: {},
  top: STUDY_SEARCH_DEFAULTS.top,
  backend: 'auto',
};

export interface CreateStudyRequest {
  readonly datasetId: string;
  readonly budget: StudyBudget;
  /** Seed of the draws (configurations and their training seeds); default 1. */
  readonly seed?: number;
  readonly settings?: Partial<StudySettings>;
}

export type StudyEvent =
  | {
      readonly type: 'trial-started';
      readonly studyId: string;
      readonly runId: string;
      readonly trial: number;
      readonly bracket: number;
      readonly rung: number;
      readonly preset: string;
      readonly epochs: number;
      /** A new configuration, a trial resumed after a stop or crash, or one promoted to more epochs. */
      readonly action: 'draw' | 'resume' | 'extend';
    }
  | { readonly type: 'trial-settled'; readonly studyId: string; readonly run: RunRecord; readonly best: BestSoFar | null }
  | { readonly type: 'promoted'; readonly studyId: string; readonly bracket: number; readonly rung: number; readonly runIds: readonly string[] };

export interface StudyRunOptions {
  /** Stops the study: its trials in training are cancelled (resumable), the study becomes 'stopped'. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: StudyEvent) => void;
}

/** The best validation score so far at a moment of the study's own time. */
export interface BestSoFar {
  readonly elapsedSeconds: number;
  readonly runId: string;
  readonly rung: number;
  readonly valPerElement: number;
}

export interface TrialDetails extends StudyTrial {
  readonly run: RunRecord;
}

/** A step that starts a trial's run. */
type TrialStep = Extract<HalvingStep, { kind: 'draw' | 'resume' | 'extend' }>;

function checkSettings(given: Partial<StudySettings>, presetNames: readonly string[]): StudySettings {
  const settings = { ...DEFAULT_STUDY_SETTINGS, ...given };
  const presets = validateSearch(settings.presets, settings.fixed, presetNames);
  const { rungs, reduction, bracketSize, top, backend } = settings;
  if (rungs.length < 1 || !rungs.every((epochs, i) => Number.isInteger(epochs) && epochs >= 1 && (i === 0 || epochs > rungs[i - 1]))) {
    throw new InputError(`rungs must be increasing positive epoch counts, not [${rungs.join(', ')}]`);
  }
  if (!Number.isInteger(reduction) || reduction < 2) throw new InputError(`the reduction must be an integer of at least 2, not ${reduction}`);
  if (!Number.isInteger(bracketSize) || bracketSize < 1) throw new InputError(`the bracket size must be a positive integer, not ${bracketSize}`);
  if (!Number.isInteger(top) || top < 1) throw new InputError(`the ensemble size must be a positive integer, not ${top}`);
  if (!(BACKEND_PREFERENCES as readonly string[]).includes(backend)) throw new InputError(`unknown backend '${backend}' (expected one of ${BACKEND_PREFERENCES.join(', ')})`);
  return { ...settings, presets, rungs: [...rungs] };
}

export function checkBudget(budget: StudyBudget): StudyBudget {
  if (budget?.kind === 'time' && Number.isFinite(budget.seconds) && budget.seconds > 0) return budget;
  if (budget?.kind === 'trials' && Number.isInteger(budget.count) && budget.count >= 1) return budget;
  throw new InputError(`a study's budget is a positive time in seconds or a positive number of trials, not ${JSON.stringify(budget)}`);
}

/** Lower is better; a diverged trial (no score) ranks last. */
function byScore(a: RunRecord, b: RunRecord): number {
  return (a.valPerElement ?? Infinity) - (b.valPerElement ?? Infinity);
}

export class Studies {
  private readonly active = new Map<string, { readonly controller: AbortController; readonly done: Promise<unknown> }>();

  constructor(
    private readonly context: WorkspaceContext,
    private readonly runs: RunManager,
    private readonly ensembles: Ensembles,
    private readonly models: ModelLibrary,
  ) {
    // The owner of a workspace is its only writer: a study still 'running' lost its process.
    if (!context.readonly) interruptRunningStudies(context.db);
  }

  list(): StudyRecord[] {
    return listStudies(this.context.db);
  }

  get(id: string): StudyRecord {
    return requireStudy(this.context.db, id);
  }

  settingsOf(study: StudyRecord): StudySettings {
    return study.settings;
  }

  /** Records a study ('created'); run() drives it. */
  create(request: CreateStudyRequest): StudyRecord {
    this.context.requireWritable('create a study');
    const { db } = this.context;
    const dataset = requireDataset(db, request.datasetId);
    const budget = checkBudget(request.budget);
    const seed = request.seed ?? STUDY_SEARCH_DEFAULTS.seed;
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new InputError(`the study seed must be an integer in [0, 2^32), not ${seed}`);
    const settings = checkSettings(request.settings ?? {}, this.models.presetNames());
    // Fixed settings can clash with a preset (seven activations for one hidden layer): say so now, not at the first trial.
    for (const preset of settings.presets) {
      for (const trial of [defaultTrial(preset, settings.fixed), drawTrial(new Random(seed), [preset], settings.fixed)]) resolveHyperparameters(preset, this.models.withLayers(preset, trial.overrides), dataset.length);
    }
    const state: StudyState = { random: new Random(seed).state() };
    return insertStudy(db, {
      id: newId(db, 'study'),
      datasetId: dataset.id,
      budget,
      seed,
      settings,
      state,
    });
  }

  /** A new budget, for instance to resume a finished study for longer. */
  setBudget(id: string, budget: StudyBudget): StudyRecord {
    this.context.requireWritable('change a study budget');
    if (this.active.has(id)) throw new InputError(`study '${id}' is running; stop it before changing its budget`);
    return setStudyBudget(this.context.db, id, checkBudget(budget));
  }

  /** Its trials in draw order, with their runs. */
  trials(id: string): TrialDetails[] {
    this.get(id);
    return listTrials(this.context.db, id).map((trial) => ({ ...trial, run: this.runs.get(trial.runId) }));
  }

  /** Each time the best validation score improved, in the study's own elapsed time. */
  bestSoFar(id: string): BestSoFar[] {
    this.get(id);
    const curve: BestSoFar[] = [];
    for (const result of listStudyResults(this.context.db, id)) {
      if (result.valPerElement === null) continue;
      if (curve.length === 0 || result.valPerElement < curve[curve.length - 1].valPerElement) {
        curve.push({ elapsedSeconds: result.elapsedSeconds, runId: result.runId, rung: result.rung, valPerElement: result.valPerElement });
      }
    }
    return curve;
  }

  /** Its k finished trials with the lowest validation score. */
  top(id: string, k = this.settingsOf(this.get(id)).top): RunRecord[] {
    if (!Number.isInteger(k) || k < 1) throw new InputError(`k must be a positive integer, not ${k}`);
    return this.trials(id)
      .map((trial) => trial.run)
      .filter((run) => run.status === 'finished' && run.valPerElement !== null)
      .sort(byScore)
      .slice(0, k);
  }

  /**
   * An ensemble run of the study's top k trials (default: the study's own k), those of them that
   * greedy selection on the validation split keeps; recorded as the study's ensemble.
   */
  async ensemble(id: string, k?: number): Promise<RunRecord> {
    const candidates = this.top(id, k);
    if (candidates.length === 0) throw new InputError(`study '${id}' has no finished trial to make an ensemble of`);
    const run = await this.ensembles.create({
      members: candidates.map((candidate) => candidate.id),
      select: 'greedy',
      tags: [`study:${id}`],
      notes: `ensemble of the top ${candidates.length} trials of study ${id}, greedily selected on the validation split`,
    });
    setStudyEnsemble(this.context.db, id, run.id);
    return run;
  }

  /** Asks a running study to stop after cancelling its trials in training. */
  stop(id: string): void {
    const active = this.active.get(id);
    if (!active) throw new InputError(`study '${id}' is ${this.get(id).status}, not running in this process`);
    active.controller.abort();
  }

  /** Stops every study running in this process and waits until each has recorded that it stopped. */
  async close(): Promise<void> {
    const running = [...this.active.values()];
    for (const { controller } of running) controller.abort();
    await Promise.allSettled(running.map(({ done }) => done));
  }

  /**
   * Drives a study until its budget is spent (or, for a trials budget, its last bracket is done),
   * then makes its default ensemble; or until `signal` stops it. A stopped or interrupted study
   * continues where it was: trials left interrupted or cancelled are resumed, promotions decided
   * are carried out, and the draws continue from the saved generator.
   */
  run(id: string, options: StudyRunOptions = {}): Promise<StudyRecord> {
    this.context.requireWritable('run a study');
    if (this.active.has(id)) throw new InputError(`study '${id}' is already running`);
    this.get(id);
    const controller = new AbortController();
    const done = this.drive(id, controller, options);
    this.active.set(id, { controller, done });
    return done;
  }

  private async drive(id: string, controller: AbortController, options: StudyRunOptions): Promise<StudyRecord> {
    const { db } = this.context;
    let study = this.get(id);
    const settings = this.settingsOf(study);
    const stopOnSignal = () => controller.abort();
    options.signal?.addEventListener('abort', stopOnSignal, { once: true });
    if (options.signal?.aborted) controller.abort();
    const sessionStart = performance.now();
    const elapsedBefore = study.elapsedSeconds;
    const elapsed = () => elapsedBefore + (performance.now() - sessionStart) / 1000;
    const timeLeft = () => (study.budget.kind === 'time' ? study.budget.seconds - elapsed() : Infinity);
    // A trial whose trainer dies again and again must not hold the study in a loop.
    const setbacks = new Map<string, number>();
    const stopEpochClock = this.context.events.subscribe((event) => {
      if (event.type === 'run-epoch') setStudyElapsed(db, id, elapsed());
    });
    let worked = false;
    // The trials this session follows, by run id: each settles, records its result and leaves the map.
    const inFlight = new Map<string, Promise<void>>();
    let trialError: unknown = null;
    const follow = (trial: StudyTrial, settled: Promise<RunRecord>) => {
      const done = this.follow(trial.runId, settled, controller.signal, timeLeft())
        .then((final) => {
          setStudyElapsed(db, id, elapsed());
          if (final.status === 'finished') {
            recordStudyResult(db, id, { runId: final.id, rung: trial.rung, epochs: final.epochs, valPerElement: final.valPerElement, elapsedSeconds: elapsed() });
          } else if (final.status === 'interrupted') {
            const count = (setbacks.get(final.id) ?? 0) + 1;
            setbacks.set(final.id, count);
            if (count >= 3) throw new Error(`trial run ${final.id} was interrupted ${count} times: ${final.errorMessage ?? 'the trainer stopped'}`);
          }
          options.onEvent?.({ type: 'trial-settled', studyId: id, run: final, best: this.bestSoFar(id).at(-1) ?? null });
        })
        .catch((error: unknown) => {
          trialError ??= error;
          controller.abort();
        })
        .finally(() => inFlight.delete(trial.runId));
      inFlight.set(trial.runId, done);
    };
    try {
      study = setStudyStatus(db, id, 'running');
      for (;;) {
        if (controller.signal.aborted || timeLeft() <= 0) break;
        // A trial set training by someone else (runs resume) is followed like one of ours.
        for (const trial of this.trials(id)) {
          if ((trial.run.status === 'queued' || trial.run.status === 'running') && !inFlight.has(trial.runId)) follow(trial, this.runs.settled(trial.runId));
        }
        const step = inFlight.size < this.runs.trainerCount ? this.nextStep(study, settings) : ({ kind: 'wait' } as const);
        if ((step.kind === 'done' || step.kind === 'wait') && inFlight.size === 0) break;
        if (step.kind === 'promote') {
          worked = true;
          promoteTrials(db, id, [...step.runIds], step.rung);
          options.onEvent?.({ type: 'promoted', studyId: id, bracket: step.bracket, rung: step.rung, runIds: step.runIds });
          continue;
        }
        if (step.kind === 'draw' || step.kind === 'resume' || step.kind === 'extend') {
          worked = true;
          const { trial, settled } = await this.startTrial(study, settings, step);
          const run = this.runs.get(trial.runId);
          options.onEvent?.({
            type: 'trial-started',
            studyId: id,
            runId: run.id,
            trial: trial.trial,
            bracket: trial.bracket,
            rung: trial.rung,
            preset: run.preset,
            epochs: run.epochs,
            action: step.kind,
          });
          follow(trial, settled);
          continue;
        }
        // Every trainer of ours is busy, or every step left waits on a trial in training.
        await Promise.race(inFlight.values());
      }
      // Stopped, out of time, or failed: the trials in training are cancelled by their follow; wait for their results.
      await Promise.all(inFlight.values());
      if (trialError !== null) throw trialError;
      setStudyElapsed(db, id, elapsed());
      if (controller.signal.aborted) return setStudyStatus(db, id, 'stopped', 'stopped by request');
      // A session that found nothing left to do keeps the ensemble it has.
      if ((worked || study.ensembleRunId === null) && this.top(id, 1).length > 0) await this.ensemble(id);
      return setStudyStatus(db, id, 'finished');
    } catch (error) {
      // A trial that could not start: the others in training are cancelled (resumable) first.
      controller.abort();
      await Promise.all(inFlight.values());
      setStudyElapsed(db, id, elapsed());
      setStudyStatus(db, id, 'failed', describeError(error));
      throw error;
    } finally {
      stopEpochClock();
      options.signal?.removeEventListener('abort', stopOnSignal);
      this.active.delete(id);
    }
  }

  /** Creates and starts the run of a new draw, or resumes or extends a trial; returns its trial and settled promise. */
  private async startTrial(study: StudyRecord, settings: StudySettings, action: TrialStep): Promise<{ trial: StudyTrial; settled: Promise<RunRecord> }> {
    if (action.kind !== 'draw') {
      const { runId, epochs } = action;
      const trial = listTrials(this.context.db, study.id).find((candidate) => candidate.runId === runId)!;
      // Awaited until the run is queued: the next step is planned on its new status.
      return { trial, settled: (action.kind === 'resume' ? await this.runs.resume(runId, { epochs }) : await this.runs.extend(runId, epochs)).settled };
    }
    // The state saved with the last trial, not the one this session started with.
    const { state } = this.get(study.id);
    const random = Random.fromState(state.random);
    const index = listTrials(this.context.db, study.id).length;
    // The first trials are the presets' defaults, one each; the draws follow.
    const { preset, overrides } = index < settings.presets.length ? defaultTrial(settings.presets[index], settings.fixed) : drawTrial(random, settings.presets, settings.fixed);
    const seed = random.nextUint32();
    const run = await this.runs.create({
      datasetId: study.datasetId,
      preset,
      overrides,
      epochs: settings.rungs[0],
      seed,
      backend: settings.backend,
      tags: [`study:${study.id}`],
      notes: `trial of study ${study.id}`,
    });
    const trial: StudyTrial = { runId: run.id, trial: index, bracket: action.bracket, rung: 0 };
    insertTrial(this.context.db, study.id, trial, { ...state, random: random.state() });
    return { trial, settled: this.runs.start(run.id) };
  }

  /** Waits for a trial's run to settle, cancelling it when the study is stopped or its time is up. */
  private async follow(runId: string, settled: Promise<RunRecord>, signal: AbortSignal, secondsLeft: number): Promise<RunRecord> {
    const cancel = () => {
      try {
        this.runs.cancel(runId);
      } catch {
        // It settled in the meantime: nothing left to cancel.
      }
    };
    if (signal.aborted) cancel();
    else signal.addEventListener('abort', cancel, { once: true });
    const timer = Number.isFinite(secondsLeft) ? setTimeout(cancel, Math.max(0, secondsLeft) * 1000) : null;
    try {
      return await settled;
    } finally {
      signal.removeEventListener('abort', cancel);
      if (timer) clearTimeout(timer);
    }
  }

  /** The next step of successive halving (study-halving.ts), read from the store so that it survives any crash. */
  private nextStep(study: StudyRecord, settings: StudySettings): HalvingStep {
    const trials = this.trials(study.id);
    const canDraw = study.budget.kind !== 'trials' || trials.length < study.budget.count;
    const states = trials.map(({ runId, trial, bracket, rung, run }) => ({ runId, trial, bracket, rung, status: run.status, epochs: run.epochs, score: run.valPerElement }));
    return nextHalvingStep(states, settings, { canDraw });
  }
}
