// spin-echo train: trains a model on a data set of the workspace (or on a challenge folder,
// imported first), with a live progress line; Ctrl-C cancels the run cleanly.
import { statSync } from 'node:fs';
import { InputError } from '../../core/errors.ts';
import { MODEL_NAMES, type ModelName } from '../../core/formats/curves.ts';
import { findChallengeFiles, parseModelName } from '../../core/formats/challenge-files.ts';
import { BACKEND_PREFERENCES, type BackendPreference } from '../../core/learn/backend-names.ts';
import { isPresetName, PRESET_NAMES } from '../../core/learn/presets.ts';
import type { DatasetRecord } from '../../core/store/datasets.ts';
import type { Workspace } from '../../core/workspace/workspace.ts';
import { numberFlag, parseCommandFlags, requiredFlag } from '../args.ts';
import { EXIT_CANCELLED, EXIT_FAILURE, EXIT_OK } from '../exit-codes.ts';
import { describeOutcome, followRun } from '../follow-run.ts';
import { parseSettings } from '../settings-flags.ts';
import { openFlaggedWorkspace, WORKSPACE_FLAGS, WORKSPACE_USAGE } from '../workspace-flags.ts';

const USAGE = `usage: spin-echo train --dataset ID|DIR --model PRESET [--epochs N] [--set key=value ...]
                       [--seed S] [--backend auto|tensorflow|wasm|cpu] [--kernel gauss|RKKY] [--tag T ...] [--json]

Creates a run (a row in the workspace before it starts), trains it in the trainer process and
prints a progress line per epoch on stderr. Ctrl-C cancels after the current batch; a second
Ctrl-C stops at once and leaves the run interrupted (resume it with spin-echo runs resume ID).

  --dataset ID|DIR    a data set of the workspace, or a challenge folder to import first
  --kernel K          with a folder holding both models: which one to train on
  --model PRESET      ${PRESET_NAMES.join(', ')}
  --epochs N          epochs to train (default: the preset's)
  --set key=value     a hyperparameter (value as JSON when it reads as JSON); repeatable
  --seed S            seed of the initialisation and the batch order
  --backend B         ${BACKEND_PREFERENCES.join(', ')} (default auto)
  --tag T             tag the run; repeatable
  --json              print the final run as JSON
${WORKSPACE_USAGE}`;

const FLAGS = {
  ...WORKSPACE_FLAGS,
  dataset: { type: 'string' },
  kernel: { type: 'string' },
  model: { type: 'string' },
  epochs: { type: 'string' },
  set: { type: 'string', multiple: true },
  seed: { type: 'string' },
  backend: { type: 'string' },
  tag: { type: 'string', multiple: true },
  json: { type: 'boolean' },
} as const;

/** The data set a --dataset value names: an id of the workspace, or a folder (imported unless it already was). */
async function datasetFor(workspace: Workspace, value: string, kernel: ModelName | undefined): Promise<DatasetRecord> {
  if (/^ds-[0-9a-f]{8}$/.test(value)) {
    if (kernel !== undefined) throw new InputError('--kernel goes with a folder, not a data set id');
    return workspace.datasets.get(value);
  }
  const info = statSync(value, { throwIfNoEntry: false });
  if (!info?.isDirectory()) throw new InputError(`--dataset: '${value}' is neither a data set id (ds-xxxxxxxx) nor a folder`);
  let model = kernel;
  if (model === undefined) {
    const found = await findChallengeFiles(value);
    const importable = MODEL_NAMES.filter((name) => found.models[name].importable);
    if (importable.length > 1) throw new InputError(`--dataset: ${value} holds both gauss and RKKY files; choose one with --kernel`);
    model = importable[0];
  }
  if (model !== undefined) {
    const known = await workspace.datasets.findImported(value, model);
    if (known) {
      process.stderr.write(`using ${known.id}, imported earlier from ${value}\n`);
      return known;
    }
  }
  const [imported] = await workspace.datasets.importFolder(value, { model });
  process.stderr.write(`imported ${value} as ${imported.id} (${imported.model}, ${imported.modelCount} curves)\n`);
  return imported;
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandFlags(argv, FLAGS, USAGE);
  if (parsed === null) return EXIT_OK;
  const { values } = parsed;
  const datasetValue = requiredFlag('dataset', values.dataset);
  const preset = requiredFlag('model', values.model);
  if (!isPresetName(preset)) throw new InputError(`--model: unknown preset '${preset}' (expected one of ${PRESET_NAMES.join(', ')})`);
  const epochs = values.epochs === undefined ? undefined : numberFlag('epochs', values.epochs, 0, { min: 1, max: 100_000, integer: true });
  const seed = values.seed === undefined ? undefined : numberFlag('seed', values.seed, 0, { min: 0, max: 2 ** 32 - 1, integer: true });
  const backend = values.backend ?? 'auto';
  if (!(BACKEND_PREFERENCES as readonly string[]).includes(backend)) {
    throw new InputError(`--backend: unknown backend '${backend}' (expected one of ${BACKEND_PREFERENCES.join(', ')})`);
  }
  const overrides = parseSettings(values.set);
  if (epochs !== undefined && Object.hasOwn(overrides, 'epochs')) throw new InputError('give the epochs once: --epochs or --set epochs=');
  if (seed !== undefined && Object.hasOwn(overrides, 'seed')) throw new InputError('give the seed once: --seed or --set seed=');
  const kernel = values.kernel === undefined ? undefined : parseModelName(values.kernel);
  const tags = values.tag ?? [];
  if (tags.some((tag) => tag.trim() === '')) throw new InputError('--tag must not be empty');

  const workspace = await openFlaggedWorkspace(values, 'write');
  try {
    const dataset = await datasetFor(workspace, datasetValue, kernel);
    const created = await workspace.runs.create({ datasetId: dataset.id, preset, overrides, epochs, seed, backend: backend as BackendPreference, tags });
    process.stderr.write(`${created.id}: ${preset} on ${dataset.id} (${dataset.name}), ${created.epochs} epochs, backend ${backend}\n`);
    const final = await followRun(workspace, created.id, workspace.runs.start(created.id));
    process.stdout.write(values.json ? JSON.stringify(final, null, 2) + '\n' : describeOutcome(final) + '\n');
    if (final.status === 'finished') return EXIT_OK;
    return final.status === 'cancelled' ? EXIT_CANCELLED : EXIT_FAILURE;
  } finally {
    await workspace.close();
  }
}
