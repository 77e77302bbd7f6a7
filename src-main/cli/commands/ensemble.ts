// spin-echo ensemble: a run that averages the predictions of chosen finished runs, scored and
// exportable like any run, its uncertainty the spread between members and their own variances.
import { InputError } from '../../core/errors.ts';
import type { RunRecord } from '../../core/workspace/vocabulary.ts';
import { numberFlag, parseCommandFlags } from '../args.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { formatMetric } from '../text-table.ts';
import { openFlaggedWorkspace, WORKSPACE_FLAGS, WORKSPACE_USAGE } from '../workspace-flags.ts';

const USAGE = `usage: spin-echo ensemble --run ID --run ID ... [--tag T ...] [--json]
       spin-echo ensemble --study ID [--top K] [--json]

Creates an ensemble run from finished runs of one data set trained on the same validation split:
its predictions are the members' mean, its standard deviation combines the spread between
members with the members' own predicted variances. It is scored on the validation split (and
on the answer key when the data set has one) and exported like any run.

  --run ID            a member run; repeatable
  --study ID          a study's top K finished trials (K: the study's own, 5 by default), of which
                      greedy selection on the validation split keeps those that improve the mean
  --top K             with --study: how many
  --tag T             tag the ensemble run; repeatable
  --json              print the run as JSON
${WORKSPACE_USAGE}`;

const FLAGS = {
  ...WORKSPACE_FLAGS,
  run: { type: 'string', multiple: true },
  study: { type: 'string' },
  top: { type: 'string' },
  tag: { type: 'string', multiple: true },
  json: { type: 'boolean' },
} as const;

export function describeEnsemble(run: RunRecord): string {
  const evalScore = run.result?.evalScore as { perElement?: number; spreadErrorSpearman?: Record<string, number | null> } | null | undefined;
  const members = (run.hyperparameters.members as string[]).join(', ');
  const spearman = evalScore?.spreadErrorSpearman;
  return (
    `${run.id} ensemble of ${members}: val per-element ${formatMetric(run.valPerElement)}` +
    (evalScore ? `, answer key per-element ${formatMetric(evalScore.perElement)}` : '') +
    (spearman ? `; std ~ |error| Spearman on the answer key: alpha ${formatMetric(spearman.alpha)} xi ${formatMetric(spearman.xi)} d ${formatMetric(spearman.d)}` : '')
  );
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandFlags(argv, FLAGS, USAGE);
  if (parsed === null) return EXIT_OK;
  const { values } = parsed;
  const members = values.run ?? [];
  if ((members.length === 0) === (values.study === undefined)) throw new InputError('name the member runs with --run ID (repeatable), or a study with --study ID');
  if (values.top !== undefined && values.study === undefined) throw new InputError('--top goes with --study');
  if (values.study !== undefined && values.tag !== undefined) throw new InputError("--tag goes with --run: a study's ensemble is tagged with the study");
  const top = values.top === undefined ? undefined : numberFlag('top', values.top, 0, { min: 1, max: 1000, integer: true });
  const tags = values.tag ?? [];
  if (tags.some((tag) => tag.trim() === '')) throw new InputError('--tag must not be empty');
  const workspace = await openFlaggedWorkspace(values, 'write');
  try {
    const ensemble = values.study !== undefined ? await workspace.studies.ensemble(values.study, top) : await workspace.ensembles.create({ members, tags });
    process.stdout.write(values.json ? JSON.stringify(ensemble, null, 2) + '\n' : describeEnsemble(ensemble) + '\n');
  } finally {
    await workspace.close();
  }
  return EXIT_OK;
}
