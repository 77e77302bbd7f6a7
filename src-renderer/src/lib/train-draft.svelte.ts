// The Train view's form as the user left it, kept while other views are open and per workspace
// across reloads: data set, preset, every typed value, backend, tags, notes, and the run being
// cloned. What is read back is checked here; ids of data sets, presets and runs that are gone are
// dropped by the view once it knows them.
import type { Run } from '../../../src-main/core/api/contract.ts';
import type { RawForm } from './hyperparameter-form.ts';
import { keepPerWorkspace } from './kept.svelte.ts';
import { isRecord, keptChoice, keptId, keptText } from './kept-values.ts';
import { router } from './router.svelte.ts';

export const TRAIN_BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type TrainBackend = (typeof TRAIN_BACKENDS)[number];

const MAX_TEXT = 10_000;
const MAX_FIELDS = 200;

/** A stored form: text or flags under short keys, nothing else. */
function keptRaw(value: unknown): RawForm {
  if (!isRecord(value)) return {};
  const entries = Object.entries(value).filter(([key, item]) => /^\w{1,100}$/.test(key) && (typeof item === 'boolean' || (typeof item === 'string' && item.length <= MAX_TEXT)));
  return Object.fromEntries(entries.slice(0, MAX_FIELDS)) as RawForm;
}

class TrainDraft {
  datasetId = $state('');
  presetName = $state('');
  /** What the user typed, per hyperparameter key, for the preset `rawPreset`. */
  raw = $state<RawForm>({});
  rawPreset = $state('');
  /** Counts new starts of the form (a preset chosen, a run to clone): the view loads the fields again. */
  version = $state(0);
  backend = $state<TrainBackend>('auto');
  tagsText = $state('');
  notes = $state('');
  /** The run whose recipe the form starts from; null for a new run from a preset. */
  cloneOf = $state<Run | null>(null);
  /** A kept clone's run id, until the runs are listed and it is found (or dropped). */
  cloneId = $state<string | null>(null);

  /** Starts the form afresh from a preset's defaults. */
  choosePreset(name: string): void {
    this.presetName = name;
    this.rawPreset = '';
    this.version++;
  }

  /** Opens the Train view with `run`'s data set, preset and hyperparameters, to edit and start. */
  clone(run: Run): void {
    this.cloneOf = run;
    this.cloneId = run.id;
    this.presetName = run.preset;
    this.datasetId = run.datasetId;
    this.backend = keptChoice(run.backendRequested, TRAIN_BACKENDS, 'auto');
    this.tagsText = run.tags.join(', ');
    this.notes = `clone of ${run.id}`;
    this.rawPreset = '';
    this.version++;
    router.go('train');
  }

  /** The values stay; from now on they count as edits of the preset's defaults. */
  stopCloning(): void {
    this.cloneOf = null;
    this.cloneId = null;
  }

  /** Takes the kept clone's run once the runs are known: found, it is cloned on; gone, the form stays as it is. */
  resolveClone(run: Run | undefined): void {
    this.cloneOf = run ?? null;
    this.cloneId = run?.id ?? null;
  }

  snapshot(): unknown {
    const { datasetId, presetName, raw, rawPreset, backend, tagsText, notes, cloneId } = this;
    return { datasetId, presetName, raw, rawPreset, backend, tagsText, notes, cloneId };
  }

  restore(stored: unknown): void {
    if (!isRecord(stored)) return;
    this.datasetId = keptId(stored.datasetId) ?? '';
    this.presetName = keptText(stored.presetName, 100);
    this.rawPreset = keptText(stored.rawPreset, 100);
    this.raw = keptRaw(stored.raw);
    this.backend = keptChoice(stored.backend, TRAIN_BACKENDS, 'auto');
    this.tagsText = keptText(stored.tagsText, MAX_TEXT);
    this.notes = keptText(stored.notes, MAX_TEXT);
    this.cloneId = keptId(stored.cloneId);
    this.cloneOf = null;
    this.version++;
  }
}

export const trainDraft = new TrainDraft();

keepPerWorkspace('train-draft', trainDraft);
