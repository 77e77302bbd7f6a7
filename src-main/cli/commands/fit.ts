// spin-echo fit: fits alpha, xi and d of one curve of a data set by simulation, starting from a
// run's prediction (or a given point, or the data set's mean labels), and prints both answers.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CancelledError, InputError } from '../../core/errors.ts';
import { curveRecipe, readDatasetRecipe, type CurveSplit, type DatasetRecipe } from '../../core/fit/dataset-recipe.ts';
import { DEFAULT_MAX_EVALUATIONS, fitCurve, type CurveParameters, type FitPoint, type FitProgress, type SimulationRecipe } from '../../core/fit/fit-curve.ts';
import type { CurveSet } from '../../core/formats/curves.ts';
import { DEPHASING_MAPS, type DephasingMap } from '../../core/physics/dephasing-map.ts';
import { describeNormalisation } from '../../core/physics/kernel-spectrum.ts';
import { KERNEL_NAMES, kernelOfModel, type KernelName } from '../../core/physics/kernels.ts';
import { DETUNING_MODES, MAX_LATTICE, resolveSimulationOptions, type DetuningMode } from '../../core/physics/options.ts';
import { simulateCurve } from '../../core/physics/simulate-curve.ts';
import type { DatasetArrays } from '../../core/formats/dataset-files.ts';
import type { Workspace } from '../../core/workspace/workspace.ts';
import { numberFlag, parseCommandFlags, requiredFlag } from '../args.ts';
import { EXIT_CANCELLED, EXIT_OK } from '../exit-codes.ts';
import { formatDuration, formatMetric, formatTable } from '../text-table.ts';
import { openFlaggedWorkspace, WORKSPACE_FLAGS, WORKSPACE_USAGE } from '../workspace-flags.ts';
import { parseNormalisation } from './simulate.ts';

const USAGE = `usage: spin-echo fit --dataset ID --curve K [--eval] [--start ALPHA,XI,D | --run RUN] [--max-evals N]
                     [--lattice L] [--kernel K] [--sim-seed S] [--detuning MODE] [--normalisation NORM]
                     [--dephasing-map MAP] [--json]

Searches alpha, xi and d whose simulated curve is nearest curve K of the data set (squared
distance over Re and Im of every sample): first on the free induction decay by Nelder-Mead, then
on the whole curve by Levenberg-Marquardt. Prints the start, the fit and, when known, the truth.
The simulation must match the data set's: its recipe comes from the data set's manifest. A data
set without one (imported from elsewhere) needs at least --lattice; the other settings then
default to the simulator's. A progress line goes to stderr; Ctrl-C stops with the best so far.

  --dataset ID          a data set of the workspace
  --curve K             the curve's index, 0-based, among the model curves (or the eval curves)
  --eval                K indexes the eval curves
  --start A,XI,D        start from this point
  --run RUN             start from this run's prediction for the curve (stored, or from its checkpoint)
                        (default start: the run's prediction if --run, else the data set's mean labels)
  --max-evals N         simulations at most (default ${DEFAULT_MAX_EVALUATIONS})
  --lattice L           lattice side (overrides the recipe's)
  --kernel K            ${KERNEL_NAMES.join(' or ')} (default: the data set's model)
  --sim-seed S          the data set's seed, for its detuning draw (default 0 without a recipe)
  --detuning MODE       ${DETUNING_MODES.join(' or ')}
  --normalisation NORM  none, sum, sum:C or cutoff:R
  --dephasing-map MAP   ${DEPHASING_MAPS.join(' or ')}
  --json                print the result as JSON
${WORKSPACE_USAGE}`;

const FLAGS = {
  ...WORKSPACE_FLAGS,
  dataset: { type: 'string' },
  curve: { type: 'string' },
  eval: { type: 'boolean' },
  start: { type: 'string' },
  run: { type: 'string' },
  'max-evals': { type: 'string' },
  lattice: { type: 'string' },
  kernel: { type: 'string' },
  'sim-seed': { type: 'string' },
  detuning: { type: 'string' },
  normalisation: { type: 'string' },
  'dephasing-map': { type: 'string' },
  json: { type: 'boolean' },
} as const;

type Values = NonNullable<ReturnType<typeof parseCommandFlags<typeof FLAGS>>>['values'];

const RECIPE_FLAGS = ['lattice', 'kernel', 'sim-seed', 'detuning', 'normalisation', 'dephasing-map'] as const;

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new InputError(`--${flag}: '${value}' is not ${allowed.join(' or ')}`);
  return value as T;
}

function parseStart(text: string): CurveParameters {
  const parts = text.split(',').map((part) => part.trim());
  const numbers = parts.map(Number);
  if (parts.length !== 3 || parts.some((part) => part === '') || !numbers.every(Number.isFinite)) {
    throw new InputError(`--start: expected three numbers ALPHA,XI,D, not '${text}'`);
  }
  if (!(numbers[1] > 0)) throw new InputError(`--start: xi must be positive, not ${numbers[1]}`);
  return { alpha: numbers[0], xi: numbers[1], d: numbers[2] };
}

