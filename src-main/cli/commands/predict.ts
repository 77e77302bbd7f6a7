// spin-echo predict: writes a finished run's predictions for its data set's eval curves in the
// submission format (alpha, xi, d per row, tab-separated, physical units).
import { parseCommandFlags, requiredFlag } from '../args.ts';
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
} as const;

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandFlags(argv, FLAGS, USAGE);
  if (parsed === null) return EXIT_OK;
  const { values } = parsed;
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
