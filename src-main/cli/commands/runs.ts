// spin-echo runs: lists, shows and compares the runs of the workspace, and resumes an interrupted one.
import { InputError } from '../../core/errors.ts';
import { flattenHyperparameters, RUN_FIELDS, RUN_STATUSES, type RunOrder, type RunQuery, type RunRecord, type RunStatus } from '../../core/workspace/vocabulary.ts';
import type { Workspace } from '../../core/workspace/workspace.ts';
import { numberFlag, parseCommandFlags } from '../args.ts';
import { EXIT_CANCELLED, EXIT_FAILURE, EXIT_OK } from '../exit-codes.ts';
import { describeOutcome, followRun } from '../follow-run.ts';
import { parseCondition } from '../settings-flags.ts';
import { formatMetric, formatTable, formatValue } from '../text-table.ts';
import { openFlaggedWorkspace, TRAINING_WORKSPACE_FLAGS, trainingWorkspaceUsage } from '../workspace-flags.ts';

const USAGE = `usage: spin-echo runs list [--dataset ID] [--status S,...] [--where EXPR ...] [--sort FIELD[:desc] ...] [--limit N] [--json]
       spin-echo runs show ID [--json]
       spin-echo runs compare ID ID ... [--json]
       spin-echo runs resume ID [--epochs N] [--restart] [--trainers N] [--json]

list      the runs, newest first unless sorted; filter by data set, status, or any field or
          hyperparameter: --where 'hp.learningRate<0.01' --where 'bestValLoss<=0.05'
show      one run: its settings, metrics per epoch and files
compare   runs side by side: the hyperparameters that differ, and their best metrics
resume    continue an interrupted or cancelled run from its last checkpoint (same run id); a
          damaged checkpoint falls back to the one before it. With neither, it is refused:
          --restart trains its recipe again from epoch 1 as a new run (the old one keeps its epochs)

FIELD is one of ${Object.keys(RUN_FIELDS).join(', ')},
or hp.<hyperparameter> (nested ones with dots); FIELD:desc (or --sort=-FIELD) sorts descending.

  --json              print JSON
${trainingWorkspaceUsage()}`;

