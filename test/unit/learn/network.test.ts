import { describe, expect, it } from 'vitest';
import { buildModelSpec } from '../../../src-main/core/learn/architectures.ts';
import { resolveHyperparameters } from '../../../src-main/core/learn/hyperparameters.ts';
import { Network } from '../../../src-main/core/learn/network.ts';
import { Random } from '../../../src-main/core/random.ts';

describe('seed-mlp network', () => {
  const network = new Network(buildModelSpec(resolveHyperparameters('seed-mlp', {}, 471)));

  it("has the notebook's layers: BN, then seven Dense(200)+BN pairs with its activations, then Dense(3) linear", () => {
    const summary = network.layers.map((l) => (l.spec.kind === 'dense' ? `dense ${l.spec.units} ${l.spec.activation} ${l.spec.initializer}` : l.spec.kind));
    const activations = ['relu', 'relu', 'selu', 'tanh', 'relu', 'selu', 'relu'];
    expect(summary).toEqual([
      'batch-norm',
      ...activations.flatMap((a) => [`dense 200 ${a} he_normal`, 'batch-norm']),
      'dense 3 linear glorot_uniform',
    ]);
    expect(network.spec.inputShape).toEqual([400]);
    expect(network.spec.batchNormMomentum).toBe(0.99);
    expect(network.spec.batchNormEpsilon).toBe(0.001);
  });

  it('counts parameters as Keras does (4 per batch-norm feature, moving statistics included)', () => {
    const batchNorm = (features: number) => 4 * features;
    const dense = (inputs: number, units: number) => inputs * units + units;
    const expected = batchNorm(400) + dense(400, 200) + batchNorm(200) + 6 * (dense(200, 200) + batchNorm(200)) + dense(200, 3);
    expect(network.parameterCount.total).toBe(expected);
    expect(network.parameterCount.total).toBe(329203);
    expect(network.parameterCount.nonTrainable).toBe(2 * (400 + 7 * 200));
    expect(network.parameterCount.trainable).toBe(expected - 2 * (400 + 7 * 200));
  });

  it('initialises he_normal kernels with std sqrt(2/fan_in), truncated at two std, and BN to identity', () => {
    const random = new Random(7);
    const { params, state } = network.initialise(() => random.nextFloat());
    const kernel = network.trainableSlots.find((s) => s.name === 'dense_2/kernel')!;
    const values = params.subarray(kernel.offset, kernel.offset + kernel.size);
    const std = Math.sqrt(values.reduce((a, v) => a + v * v, 0) / values.length);
    expect(std).toBeGreaterThan(Math.sqrt(2 / 200) * 0.97);
    expect(std).toBeLessThan(Math.sqrt(2 / 200) * 1.03);
    const bound = (2 * Math.sqrt(2 / 200)) / 0.87962566103423978;
    expect(values.every((v) => Math.abs(v) <= bound)).toBe(true);
    const gamma = network.trainableSlots.find((s) => s.name === 'batch-norm_1/gamma')!;
    expect(params.subarray(gamma.offset, gamma.offset + gamma.size).every((v) => v === 1)).toBe(true);
    const variance = network.stateSlots.find((s) => s.name === 'batch-norm_1/moving_variance')!;
    expect(state.subarray(variance.offset, variance.offset + variance.size).every((v) => v === 1)).toBe(true);
  });
});

describe('cnn1d network', () => {
  it('stacks conv, batch norm and pooling over time, then a dense head', () => {
    const h = resolveHyperparameters('cnn1d', { convFilters: [4, 8], kernelSize: 5, poolSize: 2, denseUnits: [16], dropout: 0 }, 471);
    const network = new Network(buildModelSpec(h));
    expect(network.spec.inputShape).toEqual([471, 3]);
    expect(network.layers.map((l) => `${l.spec.kind} [${l.outputShape.join(',')}]`)).toEqual([
      'conv1d [471,4]',
      'batch-norm [471,4]',
      'pool1d [235,4]',
      'conv1d [235,8]',
      'batch-norm [235,8]',
      'pool1d [117,8]',
      'flatten [936]',
      'dense [16]',
      'batch-norm [16]',
      'dense [3]',
    ]);
    // Conv1D kernels as Keras counts them: kernelSize * channels * filters + filters.
    expect(network.layers[0].parameterCount).toBe(5 * 3 * 4 + 4);
    expect(network.layers[3].parameterCount).toBe(5 * 4 * 8 + 8);
  });
});

describe('deep-cnn network', () => {
  const network = new Network(buildModelSpec(resolveHyperparameters('deep-cnn', {}, 471)));

  it('halves the time steps in the first convolution of each block, with batch norm before GELU, then averages over time', () => {
    const convolutions = network.layers.filter((l) => l.spec.kind === 'conv1d');
    expect(convolutions.map((l) => l.outputShape.join('x'))).toEqual(['236x64', '236x64', '118x64', '118x64', '59x128', '59x128', '30x128', '30x128', '15x256', '15x256']);
    expect(convolutions.map((l) => (l.spec as { kernelSize: number }).kernelSize)).toEqual([7, 7, 5, 5, 5, 5, 5, 5, 5, 5]);
    expect(network.layers.slice(0, 3).map((l) => (l.spec.kind === 'activation' ? `activation ${l.spec.activation}` : l.spec.kind))).toEqual(['conv1d', 'batch-norm', 'activation gelu']);
    expect(network.layers.slice(-6).map((l) => `${l.spec.kind} [${l.outputShape.join(',')}]`)).toEqual([
      'global-average-pool1d [256]',
      'dense [256]',
      'batch-norm [256]',
      'activation [256]',
      'dropout [256]',
      'dense [3]',
    ]);
  });

  it('counts its weights as Keras would', () => {
    const conv = (kernel: number, inputs: number, filters: number) => kernel * inputs * filters + filters + 4 * filters;
    const expected =
      conv(7, 3, 64) + conv(7, 64, 64) + conv(5, 64, 64) * 2 + conv(5, 64, 128) + conv(5, 128, 128) * 3 + conv(5, 128, 256) + conv(5, 256, 256) +
      (256 * 256 + 256 + 4 * 256) + (256 * 3 + 3);
    expect(network.parameterCount.total).toBe(expected);
  });

  it('reads a convolution without a stride, as checkpoints wrote them before strides existed, as stride 1', () => {
    const layer = { kind: 'conv1d', filters: 4, kernelSize: 3, activation: 'relu', initializer: 'he_normal' } as const;
    const old = new Network({ inputShape: [20, 2], layers: [layer, { kind: 'flatten' }, { kind: 'dense', units: 3, activation: 'linear', initializer: 'glorot_uniform' }], batchNormMomentum: 0.99, batchNormEpsilon: 1e-3 });
    expect(old.layers[0].outputShape).toEqual([20, 4]);
  });
});
