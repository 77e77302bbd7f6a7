// spin-echo train: trains a model on a data set of the workspace (or on a challenge folder,
// imported first), with a live progress line; Ctrl-C cancels the run cleanly.
import { statSync } from 'node:fs';
import { InputError } from '../../core/errors.ts';
import {
  BACKEND_PREFERENCES,
  parseModelName,
  PRESET_NAMES,
  type BackendPreference,
  type DatasetRecord,
  type ModelName,
} from '../../core/workspace/vocabulary.ts';
import type { Workspace } from '../../core/workspace/workspace.ts';
import { AUTO_PRESET } from '../../core/api/study-defaults.ts';
import { numberFlag, parseCommandFlags, requiredFlag } from '../args.ts';
import { EXIT_CANCELLED, EXIT_FAILURE, EXIT_OK } from '../exit-codes.ts';
import { describeOutcome, followRun } from '../follow-run.ts';
import { parseBackendFlag, parseSettings } from '../settings-flags.ts';
import { driveStudy, parseBudget } from './study.ts';
import { openFlaggedWorkspace, TRAINING_WORKSPACE_FLAGS, trainingWorkspaceUsage } from '../workspace-flags.ts';

/** What --model auto spends when no --budget is given: the budget the challenge's comparison uses. */
const AUTO_BUDGET = '60m';

const USAGE = `usage: spin-echo train --dataset ID|DIR --model PRESET [--epochs N] [--set key=value ...]
                       [--seed S] [--backend auto|tensorflow|wasm|cpu] [--kernel gauss|RKKY] [--tag T ...] [--trainers N] [--json]
       spin-echo train --dataset ID|DIR --model ${AUTO_PRESET} [--budget 60m|2h|20trials] [--set key=value ...] [--seed S] [--json]

Creates a run (a row in the workspace before it starts), trains it in the trainer process and
prints a progress line per epoch on stderr. Ctrl-C cancels after the current batch; a second
Ctrl-C stops at once and leaves the run interrupted (resume it with spin-echo runs resume ID).
--model ${AUTO_PRESET} runs a study instead: a search over every preset and its hyperparameters within
the budget, ending with an ensemble of its best runs (see spin-echo study --help).

  --dataset ID|DIR    a data set of the workspace, or a challenge folder to import first
  --kernel K          with a folder holding both models: which one to train on
  --model PRESET      ${PRESET_NAMES.join(', ')}, a saved model (spin-echo models lists them),
                      or ${AUTO_PRESET} for a study
  --epochs N          epochs to train (default: the preset's)
  --budget B          with --model ${AUTO_PRESET}: training time (90s, 60m, 2h) or configurations (20trials); default ${AUTO_BUDGET}
  --set key=value     a hyperparameter (value as JSON when it reads as JSON); repeatable; with
                      --model ${AUTO_PRESET}, imposed on every trial whose preset has it
  --seed S            seed of the initialisation and the batch order (with --model ${AUTO_PRESET}: of the draws)
  --backend B         ${BACKEND_PREFERENCES.join(', ')} (default auto)
  --tag T             tag the run; repeatable
  --json              print the final run as JSON
${trainingWorkspaceUsage()}`;

const FLAGS = {
  ...TRAINING_WORKSPACE_FLAGS,
  dataset: { type: 'string' },
  kernel: { type: 'string' },
  model: { type: 'string' },
  epochs: { type: 'string' },
  budget: { type: 'string' },
  set: { type: 'string', multiple: true },
  seed: { type: 'string' },
  backend: { type: 'string' },
  tag: { type: 'string', multiple: true },
  json: { type: 'boolean' },
} as const;

type Values = NonNullable<ReturnType<typeof parseCommandFlags<typeof FLAGS>>>['values'];

