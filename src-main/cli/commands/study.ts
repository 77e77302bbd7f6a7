// spin-echo study: an automatic, budgeted search over presets and hyperparameters (random draws
// and successive halving), every trial a run; resumable, with a progress line and Ctrl-C to stop.
import { MAX_STUDY_MINUTES, MAX_STUDY_TRIALS } from '../../core/api/contract.ts';
import { InputError } from '../../core/errors.ts';
import { BACKEND_PREFERENCES, type StudyBudget, type StudyRecord } from '../../core/workspace/vocabulary.ts';
import { DEFAULT_STUDY_SETTINGS, type StudyEvent, type StudySettings } from '../../core/workspace/studies.ts';
import type { Workspace } from '../../core/workspace/workspace.ts';
import { numberFlag, parseCommandFlags, requiredFlag } from '../args.ts';
import { EXIT_CANCELLED, EXIT_FAILURE, EXIT_OK } from '../exit-codes.ts';
import { parseBackendFlag, parseSettings } from '../settings-flags.ts';
import { formatDuration, formatMetric, formatTable } from '../text-table.ts';
import { openFlaggedWorkspace, TRAINING_WORKSPACE_FLAGS, trainingWorkspaceUsage } from '../workspace-flags.ts';

const D = DEFAULT_STUDY_SETTINGS;
const USAGE = `usage: spin-echo study --dataset ID --budget 60m|2h|20trials [--seed S] [--presets P,P] [--rungs E,E,E]
                       [--reduction R] [--bracket N] [--top K] [--fix key=value ...] [--backend B] [--trainers N] [--json]
       spin-echo study resume ID [--budget B] [--trainers N] [--json]
       spin-echo study list [--json]
       spin-echo study show ID [--json]

Searches presets and hyperparameters within a budget: configurations are drawn at random, each
trains for the first rung's epochs, the best 1/R of a bracket continue to the next rung, and so on;
then a new bracket. Every trial is a run of the workspace (tag study:ID). At the end the study's
top K runs are the candidates of its default ensemble (greedy selection on the validation split keeps
those that improve the mean). Ctrl-C stops the study (its trial in training is cancelled);
spin-echo study resume ID continues it, also after a crash.

  --dataset ID        the data set to train on
  --budget B          training time (90s, 60m, 2h: summed over sessions) or a number of configurations (20trials)
  --seed S            seed of the draws (default 1)
  --presets P,P       presets to draw from (default ${D.presets.join(',')})
  --rungs E,E,E       epochs after each rung (default ${D.rungs.join(',')})
  --reduction R       keep the best 1/R at each rung (default ${D.reduction})
  --bracket N         configurations per bracket (default ${D.bracketSize})
  --top K             candidates of the default ensemble (default ${D.top})
  --fix key=value     a hyperparameter imposed on every trial whose preset has it; repeatable
  --backend B         ${BACKEND_PREFERENCES.join(', ')} (default auto)
  --json              print JSON
${trainingWorkspaceUsage()}`;

const FLAGS = {
  ...TRAINING_WORKSPACE_FLAGS,
  dataset: { type: 'string' },
  budget: { type: 'string' },
  seed: { type: 'string' },
  presets: { type: 'string' },
  rungs: { type: 'string' },
  reduction: { type: 'string' },
  bracket: { type: 'string' },
  top: { type: 'string' },
  fix: { type: 'string', multiple: true },
  backend: { type: 'string' },
  json: { type: 'boolean' },
} as const;

type Values = NonNullable<ReturnType<typeof parseCommandFlags<typeof FLAGS>>>['values'];

const SEARCH_FLAGS = ['dataset', 'seed', 'presets', 'rungs', 'reduction', 'bracket', 'top', 'fix', 'backend'] as const;

/** '90s', '60m', '2h', '1.5h' or '20trials'. */
export function parseBudget(text: string): StudyBudget {
  const time = /^(\d+(?:\.\d+)?)\s*(s|m|min|h)$/.exec(text.trim());
  if (time) {
    const seconds = Number(time[1]) * (time[2] === 's' ? 1 : time[2] === 'h' ? 3600 : 60);
    if (seconds > MAX_STUDY_MINUTES * 60) throw new InputError(`--budget: '${text}' is longer than the ${MAX_STUDY_MINUTES / 60}h a study may run`);
    if (seconds > 0) return { kind: 'time', seconds };
  }
  const trials = /^(\d+)\s*trials?$/.exec(text.trim());
  if (trials && Number(trials[1]) > MAX_STUDY_TRIALS) throw new InputError(`--budget: '${text}' is more than the ${MAX_STUDY_TRIALS} trials a study may run`);
  if (trials && Number(trials[1]) >= 1) return { kind: 'trials', count: Number(trials[1]) };
  throw new InputError(`--budget: '${text}' is neither a time (90s, 60m, 2h) nor a number of trials (20trials)`);
}

