// spin-echo export: the submission files of a gauss run and an RKKY run, with a summary.json of
// what made them, a report.html describing them, and the score wherever the data set has an answer key.
import { resolve } from 'node:path';
import { InputError } from '../../core/errors.ts';
import { parseCommandFlags, requiredFlag } from '../args.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { withStopSignal } from '../stop-signal.ts';
import { formatMetric } from '../text-table.ts';
import { openFlaggedWorkspace, WORKSPACE_FLAGS, WORKSPACE_USAGE } from '../workspace-flags.ts';

const USAGE = `usage: spin-echo export --gauss RUN --rkky RUN --out DIR [--json]

Writes gauss_mat_info_eval.txt and RKKY_mat_info_eval.txt (predictions of each run for its data
set's eval curves), summary.json and report.html (data, network, hyperparameters, metrics and
plots of each run, self-contained) into DIR, created if needed: all of them or, on any error or
Ctrl-C, none (DIR is left as it was). RUN is a finished run id, or
'best' for the finished run with the lowest validation score on data of that model. Leave one
model out to export the other alone.

  --gauss RUN         the run for the gauss file
  --rkky RUN          the run for the RKKY file
  --out DIR           the folder to write
  --json              print the export record as JSON
${WORKSPACE_USAGE}`;

const FLAGS = {
  ...WORKSPACE_FLAGS,
  gauss: { type: 'string' },
  rkky: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandFlags(argv, FLAGS, USAGE);
  if (parsed === null) return EXIT_OK;
  const { values } = parsed;
  const outDir = requiredFlag('out', values.out);
  if (values.gauss === undefined && values.rkky === undefined) throw new InputError('--gauss or --rkky (or both) is required');
  for (const flag of ['gauss', 'rkky'] as const) {
    if (values[flag] === '') throw new InputError(`--${flag} needs a run id or 'best'`);
  }
  const workspace = await openFlaggedWorkspace(values, 'write');
  try {
    // A relative --out is the shell's folder, as for any command (the core takes the home folder for it).
    const { record, paths } = await withStopSignal((signal) => workspace.submissions.export({ gauss: values.gauss, rkky: values.rkky, outDir: resolve(outDir), signal }));
    if (values.json) process.stdout.write(JSON.stringify(record, null, 2) + '\n');
    else {
      const lines = [`${record.id}: wrote ${paths.length} files to ${record.directory}`, ...paths.map((path) => `  ${path}`)];
      for (const [model, score] of Object.entries(record.score ?? {}) as [string, { err: number; perElement: number; count: number } | null][]) {
        if (score) lines.push(`  ${model} score against the answer key: Err ${formatMetric(score.err)}, per-element ${formatMetric(score.perElement)} (${score.count} curves)`);
      }
      process.stdout.write(lines.join('\n') + '\n');
    }
  } finally {
    await workspace.close();
  }
  return EXIT_OK;
}