/** The data set a --dataset value names: an id of the workspace, or a folder (imported unless it already was). */
async function datasetFor(workspace: Workspace, value: string, kernel: ModelName | undefined): Promise<DatasetRecord> {
  if (/^ds-[0-9a-f]{8}$/.test(value)) {
    if (kernel !== undefined) throw new InputError('--kernel goes with a folder, not a data set id');
    return workspace.datasets.get(value);
  }
  const info = statSync(value, { throwIfNoEntry: false });
  if (!info?.isDirectory()) throw new InputError(`--dataset: '${value}' is neither a data set id (ds-xxxxxxxx) nor a folder`);
  const { dataset, imported } = await workspace.datasets.datasetOfFolder(value, kernel);
  process.stderr.write(imported ? `imported ${value} as ${dataset.id} (${dataset.model}, ${dataset.modelCount} curves)\n` : `using ${dataset.id}, imported earlier from ${value}\n`);
  return dataset;
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandFlags(argv, FLAGS, USAGE);
  if (parsed === null) return EXIT_OK;
  const { values } = parsed;
  const datasetValue = requiredFlag('dataset', values.dataset);
  const preset = requiredFlag('model', values.model);
  const seed = values.seed === undefined ? undefined : numberFlag('seed', values.seed, 0, { min: 0, max: 2 ** 32 - 1, integer: true });
  const backend = parseBackendFlag(values.backend);
  const overrides = parseSettings(values.set);
  const kernel = values.kernel === undefined ? undefined : parseModelName(values.kernel);
  if (preset === AUTO_PRESET) return trainAuto(values, { datasetValue, kernel, seed, backend, fixed: overrides });
  if (values.budget !== undefined) throw new InputError(`--budget goes with --model ${AUTO_PRESET}; a single run trains for --epochs`);
  const epochs = values.epochs === undefined ? undefined : numberFlag('epochs', values.epochs, 0, { min: 1, max: 100_000, integer: true });
  if (epochs !== undefined && Object.hasOwn(overrides, 'epochs')) throw new InputError('give the epochs once: --epochs or --set epochs=');
  if (seed !== undefined && Object.hasOwn(overrides, 'seed')) throw new InputError('give the seed once: --seed or --set seed=');
  const tags = values.tag ?? [];
  if (tags.some((tag) => tag.trim() === '')) throw new InputError('--tag must not be empty');

  const workspace = await openFlaggedWorkspace(values, 'write');
  try {
    // A saved model's name is known only to the workspace: checked before any folder is imported.
    workspace.models.withLayers(preset, {});
    const dataset = await datasetFor(workspace, datasetValue, kernel);
    const created = await workspace.runs.create({ datasetId: dataset.id, preset, overrides, epochs, seed, backend, tags });
    process.stderr.write(`${created.id}: ${preset} on ${dataset.id} (${dataset.name}), ${created.epochs} epochs, backend ${backend}\n`);
    const final = await followRun(workspace, created.id, workspace.runs.start(created.id));
    process.stdout.write(values.json ? JSON.stringify(final, null, 2) + '\n' : describeOutcome(final) + '\n');
    if (final.status === 'finished') return EXIT_OK;
    return final.status === 'cancelled' ? EXIT_CANCELLED : EXIT_FAILURE;
  } finally {
    await workspace.close();
  }
}

interface AutoRequest {
  readonly datasetValue: string;
  readonly kernel: ModelName | undefined;
  /** Seed of the study's draws. */
  readonly seed: number | undefined;
  readonly backend: BackendPreference;
  /** Settings imposed on every trial whose preset has them. */
  readonly fixed: Record<string, unknown>;
}

/** --model auto: a study of the data set with the default search. */
async function trainAuto(values: Values, { datasetValue, kernel, seed, backend, fixed }: AutoRequest): Promise<number> {
  if (values.epochs !== undefined) throw new InputError(`--epochs: a study's rungs set the epochs; give --model ${AUTO_PRESET} a --budget instead`);
  if (values.tag !== undefined) throw new InputError(`--tag goes with a single run; a study tags its trials study:ID`);
  const budget = parseBudget(values.budget ?? AUTO_BUDGET);
  const workspace = await openFlaggedWorkspace(values, 'write');
  try {
    const dataset = await datasetFor(workspace, datasetValue, kernel);
    const study = workspace.studies.create({ datasetId: dataset.id, budget, seed, settings: { fixed, backend } });
    process.stderr.write(`${study.id}: the ${AUTO_PRESET} preset is a study of ${dataset.id} (${dataset.name}), budget ${values.budget ?? AUTO_BUDGET}, seed ${study.seed}\n`);
    return await driveStudy(workspace, study, values.json === true);
  } finally {
    await workspace.close();
  }
}
