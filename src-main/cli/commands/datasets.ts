// spin-echo datasets: lists the workspace's data sets, or imports a challenge folder into it.
import { InputError } from '../../core/errors.ts';
import { parseModelName, type DatasetRecord } from '../../core/workspace/vocabulary.ts';
import { parseCommandFlags } from '../args.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { withStopSignal } from '../stop-signal.ts';
import { formatMetric, formatTable } from '../text-table.ts';
import { openFlaggedWorkspace, WORKSPACE_FLAGS, WORKSPACE_USAGE } from '../workspace-flags.ts';

const USAGE = `usage: spin-echo datasets [list] [--json]
       spin-echo datasets import DIR [--model gauss|RKKY] [--name NAME] [--json]

Lists the data sets of the workspace, or imports the challenge files of DIR: each model found
(or only --model) becomes a data set, its arrays copied into the workspace.

  --model M           import only this model (gauss or RKKY)
  --name NAME         name of the new data set (default: the folder's name and the model)
  --json              print JSON
${WORKSPACE_USAGE}`;

const FLAGS = {
  ...WORKSPACE_FLAGS,
  json: { type: 'boolean' },
  model: { type: 'string' },
  name: { type: 'string' },
} as const;

function describe(dataset: DatasetRecord): string[] {
  return [
    dataset.id,
    dataset.name,
    dataset.model,
    dataset.source,
    String(dataset.modelCount),
    String(dataset.evalCount),
    dataset.hasEvalTruth ? 'yes' : 'no',
    String(dataset.length),
    `${formatMetric(dataset.labelStats.alpha.min)}..${formatMetric(dataset.labelStats.alpha.max)}`,
    dataset.createdAt.slice(0, 19).replace('T', ' '),
  ];
}

function printDatasets(datasets: readonly DatasetRecord[], json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(datasets, null, 2) + '\n');
    return;
  }
  if (datasets.length === 0) {
    process.stdout.write('No data sets yet: spin-echo datasets import DIR\n');
    return;
  }
  const header = ['ID', 'NAME', 'MODEL', 'SOURCE', 'CURVES', 'EVAL', 'TRUTH', 'LENGTH', 'ALPHA', 'CREATED'];
  process.stdout.write(formatTable(header, datasets.map(describe)) + '\n');
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandFlags(argv, FLAGS, USAGE, { positionals: true });
  if (parsed === null) return EXIT_OK;
  const { values, positionals } = parsed;
  const [action = 'list', ...rest] = positionals;
  if (action === 'list') {
    if (rest.length > 0) throw new InputError(`datasets list takes no arguments, got '${rest[0]}'`);
    if (values.model !== undefined || values.name !== undefined) throw new InputError('--model and --name go with datasets import');
    const workspace = await openFlaggedWorkspace(values, 'read');
    try {
      printDatasets(workspace.datasets.list(), values.json === true);
    } finally {
      await workspace.close();
    }
    return EXIT_OK;
  }
  if (action !== 'import') throw new InputError(`unknown datasets action '${action}': use list or import`);
  if (rest.length !== 1) throw new InputError('datasets import takes one folder: spin-echo datasets import DIR');
  const model = values.model === undefined ? undefined : parseModelName(values.model);
  if (values.name !== undefined && values.name.trim() === '') throw new InputError('--name must not be empty');

  const workspace = await openFlaggedWorkspace(values, 'write');
  try {
    let lastPercent = -1;
    const imported = await withStopSignal((signal) =>
      workspace.datasets.importFolder(rest[0], {
        model,
        name: values.name,
        signal,
        onProgress: ({ done, total }) => {
          const percent = total > 0 ? Math.floor((100 * done) / total) : 100;
          if (process.stderr.isTTY && percent !== lastPercent) process.stderr.write(`\rimporting ${percent}%`);
          lastPercent = percent;
        },
      }),
    );
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    printDatasets(imported, values.json === true);
  } finally {
    await workspace.close();
  }
  return EXIT_OK;
}
