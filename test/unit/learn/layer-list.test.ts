import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModelSpec } from '../../../src-main/core/learn/architectures.ts';
import { selectBackend } from '../../../src-main/core/learn/backend.ts';
import { describeHyperparameters, resolveHyperparameters } from '../../../src-main/core/learn/hyperparameters.ts';
import { LAYER_KINDS, newLayer } from '../../../src-main/core/api/layer-kinds.ts';
import { checkLayerList, describeLayerProblem, MAX_PARAMETERS, parseLayerList, type LayerEntry, type LayerListInput } from '../../../src-main/core/learn/layer-list.ts';
import { Network } from '../../../src-main/core/learn/network.ts';
import { TrainingSession, type EpochMetrics } from '../../../src-main/core/learn/train.ts';
import { readDatasetArrays, type DatasetArrays } from '../../../src-main/core/formats/dataset-files.ts';
import { writeSyntheticDataset } from './synthetic-data.ts';

const input: LayerListInput = { inputShape: [471, 3], initializer: 'he_normal', uncertainty: false };

function parsed(value: unknown): LayerEntry[] {
  const result = parseLayerList(value);
  if (result.layers === null) throw new Error(result.problems.map(describeLayerProblem).join('; '));
  return result.layers;
}

/** The problems of a layer list, as the one-line texts the CLI and the form show. */
function problemsOf(value: unknown, shape: readonly number[] = input.inputShape): string[] {
  const result = parseLayerList(value);
  if (result.layers === null) return result.problems.map(describeLayerProblem);
  return checkLayerList(result.layers, { ...input, inputShape: shape }).problems.map(describeLayerProblem);
}

const smallCnn = [
  { kind: 'conv1d', filters: 8, kernelSize: 7, stride: 2, activation: 'gelu' },
  { kind: 'batch-norm' },
  { kind: 'pool1d', mode: 'max', size: 2 },
  { kind: 'conv1d', filters: 16, kernelSize: 5, padding: 'valid', activation: 'relu' },
  { kind: 'pool1d', mode: 'avg', size: 4, stride: 2 },
  { kind: 'global-average-pool1d' },
  { kind: 'dense', units: 32, activation: 'tanh' },
  { kind: 'dropout', rate: 0.1 },
  { kind: 'activation', activation: 'selu' },
];

describe('layer list validation', () => {
  it('fills in the defaults a run keeps: stride 1 and same padding', () => {
    expect(parsed([{ kind: 'conv1d', filters: 4, kernelSize: 3, activation: 'relu' }, { kind: 'flatten' }])[0]).toEqual({
      kind: 'conv1d',
      filters: 4,
      kernelSize: 3,
      stride: 1,
      padding: 'same',
      activation: 'relu',
    });
  });

  it('names the layer index and the field of every bad value, unknown field and unknown kind', () => {
    expect(
      problemsOf([
        { kind: 'conv1d', filters: 0, kernelSize: 3.5, activation: 'relu' },
        { kind: 'dense', units: 8, activation: 'swish' },
        { kind: 'dropout', rate: 1 },
        { kind: 'lstm' },
        { kind: 'flatten', size: 3 },
        7,
      ]),
    ).toEqual([
      'layers[0].filters: must be an integer from 1 to 1024',
      'layers[0].kernelSize: must be an integer from 1 to 255',
      'layers[1].activation: must be one of relu, selu, tanh, elu, sigmoid, gelu, linear',
      'layers[2].rate: must be a number from 0 to 1 (excluded)',
      'layers[3].kind: must be one of conv1d, pool1d, global-average-pool1d, flatten, dense, batch-norm, dropout, activation',
      "layers[4].size: unknown field 'size'",
      'layers[5]: must be an object with a kind, one of conv1d, pool1d, global-average-pool1d, flatten, dense, batch-norm, dropout, activation',
    ]);
    expect(problemsOf([])).toEqual(['layers: must hold at least one layer']);
    expect(problemsOf({ kind: 'dense' })).toEqual(['layers: must be a list of layers']);
  });

  it('refuses a convolution after flatten, a dense layer on a sequence and a list that does not end flat', () => {
    expect(problemsOf([{ kind: 'flatten' }, { kind: 'conv1d', filters: 4, kernelSize: 3, activation: 'relu' }])).toEqual([
      'layers[1]: conv1d needs a [time, channels] input, not the flat [1413] it receives',
    ]);
    expect(problemsOf([{ kind: 'batch-norm' }, { kind: 'dense', units: 4, activation: 'relu' }])).toEqual([
      'layers[1]: dense needs a flat input, not [471, 3]: put a flatten or global-average-pool1d layer before it',
    ]);
    expect(problemsOf([{ kind: 'conv1d', filters: 4, kernelSize: 3, activation: 'relu' }])).toEqual([
      'layers[0]: the list ends in [471, 4]; the output head needs a flat input: end it with flatten or global-average-pool1d',
    ]);
  });

  it('refuses a length that shrinks below one step, naming the field', () => {
    const shrinking = [
      { kind: 'pool1d', mode: 'max', size: 8 },
      { kind: 'pool1d', mode: 'max', size: 8 },
      { kind: 'pool1d', mode: 'max', size: 8 },
      { kind: 'flatten' },
    ];
    expect(problemsOf(shrinking)).toEqual(['layers[2].size: size 8 exceeds the 7 time steps it receives']);
    expect(problemsOf([{ kind: 'conv1d', filters: 4, kernelSize: 9, padding: 'valid', activation: 'relu' }, { kind: 'flatten' }], [5, 2])).toEqual([
      "layers[0].kernelSize: kernelSize 9 exceeds the 5 time steps it receives ('valid' padding would leave none)",
    ]);
  });

  it('refuses too many parameters with the count and the largest layer', () => {
    const wide = [{ kind: 'conv1d', filters: 64, kernelSize: 3, activation: 'relu' }, { kind: 'flatten' }, { kind: 'dense', units: 1024, activation: 'relu' }];
    const flat = 471 * 64;
    const total = 3 * 3 * 64 + 64 + flat * 1024 + 1024 + 1024 * 3 + 3;
    expect(total).toBeGreaterThan(MAX_PARAMETERS);
    expect(problemsOf(wide)).toEqual([
      `layers[2]: the network has ${total.toLocaleString('en-US')} parameters, more than the 20,000,000 allowed (this layer holds ${(flat * 1024 + 1024).toLocaleString('en-US')})`,
    ]);
  });

  it('reports the output shape and the weights of each layer and of the head, as the built network has them', () => {
    const check = checkLayerList(parsed(smallCnn), input);
    expect(check.problems).toEqual([]);
    expect(check.layers.map((l) => l.outputShape?.join('x'))).toEqual(['236x8', '236x8', '118x8', '114x16', '56x16', '16', '32', '32', '32', '3']);
    expect(check.layers.map((l) => l.parameterCount)).toEqual([7 * 3 * 8 + 8, 4 * 8, 0, 5 * 8 * 16 + 16, 0, 0, 16 * 32 + 32, 0, 0, 32 * 3 + 3]);
    const network = new Network(buildModelSpec(resolveHyperparameters('my-cnn', { layers: smallCnn }, 471)));
    expect(network.layers.map((l) => l.outputShape.join('x'))).toEqual(check.layers.map((l) => l.outputShape?.join('x')));
    expect(network.parameterCount.total).toBe(check.parameterCount);
  });
});