/** The data set's recipe with the flags' changes; InputError when there is none and no --lattice says how to simulate. */
async function recipeFor(values: Values, dataset: Parameters<typeof readDatasetRecipe>[0]): Promise<DatasetRecipe> {
  const known = await readDatasetRecipe(dataset);
  const given = RECIPE_FLAGS.filter((flag) => values[flag] !== undefined);
  if (!known && values.lattice === undefined) {
    throw new InputError(
      `data set ${dataset.id} has no known simulation recipe (${dataset.source}, no manifest): give at least --lattice ` +
        '(and --kernel, --sim-seed, --detuning, --normalisation, --dephasing-map where they differ from the defaults) to say how its curves were simulated',
    );
  }
  const base = known ?? { kernel: kernelOfModel(dataset.model), options: resolveSimulationOptions({}), seed: 0, from: 'the command line' };
  const normalisation = values.normalisation === undefined ? undefined : parseNormalisation(values.normalisation);
  const options = resolveSimulationOptions({
    ...base.options,
    ...(values.lattice !== undefined && { lattice: numberFlag('lattice', values.lattice, 0, { min: 2, max: MAX_LATTICE, integer: true }) }),
    ...(values.detuning !== undefined && { detuning: oneOf<DetuningMode>('detuning', values.detuning, DETUNING_MODES) }),
    ...(normalisation && { normalisation }),
    ...(values['dephasing-map'] !== undefined && { dephasingMap: oneOf<DephasingMap>('dephasing-map', values['dephasing-map'], DEPHASING_MAPS) }),
  });
  const kernel = oneOf<KernelName>('kernel', values.kernel, KERNEL_NAMES) ?? base.kernel;
  const seed = numberFlag('sim-seed', values['sim-seed'], base.seed, { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true });
  if (known && given.length > 0) process.stderr.write(`fit: ${given.map((flag) => `--${flag}`).join(', ')} override the recipe of ${known.from}\n`);
  return { kernel, options, seed, from: given.length > 0 && known ? `${known.from}, with ${given.map((flag) => `--${flag}`).join(', ')}` : base.from };
}

function curveOf(set: CurveSet, index: number): CurveSet {
  const values = set.length * 2;
  return { count: 1, length: set.length, data: set.data.subarray(index * values, (index + 1) * values) };
}

/** A run's prediction for the curve: stored with its results, else predicted by its checkpoint. */
async function runPrediction(
  workspace: Workspace,
  runId: string,
  split: CurveSplit,
  index: number,
  arrays: DatasetArrays,
  datasetId: string,
): Promise<{ start: CurveParameters; how: string; label: string }> {
  const run = workspace.runs.get(runId);
  if (run.datasetId !== datasetId) throw new InputError(`run '${runId}' was trained on ${run.datasetId}, not ${datasetId}`);
  const stored = await workspace.predictions.read(runId, split === 'model' ? 'validation' : 'eval');
  const row = Array.from(stored.indices).indexOf(index);
  if (row >= 0) {
    const [alpha, xi, d] = stored.labels.subarray(3 * row, 3 * row + 3);
    return { start: { alpha, xi, d }, how: `${runId}'s prediction`, label: runId };
  }
  const checkpoint = ['best.ckpt', 'last.ckpt'].map((name) => join(workspace.dir, run.directory, name)).find((path) => existsSync(path));
  if (!checkpoint) throw new InputError(`run '${runId}' stored no prediction for model curve ${index} (a training curve) and has no checkpoint to predict it`);
  const [{ selectBackend }, { predictLabels, readTrainedModel }] = await Promise.all([import('../../core/learn/backend.ts'), import('../../core/learn/trained-model.ts')]);
  await selectBackend('auto');
  const [alpha, xi, d] = predictLabels(await readTrainedModel(checkpoint), curveOf(arrays.model, index));
  return { start: { alpha, xi, d }, how: `${runId}'s prediction from its checkpoint (a training curve)`, label: `${runId} (checkpoint)` };
}

function progressLine(progress: FitProgress): string {
  const { best } = progress;
  return (
    `fit ${progress.done}/${progress.total}  alpha ${formatMetric(best.alpha)}  xi ${formatMetric(best.xi)}  d ${formatMetric(best.d)}  ` +
    `distance ${formatMetric(best.distance)}  ETA ${formatDuration(progress.etaSeconds ?? 0)}`
  );
}

/** Squared distance of one simulated point to the target, or null when the point cannot be simulated. */
function distanceAt(p: CurveParameters, target: Float64Array, recipe: SimulationRecipe): number | null {
  try {
    const simulated = simulateCurve(recipe.kernel, p.alpha, p.xi, p.d, { ...recipe.options, seed: recipe.seed, curveIndex: recipe.curveIndex }).data;
    return simulated.reduce((sum, value, i) => sum + (value - target[i]) ** 2, 0);
  } catch (error) {
    if (error instanceof InputError) return null;
    throw error;
  }
}

