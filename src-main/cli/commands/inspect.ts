// spin-echo inspect: prints what a challenge folder holds, per model, and every problem found.
import { basename } from 'node:path';
import { InputError } from '../../core/errors.ts';
import { challengeFileName, inspectChallengeFolder, LABEL_NAMES, type LabelFileReport, type ModelReport } from '../../core/workspace/challenge-folders.ts';
import { parseCommandFlags } from '../args.ts';
import { EXIT_BAD_INPUT, EXIT_OK } from '../exit-codes.ts';

const USAGE = `usage: spin-echo inspect DIR [--json]

Reads the challenge files in DIR (gauss_* and RKKY_*, names in any case) and prints, per model,
the files found, the curve shapes, label statistics and every problem, each file error as
file:line:column: reason. Exit code 0 when everything found reads cleanly, 2 otherwise.

  --json   print the report as JSON`;

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandFlags(argv, { json: { type: 'boolean' } }, USAGE, { positionals: true });
  if (parsed === null) return EXIT_OK;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new InputError('inspect takes one folder: spin-echo inspect DIR [--json]');
  const report = await inspectChallengeFolder(positionals[0]);
  if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else {
    const lines = [`Challenge folder ${report.dir}`];
    for (const model of report.models) lines.push('', ...describeModel(model));
    if (!report.models.some((model) => model.present)) lines.push('', 'No challenge files found.');
    else lines.push('', report.ok ? 'OK: every file found reads cleanly.' : `${countProblems(report.models)} problem(s) found.`);
    process.stdout.write(lines.join('\n') + '\n');
  }
  return report.ok ? EXIT_OK : EXIT_BAD_INPUT;
}

function countProblems(models: readonly ModelReport[]): number {
  return models.reduce((sum, model) => sum + model.problems.length, 0);
}

function describeModel(report: ModelReport): string[] {
  if (!report.present) return [`${report.model}: no files`];
  const found = Object.values(report.files).map((path) => basename(path));
  const lines = [
    `${report.model}`,
    `  files:        ${found.join(', ')}`,
    `  missing:      ${report.missing.length === 0 ? 'none' : report.missing.map((role) => challengeFileName(report.model, role)).join(', ')}`,
    `  model curves: ${report.curves ? `${report.curves.count} x ${report.curves.length}` : '-'}`,
    ...describeLabels('labels:      ', report.labels),
    `  eval curves:  ${report.eval ? `${report.eval.count} x ${report.eval.length}` : '-'}`,
    ...describeLabels('eval truth:  ', report.evalTruth),
    ...describeLabels('submission:  ', report.submission),
  ];
  for (const warning of report.warnings) lines.push(`  warning: ${warning}`);
  for (const problem of report.problems) lines.push(`  problem: ${problem}`);
  return lines;
}

function describeLabels(title: string, labels: LabelFileReport | null): string[] {
  if (!labels) return [`  ${title} -`];
  const rows = LABEL_NAMES.map((name) => {
    const { min, mean, max } = labels.summary[name];
    return `    ${name.padEnd(6)} min ${formatNumber(min).padEnd(12)} mean ${formatNumber(mean).padEnd(12)} max ${formatNumber(max)}`;
  });
  return [`  ${title} ${labels.count} rows`, ...rows];
}

/** Six significant digits, without trailing zeros. */
function formatNumber(value: number): string {
  return String(Number(value.toPrecision(6)));
}
