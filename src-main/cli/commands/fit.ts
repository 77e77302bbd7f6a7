// spin-echo fit: fits alpha, xi and d of one curve of a data set by simulation through the
// workspace's curve fits (the explorer's fit), and prints the start, the fit and the truth.
import { CancelledError, InputError } from '../../core/errors.ts';
import type { CurveFitOutcome, CurveFitPlan, StartSource } from '../../core/workspace/curve-fits.ts';
import { DEFAULT_MAX_EVALUATIONS, DEPHASING_MAPS, DETUNING_MODES, MAX_LATTICE, type DephasingMap, type DetuningMode, type FitProgress } from '../../core/workspace/vocabulary.ts';
import { numberFlag, parseCommandFlags, requiredFlag } from '../args.ts';
import { EXIT_CANCELLED, EXIT_OK } from '../exit-codes.ts';
import { formatDuration, formatMetric, formatTable } from '../text-table.ts';
import { openFlaggedWorkspace, WORKSPACE_FLAGS, WORKSPACE_USAGE } from '../workspace-flags.ts';
import { parseNormalisation } from './simulate.ts';

const USAGE = `usage: spin-echo fit --dataset ID --curve K [--eval] [--start ALPHA,XI,D | --run RUN] [--max-evals N]
                     [--lattice L] [--sim-seed S] [--detuning MODE] [--normalisation NORM]
                     [--dephasing-map MAP] [--json]

Searches alpha, xi and d whose simulated curve is nearest curve K of the data set (squared
distance over Re and Im of every sample): first on the free induction decay by Nelder-Mead, then
on the whole curve by Levenberg-Marquardt. Prints the start, the fit and, when known, the truth.
The same fit as the Explorer's. The simulation must match the data set's: its recipe comes from
the data set's manifest (or demo recipe); for curves of unknown origin the physics defaults stand
in (L = 100, one detuning draw, seed 0), which the command says; the flags below change either.
A progress line goes to stderr; Ctrl-C stops with the best so far.

  --dataset ID          a data set of the workspace
  --curve K             the curve's index, 0-based, among the model curves (or the eval curves)
  --eval                K indexes the eval curves
  --start A,XI,D        start from this point
  --run RUN             start from this run's stored prediction for the curve (one of its
                        validation curves, or an eval curve)
                        (default start: the centre of the recipe's priors)
  --max-evals N         simulations at most (default ${DEFAULT_MAX_EVALUATIONS})
  --lattice L           lattice side (overrides the recipe's)
  --sim-seed S          the seed of the data set's detuning draw (default: the recipe's, else 0)
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
  'sim-seed': { type: 'string' },
  detuning: { type: 'string' },
  normalisation: { type: 'string' },
  'dephasing-map': { type: 'string' },
  json: { type: 'boolean' },
} as const;

type Values = NonNullable<ReturnType<typeof parseCommandFlags<typeof FLAGS>>>['values'];
type Point = CurveFitPlan['requestedStart'];

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new InputError(`--${flag}: '${value}' is not ${allowed.join(' or ')}`);
  return value as T;
}

function parseStart(text: string): Point {
  const parts = text.split(',').map((part) => part.trim());
  const numbers = parts.map(Number);
  if (parts.length !== 3 || parts.some((part) => part === '') || !numbers.every(Number.isFinite)) {
    throw new InputError(`--start: expected three numbers ALPHA,XI,D, not '${text}'`);
  }
  return { alpha: numbers[0], xi: numbers[1], d: numbers[2] };
}

/** The changes the flags ask of the data set's recipe: the fit's seed and simulation settings. */
function recipeChoice(values: Values) {
  const normalisation = values.normalisation === undefined ? undefined : parseNormalisation(values.normalisation);
  const settings = {
    ...(values.lattice !== undefined && { lattice: numberFlag('lattice', values.lattice, 0, { min: 2, max: MAX_LATTICE, integer: true }) }),
    ...(values.detuning !== undefined && { detuning: oneOf<DetuningMode>('detuning', values.detuning, DETUNING_MODES) }),
    ...(normalisation && { normalisation }),
    ...(values['dephasing-map'] !== undefined && { dephasingMap: oneOf<DephasingMap>('dephasing-map', values['dephasing-map'], DEPHASING_MAPS) }),
  };
  const seed = values['sim-seed'] === undefined ? undefined : numberFlag('sim-seed', values['sim-seed'], 0, { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true });
  return { ...(seed !== undefined && { seed }), ...(Object.keys(settings).length > 0 && { settings }) };
}

function describeStart(startFrom: StartSource, runId: string | null): { how: string; label: string } {
  if (startFrom === 'given') return { how: 'the point of --start', label: '--start' };
  if (startFrom === 'run') return { how: `${runId}'s prediction`, label: runId! };
  return { how: "the centre of the recipe's priors", label: 'prior centre' };
}

