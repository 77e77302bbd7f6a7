// An open workspace: its folder, lock and database, and the data sets, runs, predictions and
// exports kept there. The process that opens it for writing is its only writer.
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TrainerClient } from '../learn/trainer-client.ts';
import { checkTrainerCount, defaultTrainerCount, MAX_TRAINERS } from '../learn/trainer-pool.ts';
import { DATABASE_FILE, openDatabase } from '../store/database.ts';
import { listExports, type ExportRecord } from '../store/exports.ts';
import { CurveFits } from './curve-fits.ts';
import { CurvePages } from './curve-pages.ts';
import { readSetting, writeSetting } from '../store/workspace-settings.ts';
import { DatasetLibrary } from './dataset-library.ts';
import type { JobRegistry } from './job-registry.ts';
import { Ensembles } from './ensembles.ts';
import { ModelLibrary } from './model-library.ts';
import { RunManager } from './run-manager.ts';
import { RunPredictions } from './run-predictions.ts';
import { Studies } from './studies.ts';
import { Submissions } from './submissions.ts';
import { WorkspaceContext } from './workspace-context.ts';
import { WorkspaceEvents, type WorkspaceListener } from './workspace-events.ts';
import { acquireWorkspaceLock, type WorkspaceLock } from './workspace-lock.ts';
import { sweepOrphans, type WorkspaceOrphans } from './workspace-orphans.ts';

export interface OpenWorkspaceOptions {
  /** Read beside the owning process: no lock, no writes, no recovery of interrupted runs. */
  readonly readonly?: boolean;
  /**
   * Start a fresh database where the database is damaged, empty or missing (the person's choice):
   * a damaged file is kept aside, and the data-set and run folders are left untouched.
   */
  readonly recreateIfDamaged?: boolean;
  /** Makes a trainer client (tests pass one whose process they control). */
  readonly createTrainer?: () => TrainerClient;
  /** How many runs train at once in this session (the command line's --trainers), over the stored setting. */
  readonly trainers?: number;
}

/** How many trainers run at once, and where the number comes from. */
export interface TrainerSettings {
  readonly count: number;
  /** The stored setting; null: the default. */
  readonly setting: number | null;
  readonly default: number;
  /** The count was given for this session (--trainers) and the setting has not been changed since. */
  readonly fromFlag: boolean;
  readonly max: number;
}

const TRAINERS_SETTING = 'trainers';

export class Workspace {
  readonly datasets: DatasetLibrary;
  readonly runs: RunManager;
  /** Networks saved as layer lists, trained like the presets. */
  readonly models: ModelLibrary;
  readonly submissions: Submissions;
  readonly ensembles: Ensembles;
  /** Stored predictions (and their std) of finished runs. */
  readonly predictions: RunPredictions;
  /** Budgeted searches whose trials are runs. */
  readonly studies: Studies;
  /** Pages of stored curves, the arrays of the latest data sets kept in memory. */
  readonly curves: CurvePages;
  /** Fits of single stored curves by simulation. */
  readonly fits: CurveFits;
  /** The long jobs: imports, simulations, fits, exports and runs' augmentation curves. */
  readonly jobs: JobRegistry;
  private readonly events = new WorkspaceEvents();
  private readonly context: WorkspaceContext;
  private closed: Promise<void> | null = null;
  private trainersFromFlag: boolean;

  constructor(
    readonly dir: string,
    opened: ReturnType<typeof openDatabase>,
    private readonly lock: WorkspaceLock | null,
    options: OpenWorkspaceOptions,
    /** What a crash had left, tidied (or reported) at this open; nothing for a reader. */
    readonly orphans: WorkspaceOrphans = { removed: [], kept: [] },
  ) {
    this.context = new WorkspaceContext(dir, opened.db, this.events, lock === null);
    this.jobs = this.context.jobs;
    this.datasets = new DatasetLibrary(this.context);
    this.models = new ModelLibrary(this.context);
    this.trainersFromFlag = options.trainers !== undefined;
    this.runs = new RunManager(this.context, this.models, options.createTrainer ?? null, options.trainers ?? this.storedTrainers() ?? defaultTrainerCount());
    this.submissions = new Submissions(this.context, this.runs, this.datasets);
    this.ensembles = new Ensembles(this.context);
    this.predictions = new RunPredictions(this.context);
    this.studies = new Studies(this.context, this.runs, this.ensembles, this.models);
    this.curves = new CurvePages((id) => this.datasets.loadArrays(id));
    this.fits = new CurveFits(this, this.curves);
    this.recovered = opened.recovered;
    this.interruptedAtOpen = opened.interruptedRuns;
  }