function describeBudget(budget: StudyBudget): string {
  return budget.kind === 'time' ? formatDuration(budget.seconds) : `${budget.count} trials`;
}

function integerList(flag: string, text: string): number[] {
  return text.split(',').map((part) => numberFlag(flag, part.trim(), 0, { min: 1, max: 100_000, integer: true }));
}

function settingsOf(values: Values): Partial<StudySettings> {
  const settings: { -readonly [K in keyof StudySettings]?: StudySettings[K] } = {};
  if (values.presets !== undefined) settings.presets = values.presets.split(',').map((name) => name.trim());
  if (values.rungs !== undefined) settings.rungs = integerList('rungs', values.rungs);
  if (values.reduction !== undefined) settings.reduction = numberFlag('reduction', values.reduction, 0, { min: 2, max: 100, integer: true });
  if (values.bracket !== undefined) settings.bracketSize = numberFlag('bracket', values.bracket, 0, { min: 1, max: 10_000, integer: true });
  if (values.top !== undefined) settings.top = numberFlag('top', values.top, 0, { min: 1, max: 1000, integer: true });
  if (values.fix !== undefined) settings.fixed = parseSettings(values.fix, 'fix');
  if (values.backend !== undefined) settings.backend = parseBackendFlag(values.backend);
  return settings;
}

/** The study's summary: status, time, best so far, top runs and ensemble. */
function describeStudy(workspace: Workspace, study: StudyRecord): string {
  const studies = workspace.studies;
  const trials = studies.trials(study.id);
  const best = studies.bestSoFar(study.id);
  const top = studies.top(study.id);
  const lines = [
    `${study.id} on ${study.datasetId}: ${study.status}${study.errorMessage ? ` (${study.errorMessage})` : ''}, ` +
      `${formatDuration(study.elapsedSeconds)} spent of ${describeBudget(study.budget)}, ${trials.length} trials, seed ${study.seed}`,
  ];
  if (best.length > 0) {
    lines.push('', 'best so far (study time, val per-element, run):');
    for (const point of best) lines.push(`  ${formatDuration(point.elapsedSeconds).padStart(8)}  ${formatMetric(point.valPerElement).padStart(10)}  ${point.runId} (rung ${point.rung})`);
  }
  if (top.length > 0) {
    lines.push('', formatTable(['TOP', 'RUN', 'PRESET', 'EPOCHS', 'VAL/ELEM'], top.map((run, i) => [String(i + 1), run.id, run.preset, String(run.epochs), formatMetric(run.valPerElement)])));
  }
  if (study.ensembleRunId) {
    const ensemble = workspace.runs.get(study.ensembleRunId);
    const evalScore = ensemble.result?.evalScore as { perElement?: number } | null | undefined;
    lines.push(
      '',
      `ensemble ${ensemble.id}: val per-element ${formatMetric(ensemble.valPerElement)}` + (evalScore ? `, answer key per-element ${formatMetric(evalScore.perElement)}` : ''),
    );
  }
  return lines.join('\n');
}