function progressLine(progress: FitProgress): string {
  const { best } = progress;
  return (
    `fit ${progress.done}/${progress.total}  alpha ${formatMetric(best.alpha)}  xi ${formatMetric(best.xi)}  d ${formatMetric(best.d)}  ` +
    `distance ${formatMetric(best.distance)}  ETA ${formatDuration(progress.etaSeconds ?? 0)}`
  );
}

function row(name: string, p: Point, distance: number | null): string[] {
  return [name, formatMetric(p.alpha), formatMetric(p.xi), formatMetric(p.d), formatMetric(distance)];
}

/** The outcome as JSON: every number of the fit, without the curves drawn for the Explorer. */
function outcomeJson(outcome: CurveFitOutcome, plan: CurveFitPlan) {
  const { target: _target, startCurve: _startCurve, fittedCurve: _fittedCurve, fit, curveIndex, ...rest } = outcome;
  return { ...rest, curve: curveIndex, curveIndex: plan.recipe.curveIndex, best: fit };
}

function printOutcome(outcome: CurveFitOutcome, label: string): void {
  const rows = [row(`start: ${label}`, outcome.requestedStart, null), row('fit', outcome.fit, outcome.fit.distance)];
  if (outcome.startMoved) rows.splice(1, 0, row('start, inside the bounds', outcome.start, outcome.start.distance));
  else rows[0][4] = formatMetric(outcome.start.distance);
  // The truth's own distance says whether the recipe reproduces the curve, and so whether a miss is the search's.
  if (outcome.truth) rows.push(row('truth', outcome.truth, outcome.truthDistance));
  process.stdout.write(formatTable(['', 'alpha', 'xi', 'd', 'distance'], rows) + '\n');
  process.stdout.write(
    `${outcome.evaluations} simulations in ${formatDuration(outcome.seconds)}, ${outcome.stopped === 'converged' ? 'converged' : 'stopped at the budget'}; ` +
      `rms difference ${formatMetric(outcome.rms)} per value (Re and Im of ${outcome.length} samples)\n`,
  );
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandFlags(argv, FLAGS, USAGE);
  if (parsed === null) return EXIT_OK;
  const { values } = parsed;
  const datasetId = requiredFlag('dataset', values.dataset);
  const curveIndex = numberFlag('curve', requiredFlag('curve', values.curve), 0, { min: 0, integer: true });
  const split = values.eval ? 'eval' : 'model';
  if (values.start !== undefined && values.run !== undefined) throw new InputError('give --start or --run, not both');
  const start = values.start === undefined ? undefined : parseStart(values.start);
  const maxEvaluations = numberFlag('max-evals', values['max-evals'], DEFAULT_MAX_EVALUATIONS, { min: 2, max: 1_000_000, integer: true });
  const choice = recipeChoice(values);

  const workspace = await openFlaggedWorkspace(values, 'read');
  try {
    const plan = await workspace.fits.plan({ datasetId, split, curveIndex, runId: values.run, start, maxEvaluations, ...choice });
    const dataset = workspace.datasets.get(datasetId);
    const { recipeSummary: recipe } = plan;
    const { how, label } = describeStart(plan.startFrom, plan.runId);
    process.stderr.write(
      `fitting ${split} curve ${curveIndex} of ${dataset.id} (${dataset.name}): ${recipe.kernel}, L = ${recipe.lattice}, ${recipe.detuning} detuning, ` +
        `normalisation ${recipe.normalisation}, seed ${recipe.seed} (recipe: ${recipe.from}); start: ${how}\n`,
    );

    const controller = new AbortController();
    const onInterrupt = () => controller.abort();
    process.on('SIGINT', onInterrupt);
    const live = process.stderr.isTTY === true;
    let latest: FitProgress | null = null;
    let lastLine = -Infinity;
    try {
      const outcome = await workspace.fits.run(plan, {
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
      if (values.json) process.stdout.write(JSON.stringify(outcomeJson(outcome, plan), null, 2) + '\n');
      else printOutcome(outcome, label);
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
      if (live) process.stderr.write('\n');
      const best = (latest as FitProgress | null)?.best ?? null;
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