  /** What a fresh database replaced at this open: where the damaged one went (null: it was missing), and why. */
  readonly recovered: { readonly movedTo: string | null; readonly reason: string } | null;
  /** Runs a dead owner left running, marked 'interrupted' at this open. */
  readonly interruptedAtOpen: readonly string[];

  get readonly(): boolean {
    return this.context.readonly;
  }

  /** How many runs train at once: this session's count, the stored setting and the default. */
  trainers(): TrainerSettings {
    return { count: this.runs.trainerCount, setting: this.storedTrainers(), default: defaultTrainerCount(), fromFlag: this.trainersFromFlag, max: MAX_TRAINERS };
  }

  /** Stores how many runs train at once (null: the default) and applies it now, over a --trainers of this session. */
  setTrainers(setting: number | null): TrainerSettings {
    this.context.requireWritable('change the number of trainers');
    if (setting !== null) checkTrainerCount(setting);
    writeSetting(this.context.db, TRAINERS_SETTING, setting);
    this.trainersFromFlag = false;
    this.runs.setTrainerCount(setting ?? defaultTrainerCount());
    return this.trainers();
  }

  /** The stored trainer count; a reader beside an older owner may find no settings table, and a bad value counts as none. */
  private storedTrainers(): number | null {
    try {
      return checkTrainerCount(readSetting(this.context.db, TRAINERS_SETTING));
    } catch {
      return null;
    }
  }

  /** Listens to run, data-set and job events; returns the function that stops listening. */
  subscribe(listener: WorkspaceListener): () => void {
    return this.events.subscribe(listener);
  }

  exports(): ExportRecord[] {
    return listExports(this.context.db);
  }

  /** Ends the trainer (its run becomes 'interrupted'), closes the database and frees the lock. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      try {
        this.submissions.close();
        await this.studies.close();
        // The runs first: a run's augmentation job stopped by their close leaves it interrupted, not cancelled.
        await this.runs.close();
        await this.jobs.close();
      } finally {
        this.events.clear();
        this.context.db.close();
        this.lock?.release();
      }
    })();
    return this.closed;
  }
}

/**
 * Opens the workspace in `dir` (created when absent): takes its lock, checks and migrates its
 * database, and marks runs a dead owner left running as 'interrupted'. Throws WorkspaceBusyError
 * when another live process owns it, and DamagedDatabaseError for a damaged database.
 */
export async function openWorkspace(dir: string, options: OpenWorkspaceOptions = {}): Promise<Workspace> {
  const folder = resolve(dir);
  const path = join(folder, DATABASE_FILE);
  const describes = storedFolders(folder);
  if (options.readonly) {
    return new Workspace(folder, openDatabase(path, { readonly: true, describes }), null, options);
  }
  mkdirSync(folder, { recursive: true });
  const lock = acquireWorkspaceLock(folder);
  let opened: ReturnType<typeof openDatabase> | null = null;
  try {
    opened = openDatabase(path, { recreateIfDamaged: options.recreateIfDamaged, describes });
    return new Workspace(folder, opened, lock, options, await sweepOrphans(folder, opened.db));
  } catch (error) {
    opened?.db.close();
    lock.release();
    throw error;
  }
}

/** The folders of stored work in a workspace that hold anything (`datasets/`, `runs/`): only a database describes them. */
function storedFolders(folder: string): string[] {
  const holdsAnything = (name: string) => {
    try {
      return readdirSync(join(folder, name)).length > 0;
    } catch {
      return false;
    }
  };
  return ['datasets', 'runs'].filter(holdsAnything).map((name) => `${name}/`);
}
