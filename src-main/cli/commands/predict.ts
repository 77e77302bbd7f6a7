// spin-echo predict: writes a finished run's predictions for its data set's eval curves in the
// submission format (alpha, xi, d per row, tab-separated, physical units).
import { InputError } from '../../core/errors.ts';
import { parseFlags, requiredFlag } from '../args.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { openFlaggedWorkspace, WORKSPACE_FLAGS, WORKSPACE_USAGE } from '../workspace-flags.ts';

const USAGE = `usage: spin-echo predict --run ID --out FILE

Writes the eval predictions of a finished run to FILE; when FILE is a folder, to the standard
submission name inside it (<model>_mat_info_eval.txt).

  --run ID            a finished run of the workspace
  --out FILE          the file (or folder) to write
${WORKSPACE_USAGE}`;

const FLAGS = {
  ...WORKSPACE_FLAGS,
  run: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new InputError(`predict takes no positional arguments, got '${positionals[0]}'`);
  const runId = requiredFlag('run', values.run);
  const out = requiredFlag('out', values.out);
  const workspace = await openFlaggedWorkspace(values, 'read');
  try {
    const { labels } = await workspace.submissions.evalPredictions(runId);
    const path = await workspace.submissions.writePredictions(runId, out);
    process.stdout.write(`${path}: ${labels.count} rows of alpha, xi, d from ${runId}\n`);
  } finally {
    await workspace.close();
  }
  return EXIT_OK;
}
