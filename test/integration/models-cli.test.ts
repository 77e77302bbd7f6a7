// A saved layer-list model end to end from the command line: added from a JSON file (and refused
// with file:line:column or the layer and field at fault), trained on a tiny simulated set with
// train --model NAME, and its run still holding its layers after the model is removed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from './cli-process.ts';

const root = mkdtempSync(join(tmpdir(), 'spin-echo-models-cli-'));
const workspace = join(root, 'workspace');
const data = join(root, 'simulated');

function cli(...args: string[]) {
  return runCliProcess([...args, '--workspace', workspace]);
}

function file(name: string, text: string): string {
  const path = join(root, name);
  writeFileSync(path, text);
  return path;
}

const layers = [
  { kind: 'conv1d', filters: 4, kernelSize: 5, stride: 4, activation: 'relu' },
  { kind: 'batch-norm' },
  { kind: 'pool1d', mode: 'avg', size: 2 },
  { kind: 'flatten' },
  { kind: 'dense', units: 8, activation: 'gelu' },
];

beforeAll(async () => {
  const simulated = await runCliProcess(['simulate', '--kernel', 'gauss', '--seed', '3', '--out', data, '--n-model', '40', '--n-eval', '4', '--lattice', '16', '--workers', '1']);
  expect(simulated.code, simulated.stderr).toBe(0);
}, 120_000);

describe('spin-echo models and train --model NAME', () => {
  it('refuses a file that is not JSON with file:line:column, and a bad layer with its index and field, exit code 2', async () => {
    const broken = file('broken.json', '{\n  "name": "tiny",\n  "layers": [\n    {"kind": "flatten"},\n  ]\n}\n');
    const notJson = await cli('models', 'add', broken);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr.trim()).toBe(`${broken}:5:3: a trailing comma before ']' is not allowed in JSON`);

    const badLayer = file('bad-layer.json', JSON.stringify({ name: 'tiny', layers: [{ kind: 'flatten' }, { kind: 'conv1d', filters: 4, kernelSize: 3, activation: 'relu' }] }));
    const refused = await cli('models', 'add', badLayer);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe(`spin-echo: ${badLayer}: model 'tiny': layers[1]: conv1d needs a [time, channels] input, not the flat [1413] it receives`);
    expect((await cli('models', 'list', '--json')).stdout.trim()).toBe('[]');
  }, 60_000);

  it('adds a model, lists and shows it with shapes and parameters, trains it, and keeps its layers in the run after removal', async () => {
    const added = await cli('models', 'add', file('tiny.json', JSON.stringify({ name: 'tiny', description: 'a strided conv', layers }, null, 2)), '--json');
    expect(added.code, added.stderr).toBe(0);
    const shown = JSON.parse(added.stdout) as { name: string; parameterCount: number; shapes: { outputShape: number[] }[] };
    expect(shown.name).toBe('tiny');
    expect(shown.shapes.map((s) => s.outputShape.join('x'))).toEqual(['118x4', '118x4', '59x4', '236', '8', '3']);
    // conv 5·3·4+4, batch norm 4·4, dense 236·8+8, head 8·3+3
    expect(shown.parameterCount).toBe(64 + 16 + 1896 + 27);
    const again = await cli('models', 'add', file('tiny.json', JSON.stringify({ name: 'tiny', layers })));
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/a model named 'tiny' exists already/);

    const listed = await cli('models');
    expect(listed.stdout).toMatch(/^NAME\s+LAYERS\s+PARAMETERS/);
    expect(listed.stdout).toMatch(/tiny\s+5\s+2,003/);

    const trained = await cli('train', '--dataset', data, '--model', 'tiny', '--epochs', '2', '--set', 'batchSize=8', '--set', 'learningRate=0.003', '--backend', 'wasm', '--json');
    expect(trained.code, trained.stderr).toBe(0);
    const run = JSON.parse(trained.stdout) as { id: string; preset: string; status: string; backend: string; hyperparameters: Record<string, unknown> };
    expect(run).toMatchObject({ preset: 'tiny', status: 'finished', backend: 'wasm' });
    expect(run.hyperparameters.layers).toEqual(layers.map((layer) => (layer.kind === 'conv1d' ? { ...layer, padding: 'same' } : layer)));
    expect(run.hyperparameters.learningRate).toBe(0.003);

    const removed = await cli('models', 'remove', 'tiny');
    expect(removed.code, removed.stderr).toBe(0);
    const compared = await cli('runs', 'show', run.id, '--json');
    expect((JSON.parse(compared.stdout) as { run: { hyperparameters: Record<string, unknown> } }).run.hyperparameters.layers).toEqual(run.hyperparameters.layers);
    const unknown = await cli('train', '--dataset', data, '--model', 'tiny', '--epochs', '1');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown preset 'tiny' \(expected a built-in preset or a saved model: seed-mlp, mlp, cnn1d, deep-cnn\)/);
  }, 240_000);
});