describe('a layer-list model as a run', () => {
  it('trains with the built-in training settings, its layers among its hyperparameters, and the uncertainty head', () => {
    const h = resolveHyperparameters('my-cnn', { layers: smallCnn, learningRate: 0.01, uncertainty: true }, 471);
    expect(h).toMatchObject({ preset: 'my-cnn', family: 'layers', learningRate: 0.01, channels: ['re', 'im', 'abs'] });
    expect(h.family === 'layers' && h.layers).toEqual(parsed(smallCnn));
    expect(new Network(buildModelSpec(h)).outputSize).toBe(6);
    expect(describeHyperparameters('my-cnn').map((field) => field.key)).toContain('batchSize');
    expect(describeHyperparameters('my-cnn').map((field) => field.key)).not.toContain('layers');
  });

  it('checks the layers against the run\'s own window and refuses a name that is neither a preset nor a saved model', () => {
    expect(() => resolveHyperparameters('my-cnn', { layers: smallCnn, windowStart: 460 }, 471)).toThrow(/layers\[3\]\.kernelSize: kernelSize 5 exceeds the 3 time steps it receives/);
    expect(() => resolveHyperparameters('my-cnn', { layers: [{ kind: 'dense', units: 0, activation: 'relu' }] }, 471)).toThrow(/layers\[0\]\.units: must be an integer from 1 to 4096/);
    expect(() => resolveHyperparameters('nonsense', {}, 471)).toThrow(/unknown preset 'nonsense'/);
  });
});

describe('training a layer-list model on wasm', () => {
  let data: DatasetArrays;
  beforeAll(async () => {
    data = await readDatasetArrays(await writeSyntheticDataset(96, 48, 5));
  });

  it('lowers the loss in a few epochs, through valid convolutions and strided pooling', async () => {
    const layers = [
      { kind: 'conv1d', filters: 8, kernelSize: 5, stride: 2, padding: 'valid', activation: 'relu' },
      { kind: 'batch-norm' },
      { kind: 'pool1d', mode: 'max', size: 3, stride: 2 },
      { kind: 'flatten' },
      { kind: 'dense', units: 16, activation: 'gelu' },
      { kind: 'dropout', rate: 0.1 },
    ];
    const hyperparameters = resolveHyperparameters('tiny', { layers, epochs: 5, batchSize: 16, learningRate: 0.005, earlyStopping: false }, data.header.length);
    const session = await TrainingSession.open({ hyperparameters, data, checkpointDir: mkdtempSync(join(tmpdir(), 'run-')), resume: false });
    const backend = await selectBackend('wasm', () => session.probe());
    expect(backend.name).toBe('wasm');
    const losses: number[] = [];
    await session.run(backend, { onEpoch: (_epoch: number, metrics: EpochMetrics) => losses.push(metrics.loss), onCheckpoint: () => {} }, new AbortController().signal);
    expect(losses).toHaveLength(5);
    expect(losses[4]).toBeLessThan(losses[0]);
  }, 60_000);
});

describe('the layer kinds the editor offers', () => {
  it('start every kind with values the core accepts, and describe exactly the fields it knows', () => {
    for (const { kind, fields } of LAYER_KINDS) {
      const [layer] = parsed([newLayer(kind), { kind: 'flatten' }]);
      expect(Object.keys(layer).sort(), kind).toEqual(['kind', ...fields.filter((field) => !('optional' in field)).map((field) => field.key)].sort());
    }
  });
});