/** Drives the study with a progress line on stderr; Ctrl-C stops it, a second Ctrl-C leaves at once. */
export async function driveStudy(workspace: Workspace, study: StudyRecord, json: boolean): Promise<number> {
  const stream = process.stderr;
  const live = stream.isTTY === true;
  const budget = describeBudget(study.budget);
  let current: Extract<StudyEvent, { type: 'trial-started' }> | null = null;
  let best: { runId: string; valPerElement: number } | null = workspace.studies.bestSoFar(study.id).at(-1) ?? null;
  let lineOpen = false;
  const write = (line: string, transient = false) => {
    if (live) {
      stream.write(`\r\x1b[K${line}${transient ? '' : '\n'}`);
      lineOpen = transient;
    } else stream.write(line + '\n');
  };
  const status = (epoch: number | null) => {
    const spent = formatDuration(workspace.studies.get(study.id).elapsedSeconds);
    const trial = current ? `  trial ${current.trial} (bracket ${current.bracket}, rung ${current.rung}, ${current.preset}) epoch ${epoch ?? '-'}/${current.epochs}` : '';
    return `${study.id} ${spent} of ${budget}${trial}  best ${best ? `${formatMetric(best.valPerElement)} (${best.runId})` : '-'}`;
  };
  const stopListening = workspace.subscribe((event) => {
    if (event.type === 'run-epoch' && current && event.runId === current.runId) write(status(event.metrics.epoch), live);
  });
  const controller = new AbortController();
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts += 1;
    if (interrupts === 1) {
      write(`stopping ${study.id} (its trial in training is cancelled; resume with spin-echo study resume ${study.id}); Ctrl-C again to leave at once`);
      controller.abort();
    } else void workspace.close();
  };
  process.on('SIGINT', onInterrupt);
  try {
    const final = await workspace.studies.run(study.id, {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'trial-started') {
          current = event;
          write(`${event.action === 'draw' ? 'new' : event.action === 'resume' ? 'resuming' : 'promoted'} trial ${event.trial}: ${event.runId} ${event.preset}, ${event.epochs} epochs (bracket ${event.bracket}, rung ${event.rung})`);
        } else if (event.type === 'trial-settled') {
          best = event.best;
          current = null;
          write(`${event.run.id} ${event.run.status}: val per-element ${formatMetric(event.run.valPerElement)}; ${status(null)}`);
        } else write(`bracket ${event.bracket}: ${event.runIds.join(', ')} continue to rung ${event.rung}`);
      },
    });
    if (lineOpen) stream.write('\n');
    process.stdout.write(json ? JSON.stringify({ study: final, trials: workspace.studies.trials(final.id), bestSoFar: workspace.studies.bestSoFar(final.id) }, null, 2) + '\n' : describeStudy(workspace, final) + '\n');
    return final.status === 'finished' ? EXIT_OK : final.status === 'stopped' ? EXIT_CANCELLED : EXIT_FAILURE;
  } finally {
    process.off('SIGINT', onInterrupt);
    stopListening();
  }
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandFlags(argv, FLAGS, USAGE, { positionals: true });
  if (parsed === null) return EXIT_OK;
  const { values, positionals } = parsed;
  const [action, ...rest] = positionals;
  const json = values.json === true;
  if (action === undefined) {
    const datasetId = requiredFlag('dataset', values.dataset);
    const budget = parseBudget(requiredFlag('budget', values.budget));
    const seed = values.seed === undefined ? undefined : numberFlag('seed', values.seed, 1, { min: 0, max: 2 ** 32 - 1, integer: true });
    const settings = settingsOf(values);
    const workspace = await openFlaggedWorkspace(values, 'write');
    try {
      const study = workspace.studies.create({ datasetId, budget, seed, settings });
      process.stderr.write(`${study.id}: study of ${datasetId}, budget ${describeBudget(budget)}, seed ${study.seed}\n`);
      return await driveStudy(workspace, study, json);
    } finally {
      await workspace.close();
    }
  }
  const given = SEARCH_FLAGS.find((flag) => values[flag] !== undefined);
  if (given) throw new InputError(`--${given} goes with a new study (spin-echo study --dataset ID ...), not with study ${action}`);
  if (action !== 'resume' && values.trainers !== undefined) throw new InputError(`--trainers goes with a study that trains (a new one, or study resume), not with study ${action}`);
  if (action === 'list') {
    if (rest.length > 0) throw new InputError('study list takes no arguments');
    const workspace = await openFlaggedWorkspace(values, 'read');
    try {
      const studies = workspace.studies.list();
      if (json) process.stdout.write(JSON.stringify(studies, null, 2) + '\n');
      else if (studies.length === 0) process.stdout.write('No studies yet: spin-echo study --dataset ID --budget 60m\n');
      else {
        const rows = studies.map((study) => {
          const best = workspace.studies.bestSoFar(study.id).at(-1);
          return [study.id, study.datasetId, study.status, `${formatDuration(study.elapsedSeconds)} / ${describeBudget(study.budget)}`, String(workspace.studies.trials(study.id).length), formatMetric(best?.valPerElement), study.ensembleRunId ?? '-'];
        });
        process.stdout.write(formatTable(['ID', 'DATASET', 'STATUS', 'TIME / BUDGET', 'TRIALS', 'BEST', 'ENSEMBLE'], rows) + '\n');
      }
    } finally {
      await workspace.close();
    }
    return EXIT_OK;
  }
  if (action !== 'show' && action !== 'resume') throw new InputError(`unknown study action '${action}': use list, show or resume (or --dataset to start one)`);
  if (rest.length !== 1) throw new InputError(`study ${action} takes one study id`);
  const workspace = await openFlaggedWorkspace(values, action === 'show' ? 'read' : 'write');
  try {
    let study = workspace.studies.get(rest[0]);
    if (action === 'show') {
      if (values.budget !== undefined) throw new InputError('--budget goes with study resume');
      process.stdout.write(
        json ? JSON.stringify({ study, trials: workspace.studies.trials(study.id), bestSoFar: workspace.studies.bestSoFar(study.id) }, null, 2) + '\n' : describeStudy(workspace, study) + '\n',
      );
      return EXIT_OK;
    }
    if (values.budget !== undefined) study = workspace.studies.setBudget(study.id, parseBudget(values.budget));
    process.stderr.write(`resuming ${study.id}: ${formatDuration(study.elapsedSeconds)} spent of ${describeBudget(study.budget)}\n`);
    return await driveStudy(workspace, study, json);
  } finally {
    await workspace.close();
  }
}
