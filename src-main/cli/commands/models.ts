// spin-echo models: the saved models of the workspace (networks written as layer lists): list,
// show one with its shapes and weights, add one from a JSON file, remove one.
import { InputError } from '../../core/errors.ts';
import type { SavedModelRecord } from '../../core/workspace/vocabulary.ts';
import { checkModelLayers, MODEL_INPUT_SHAPE } from '../../core/workspace/model-library.ts';
import { readModelFile } from '../../core/workspace/model-file.ts';
import { parseCommandFlags } from '../args.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { formatTable } from '../text-table.ts';
import { openFlaggedWorkspace, WORKSPACE_FLAGS, WORKSPACE_USAGE } from '../workspace-flags.ts';

const USAGE = `usage: spin-echo models [list] [--json]
       spin-echo models show NAME [--json]
       spin-echo models add FILE [--name NAME] [--replace] [--json]
       spin-echo models remove NAME

A saved model is a network written as a list of layers; train it with spin-echo train --model NAME,
or search its training settings in a study (--presets NAME). The output head (alpha, xi, d, and
their log-variances with uncertainty) is added after the last layer. FILE holds JSON:

  {"name": "small-cnn", "description": "...", "layers": [
    {"kind": "conv1d", "filters": 16, "kernelSize": 7, "stride": 2, "padding": "same", "activation": "gelu"},
    {"kind": "batch-norm"},
    {"kind": "pool1d", "mode": "max", "size": 2},
    {"kind": "global-average-pool1d"},
    {"kind": "dense", "units": 64, "activation": "relu"},
    {"kind": "dropout", "rate": 0.1}]}

Layer kinds: conv1d (filters, kernelSize, stride 1, padding same|valid, activation), pool1d (mode
max|avg, size, stride = size), global-average-pool1d, flatten, dense (units, activation),
batch-norm, dropout (rate), activation (activation). A run copies the layers into its
hyperparameters: editing or removing the model later never changes it.

  --name NAME         the model's name (default: the file's "name")
  --replace           replace a saved model of the same name
  --json              print JSON
${WORKSPACE_USAGE}`;

const FLAGS = {
  ...WORKSPACE_FLAGS,
  json: { type: 'boolean' },
  name: { type: 'string' },
  replace: { type: 'boolean' },
} as const;

function settingsOf(layer: Readonly<Record<string, unknown>>): string {
  return Object.entries(layer)
    .filter(([key]) => key !== 'kind')
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
}

function printModel(model: SavedModelRecord, json: boolean): void {
  const { check } = checkModelLayers(model.layers);
  if (json) {
    process.stdout.write(JSON.stringify({ ...model, inputShape: MODEL_INPUT_SHAPE, shapes: check?.layers ?? null, parameterCount: check?.parameterCount ?? null }, null, 2) + '\n');
    return;
  }
  const rows = [...model.layers, { kind: 'output' }].map((layer, i) => {
    const shape = check?.layers[i];
    return [String(i), layer.kind, settingsOf(layer), shape?.outputShape ? `[${shape.outputShape.join(', ')}]` : '-', shape?.parameterCount?.toLocaleString('en-US') ?? '-'];
  });
  const lines = [`${model.name}${model.description ? `: ${model.description}` : ''}`, `input [${MODEL_INPUT_SHAPE.join(', ')}] (time, channels: Re, Im, |M|)`, formatTable(['#', 'KIND', 'SETTINGS', 'OUTPUT', 'PARAMETERS'], rows)];
  if (check?.parameterCount != null) lines.push(`${check.parameterCount.toLocaleString('en-US')} parameters`);
  process.stdout.write(lines.join('\n') + '\n');
}

function printModels(models: readonly SavedModelRecord[], json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(models, null, 2) + '\n');
    return;
  }
  if (models.length === 0) {
    process.stdout.write('No saved models yet: spin-echo models add FILE\n');
    return;
  }
  const rows = models.map((model) => [model.name, String(model.layers.length), checkModelLayers(model.layers).check?.parameterCount?.toLocaleString('en-US') ?? '-', model.updatedAt.slice(0, 19).replace('T', ' '), model.description]);
  process.stdout.write(formatTable(['NAME', 'LAYERS', 'PARAMETERS', 'UPDATED', 'DESCRIPTION'], rows) + '\n');
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandFlags(argv, FLAGS, USAGE, { positionals: true });
  if (parsed === null) return EXIT_OK;
  const { values, positionals } = parsed;
  const [action = 'list', ...rest] = positionals;
  const json = values.json === true;
  if (!['list', 'show', 'add', 'remove'].includes(action)) throw new InputError(`unknown models action '${action}': use list, show, add or remove`);
  if (action !== 'add' && (values.name !== undefined || values.replace !== undefined)) throw new InputError('--name and --replace go with models add');
  if (action === 'list' && rest.length > 0) throw new InputError(`models list takes no arguments, got '${rest[0]}'`);
  if (action !== 'list' && rest.length !== 1) throw new InputError(`models ${action} takes one ${action === 'add' ? 'file' : 'model name'}`);
  const file = action === 'add' ? await readModelFile(rest[0]) : null;

  const workspace = await openFlaggedWorkspace(values, action === 'list' || action === 'show' ? 'read' : 'write');
  try {
    if (action === 'list') printModels(workspace.models.list(), json);
    else if (action === 'show') printModel(workspace.models.get(rest[0]), json);
    else if (action === 'remove') {
      workspace.models.remove(rest[0]);
      process.stdout.write(`removed model ${rest[0]}; its runs keep their layers\n`);
    } else if (file) {
      const name = values.name ?? file.name;
      if (name === undefined) throw new InputError(`${rest[0]}: the file names no model: add "name" to it, or give --name`);
      let saved: SavedModelRecord;
      try {
        saved = workspace.models.save({ name, description: file.description, layers: file.layers, replace: values.replace === true });
      } catch (error) {
        throw error instanceof InputError ? new InputError(`${rest[0]}: ${error.message}`) : error;
      }
      printModel(saved, json);
    }
  } finally {
    await workspace.close();
  }
  return EXIT_OK;
}