function row(name: string, p: CurveParameters, distance: number | null): string[] {
  return [name, formatMetric(p.alpha), formatMetric(p.xi), formatMetric(p.d), formatMetric(distance)];
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandFlags(argv, FLAGS, USAGE);
  if (parsed === null) return EXIT_OK;
  const { values } = parsed;
  const datasetId = requiredFlag('dataset', values.dataset);
  const index = numberFlag('curve', requiredFlag('curve', values.curve), 0, { min: 0, integer: true });
  const split: CurveSplit = values.eval ? 'eval' : 'model';
  if (values.start !== undefined && values.run !== undefined) throw new InputError('give --start or --run, not both');
  const givenStart = values.start === undefined ? null : parseStart(values.start);
  const maxEvaluations = numberFlag('max-evals', values['max-evals'], DEFAULT_MAX_EVALUATIONS, { min: 2, max: 1_000_000, integer: true });

  const workspace = await openFlaggedWorkspace(values, 'read');
  try {
    const dataset = workspace.datasets.get(datasetId);
    const count = split === 'model' ? dataset.modelCount : dataset.evalCount;
    if (index >= count) throw new InputError(`--curve ${index}: data set ${dataset.id} has ${count} ${split} curves (0 to ${count - 1})`);
    const recipe = await recipeFor(values, dataset);
    const arrays = await workspace.datasets.loadArrays(dataset.id);
    const curves = split === 'model' ? arrays.model : arrays.eval!;
    const target = Float64Array.from(curveOf(curves, index).data);
    const truthSet = split === 'model' ? arrays.labels : arrays.evalTruth;
    const truth = truthSet ? { alpha: truthSet.data[3 * index], xi: truthSet.data[3 * index + 1], d: truthSet.data[3 * index + 2] } : null;
    let start: CurveParameters;
    let how: string;
    let label: string;
    if (givenStart) [start, how, label] = [givenStart, 'the point of --start', '--start'];
    else if (values.run !== undefined) ({ start, how, label } = await runPrediction(workspace, values.run, split, index, arrays, dataset.id));
    else {
      const { alpha, xi, d } = dataset.labelStats;
      [start, how, label] = [{ alpha: alpha.mean, xi: xi.mean, d: d.mean }, "the data set's mean labels", 'mean labels'];
    }
    const { options } = recipe;
    process.stderr.write(
      `fitting ${split} curve ${index} of ${dataset.id} (${dataset.name}): ${recipe.kernel}, L = ${options.lattice}, ${options.detuning} detuning, ` +
        `normalisation ${describeNormalisation(options.normalisation)}, seed ${recipe.seed} (recipe: ${recipe.from}); start: ${how}\n`,
    );

    const controller = new AbortController();
    const onInterrupt = () => controller.abort();
    process.on('SIGINT', onInterrupt);
    const live = process.stderr.isTTY === true;
    let latest: FitProgress | null = null;
    let lastLine = -Infinity;
    try {
      const result = await fitCurve({
        target,
        recipe: curveRecipe(recipe, split, index, dataset.modelCount),
        start,
        maxEvaluations,
        signal: controller.signal,
        onProgress: (progress) => {
          latest = progress;
          const now = performance.now();
          if (live) process.stderr.write(`\r\x1b[K${progressLine(progress)}`);
          else if (now - lastLine > 5000 || progress.done === progress.total) {
            process.stderr.write(progressLine(progress) + '\n');
            lastLine = now;
          }
        },
      });
      if (live) process.stderr.write('\n');
      if (values.json) {
        process.stdout.write(JSON.stringify({ dataset: dataset.id, split, curve: index, recipe: { ...recipe, curveIndex: curveRecipe(recipe, split, index, dataset.modelCount).curveIndex }, startFrom: how, truth, ...result }, null, 2) + '\n');
        return EXIT_OK;
      }
      const rows = [row(`start: ${label}`, start, null), row('fit', result.best, result.best.distance)];
      if (result.startMoved) rows.splice(1, 0, row('start, inside the bounds', result.start, result.start.distance));
      else rows[0][4] = formatMetric(result.start.distance);
      // The truth's own distance says whether the recipe reproduces the curve, and so whether a miss is the search's.
      if (truth) rows.push(row('truth', truth, distanceAt(truth, target, curveRecipe(recipe, split, index, dataset.modelCount))));
      process.stdout.write(formatTable(['', 'alpha', 'xi', 'd', 'distance'], rows) + '\n');
      process.stdout.write(
        `${result.evaluations} simulations in ${formatDuration(result.seconds)}, ${result.stopped === 'converged' ? 'converged' : 'stopped at the budget'}; ` +
          `rms difference ${formatMetric(result.rms)} per value (Re and Im of ${target.length / 2} samples)\n`,
      );
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
      if (live) process.stderr.write('\n');
      const best: FitPoint | null = (latest as FitProgress | null)?.best ?? null;
      process.stderr.write(
        best
          ? `fit cancelled; best so far: alpha ${formatMetric(best.alpha)}, xi ${formatMetric(best.xi)}, d ${formatMetric(best.d)}, distance ${formatMetric(best.distance)}\n`
          : 'fit cancelled\n',
      );
      return EXIT_CANCELLED;
    } finally {
      process.off('SIGINT', onInterrupt);
    }
  } finally {
    await workspace.close();
  }
}