const FLAGS = {
  ...TRAINING_WORKSPACE_FLAGS,
  dataset: { type: 'string' },
  status: { type: 'string' },
  where: { type: 'string', multiple: true },
  sort: { type: 'string', multiple: true },
  limit: { type: 'string' },
  epochs: { type: 'string' },
  restart: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

type Values = NonNullable<ReturnType<typeof parseCommandFlags<typeof FLAGS>>>['values'];

const LIST_ONLY = ['dataset', 'status', 'where', 'sort', 'limit'] as const;

function refuseFlags(values: Values, flags: readonly (keyof Values)[], action: string): void {
  const given = flags.find((flag) => values[flag] !== undefined);
  if (given !== undefined) throw new InputError(`--${String(given)} does not go with runs ${action}`);
}

function listQuery(values: Values): RunQuery {
  let status: RunStatus[] | undefined;
  if (values.status !== undefined) {
    status = values.status.split(',').map((name) => name.trim()) as RunStatus[];
    const unknown = status.find((name) => !(RUN_STATUSES as readonly string[]).includes(name));
    if (unknown !== undefined) throw new InputError(`--status: unknown status '${unknown}' (expected ${RUN_STATUSES.join(', ')})`);
  }
  const orderBy: RunOrder[] = (values.sort ?? []).map((text) => {
    const match = /^(-?)([^:]+?)(?::(asc|desc))?$/.exec(text.trim());
    if (!match || (match[1] && match[3])) throw new InputError(`--sort '${text}': expected FIELD, FIELD:asc or FIELD:desc`);
    const descending = match[1] === '-' || match[3] === 'desc';
    return { field: match[2] as RunOrder['field'], direction: descending ? 'desc' : 'asc' };
  });
  return {
    datasetId: values.dataset,
    status,
    where: (values.where ?? []).map(parseCondition),
    orderBy,
    limit: values.limit === undefined ? undefined : numberFlag('limit', values.limit, 0, { min: 1, integer: true }),
  };
}

function date(value: string | null): string {
  return value === null ? '-' : value.slice(0, 19).replace('T', ' ');
}

function listRuns(workspace: Workspace, values: Values): void {
  const runs = workspace.runs.list(listQuery(values));
  if (values.json) {
    process.stdout.write(JSON.stringify(runs, null, 2) + '\n');
    return;
  }
  if (runs.length === 0) {
    process.stdout.write('No runs.\n');
    return;
  }
  const header = ['ID', 'DATASET', 'PRESET', 'STATUS', 'BACKEND', 'EPOCHS', 'BEST', 'BEST VAL', 'VAL/ELEM', 'CREATED'];
  const rows = runs.map((run) => [
    run.id,
    run.datasetId,
    run.preset,
    run.status,
    run.backend ?? run.backendRequested,
    `${workspace.runs.lastStoredEpoch(run.id)}/${run.epochs}`,
    run.bestEpoch === null ? '-' : String(run.bestEpoch),
    formatMetric(run.bestValLoss),
    formatMetric(run.valPerElement),
    date(run.createdAt),
  ]);
  process.stdout.write(formatTable(header, rows) + '\n');
}

interface StoredScore {
  readonly perElement?: number;
  readonly perParameter?: Record<string, number>;
  readonly spreadErrorSpearman?: Record<string, number | null>;
}

/** The answer-key score, and for runs with a std how well it ranks their errors (result JSON, as stored). */
function scoreLines(result: Readonly<Record<string, unknown>> | null): string[] {
  const triple = (values: Record<string, number | null> | undefined) => `alpha ${formatMetric(values?.alpha)} xi ${formatMetric(values?.xi)} d ${formatMetric(values?.d)}`;
  const validation = result?.validationScore as StoredScore | null | undefined;
  const evaluation = result?.evalScore as StoredScore | null | undefined;
  const lines: string[] = [];
  if (evaluation) lines.push(`  answer key   per-element ${formatMetric(evaluation.perElement)}, MSE ${triple(evaluation.perParameter)}`);
  for (const [label, score] of [['val', validation], ['answer key', evaluation]] as const) {
    if (score?.spreadErrorSpearman) lines.push(`  std ~ |error| Spearman (${label}): ${triple(score.spreadErrorSpearman)}`);
  }
  return lines;
}

function showRun(workspace: Workspace, id: string, json: boolean): void {
  const details = workspace.runs.show(id);
  if (json) {
    process.stdout.write(JSON.stringify(details, null, 2) + '\n');
    return;
  }
  const { run, dataset, epochs, artifacts } = details;
  const lines = [
    `${run.id}  ${run.status}${run.errorMessage ? ` (${run.errorMessage})` : ''}`,
    `  preset       ${run.preset}`,
    `  data set     ${dataset.id} ${dataset.name} (${dataset.model}, ${dataset.source}, ${dataset.modelCount} curves, ${dataset.evalCount} eval)`,
    `  backend      ${run.backend ?? '-'} (asked ${run.backendRequested})${run.backendNotes ? `: ${run.backendNotes}` : ''}`,
    `  seed         ${run.seed}`,
    `  created      ${date(run.createdAt)}   started ${date(run.startedAt)}   ended ${date(run.finishedAt)}`,
    `  epochs       ${epochs.length} stored of ${run.epochs}`,
    `  best         epoch ${run.bestEpoch ?? '-'}, val loss ${formatMetric(run.bestValLoss)}, val MSE alpha ${formatMetric(run.bestValMse?.alpha)} xi ${formatMetric(run.bestValMse?.xi)} d ${formatMetric(run.bestValMse?.d)}`,
    `  val score    Err ${formatMetric(run.valErr)}, per-element ${formatMetric(run.valPerElement)}`,
  ];
  lines.push(...scoreLines(run.result));
  if (run.parentRunId) lines.push(`  parent       ${run.parentRunId}`);
  if (run.tags.length > 0) lines.push(`  tags         ${run.tags.join(', ')}`);
  if (run.notes) lines.push(`  notes        ${run.notes}`);
  lines.push('', 'hyperparameters');
  for (const [key, value] of flattenHyperparameters(run.hyperparameters)) lines.push(`  ${key.padEnd(24)} ${value}`);
  if (epochs.length > 0) {
    lines.push('', 'epochs');
    const header = ['EPOCH', 'LOSS', 'VAL LOSS', 'LR', 'MSE ALPHA', 'MSE XI', 'MSE D', 'SECONDS'];
    const rows = epochs.map((row) => [String(row.epoch), ...[row.loss, row.valLoss, row.lr, row.valMseAlpha, row.valMseXi, row.valMseD, row.seconds].map(formatMetric)]);
    lines.push(
      formatTable(header, rows)
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n'),
    );
  }
  if (artifacts.length > 0) {
    lines.push('', 'files');
    for (const artifact of artifacts) lines.push(`  ${artifact.kind.padEnd(17)} ${artifact.path}${artifact.shape ? `  ${artifact.dtype} [${artifact.shape.join(' x ')}]` : ''}${artifact.epoch ? `  epoch ${artifact.epoch}` : ''}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

/** The hyperparameter keys whose values are not the same in every run (absent counts as a value). */
export function differingHyperparameters(runs: readonly RunRecord[]): { key: string; values: (string | undefined)[] }[] {
  const flattened = runs.map((run) => new Map(flattenHyperparameters(run.hyperparameters)));
  const keys = [...new Set(flattened.flatMap((map) => [...map.keys()]))].sort();
  return keys
    .map((key) => ({ key, values: flattened.map((map) => map.get(key)) }))
    .filter(({ values }) => new Set(values).size > 1);
}

function compareRuns(workspace: Workspace, ids: readonly string[], json: boolean): void {
  if (ids.length < 2) throw new InputError('runs compare takes two run ids or more');
  if (new Set(ids).size !== ids.length) throw new InputError('runs compare: a run is named twice');
  const runs = ids.map((id) => workspace.runs.get(id));
  const differing = differingHyperparameters(runs);
  const metrics: [string, (run: RunRecord) => unknown][] = [
    ['status', (run) => run.status],
    ['dataset', (run) => run.datasetId],
    ['preset', (run) => run.preset],
    ['backend', (run) => run.backend ?? `(${run.backendRequested})`],
    ['epochs', (run) => `${workspace.runs.lastStoredEpoch(run.id)}/${run.epochs}`],
    ['bestEpoch', (run) => run.bestEpoch],
    ['bestValLoss', (run) => run.bestValLoss],
    ['bestValMseAlpha', (run) => run.bestValMse?.alpha ?? null],
    ['bestValMseXi', (run) => run.bestValMse?.xi ?? null],
    ['bestValMseD', (run) => run.bestValMse?.d ?? null],
    ['valErr', (run) => run.valErr],
    ['valPerElement', (run) => run.valPerElement],
  ];
  if (json) {
    const report = {
      runs: ids,
      hyperparameters: Object.fromEntries(differing.map(({ key, values }) => [key, values.map((value) => (value === undefined ? null : JSON.parse(value)))])),
      metrics: Object.fromEntries(metrics.map(([name, read]) => [name, runs.map(read)])),
    };
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return;
  }
  const cell = (value: unknown) => (typeof value === 'number' ? formatMetric(value) : value === null ? '-' : formatValue(value));
  const rows = metrics.map(([name, read]) => [name, ...runs.map((run) => cell(read(run)))]);
  const lines = [formatTable(['', ...ids], rows)];
  lines.push('', differing.length === 0 ? 'hyperparameters: all the same' : 'hyperparameters that differ');
  if (differing.length > 0) lines.push(formatTable(['', ...ids], differing.map(({ key, values }) => [`hp.${key}`, ...values.map((value) => value ?? '-')])));
  process.stdout.write(lines.join('\n') + '\n');
}

async function resumeRun(workspace: Workspace, id: string, values: Values): Promise<number> {
  const epochs = values.epochs === undefined ? undefined : numberFlag('epochs', values.epochs, 0, { min: 1, max: 100_000, integer: true });
  const { run, note, settled } = await workspace.runs.resume(id, { epochs, restart: values.restart === true });
  process.stderr.write(`${id}: ${note}\n`);
  const final = await followRun(workspace, run.id, settled);
  process.stdout.write(values.json ? JSON.stringify(final, null, 2) + '\n' : describeOutcome(final) + '\n');
  if (final.status === 'finished') return EXIT_OK;
  return final.status === 'cancelled' ? EXIT_CANCELLED : EXIT_FAILURE;
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandFlags(argv, FLAGS, USAGE, { positionals: true });
  if (parsed === null) return EXIT_OK;
  const { values, positionals } = parsed;
  const [action = 'list', ...ids] = positionals;
  if (!['list', 'show', 'compare', 'resume'].includes(action)) throw new InputError(`unknown runs action '${action}': use list, show, compare or resume`);
  if (action !== 'list') refuseFlags(values, LIST_ONLY, action);
  if (action !== 'resume') refuseFlags(values, ['epochs', 'restart', 'trainers'], action);
  if (action === 'list' && ids.length > 0) throw new InputError(`runs list takes no run ids, got '${ids[0]}'`);
  if ((action === 'show' || action === 'resume') && ids.length !== 1) throw new InputError(`runs ${action} takes one run id`);

  const workspace = await openFlaggedWorkspace(values, action === 'resume' ? 'write' : 'read');
  try {
    if (action === 'list') listRuns(workspace, values);
    else if (action === 'show') showRun(workspace, ids[0], values.json === true);
    else if (action === 'compare') compareRuns(workspace, ids, values.json === true);
    else return await resumeRun(workspace, ids[0], values);
    return EXIT_OK;
  } finally {
    await workspace.close();
  }
}
