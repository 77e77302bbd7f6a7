import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src-main/core/errors.ts';
import { describeHyperparameters, resolveHyperparameters } from '../../../src-main/core/learn/hyperparameters.ts';
import { PRESET_NAMES } from '../../../src-main/core/learn/presets.ts';

function refusal(preset: string, overrides: Record<string, unknown>, length = 471): string {
  try {
    resolveHyperparameters(preset, overrides, length);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('resolveHyperparameters', () => {
  it("fills the seed-mlp defaults of the notebook", () => {
    const h = resolveHyperparameters('seed-mlp', {}, 471);
    expect(h).toMatchObject({
      windowStart: 210, windowEnd: 410, channels: ['re', 'im'], optimizer: 'nadam', learningRate: 0.001, batchSize: 32, epochs: 150,
      plateauFactor: 0.75, plateauPatience: 5, plateauMinDelta: 1e-5, plateauCooldown: 1, minLearningRate: 1e-10, resultWeights: 'best',
    });
  });

  it('applies overrides and resolves an open window end to the curve length', () => {
    const h = resolveHyperparameters('mlp', { epochs: 3, hiddenUnits: [8, 4] }, 300);
    expect(h.epochs).toBe(3);
    expect(h.windowEnd).toBe(300);
    expect(h.family === 'mlp' && h.hiddenUnits).toEqual([8, 4]);
  });

  it('refuses bad values with the key, the rule and the value', () => {
    expect(refusal('seed-mlp', { epochs: -3 })).toMatch(/epochs: must be an integer ≥ 1.*got -3/);
    expect(refusal('seed-mlp', { epochs: 0 })).toMatch(/epochs/);
    expect(refusal('seed-mlp', { learningRate: '0.1' })).toMatch(/learningRate: must be a finite number.*got "0.1"/);
    expect(refusal('mlp', { optimizer: 'rmsprop' })).toMatch(/optimizer: must be one of nadam, adam, adamw, sgd/);
    expect(refusal('deep-cnn', { weightDecay: -1e-4 })).toMatch(/weightDecay: must be a number ≥ 0/);
    expect(refusal('deep-cnn', { warmupFraction: 1 })).toMatch(/warmupFraction: must be a number ≥ 0 and < 1/);
    expect(refusal('deep-cnn', { convStrides: [0] })).toMatch(/convStrides\.0/);
    expect(refusal('mlp', { channels: ['re', 'xx'] })).toMatch(/channels\.1/);
  });

  it('refuses unknown keys and unknown presets', () => {
    expect(refusal('seed-mlp', { epoch: 3 })).toMatch(/unknown hyperparameter 'epoch'/);
    expect(refusal('cnn1d', { hiddenUnits: [4] })).toMatch(/unknown hyperparameter 'hiddenUnits'/);
    expect(refusal('resnet', {})).toMatch(/unknown preset 'resnet'/);
  });

  it('refuses a window outside the curve and other inconsistent combinations', () => {
    expect(refusal('seed-mlp', {}, 300)).toMatch(/window \[210, 410\) must lie inside the curve of 300 samples/);
    expect(refusal('mlp', { windowStart: 100, windowEnd: 100 })).toMatch(/window/);
    expect(refusal('mlp', { activations: ['relu', 'tanh'] })).toMatch(/one per hidden layer \(3\)/);
    expect(refusal('mlp', { channels: ['re', 're'] })).toMatch(/each channel may appear once/);
    expect(refusal('cnn1d', { windowEnd: 20, convFilters: [4, 4, 4, 4, 4] })).toMatch(/too short/);
    expect(refusal('deep-cnn', { convStrides: [2, 1, 1] })).toMatch(/convStrides: give one stride or one per convolution of a block \(2\), not 3/);
    expect(refusal('deep-cnn', { windowStart: 450, firstKernelSize: 25 })).toMatch(/firstKernelSize \(25\) exceeds the window of 21 samples/);
    // Strided convolutions leave at least one step (16 samples: 8, 4, 2, 1, 1), pooling after them may not.
    expect(resolveHyperparameters('deep-cnn', { windowStart: 455, kernelSize: 3, firstKernelSize: 3 }, 471).windowEnd).toBe(471);
    expect(refusal('deep-cnn', { windowStart: 455, kernelSize: 3, firstKernelSize: 3, pooling: 'max' })).toMatch(/too short for 5 blocks of strides 2, 1 and pooling 2/);
  });
});

describe('the deep CNN preset', () => {
  it("holds the issue's network and training: five blocks of two convolutions, GELU after batch norm, AdamW on one cycle", () => {
    const h = resolveHyperparameters('deep-cnn', {}, 471);
    expect(h).toMatchObject({
      family: 'cnn1d', channels: ['re', 'im', 'abs'], featureScaling: 'standard',
      convFilters: [64, 64, 128, 128, 256], convsPerBlock: 2, convStrides: [2, 1], firstKernelSize: 7, kernelSize: 5,
      convActivation: 'gelu', batchNorm: true, batchNormBeforeActivation: true, pooling: 'none', head: 'global-average', denseUnits: [256], dropout: 0.1,
      optimizer: 'adamw', learningRate: 2e-3, weightDecay: 1e-4, schedule: 'one-cycle', batchSize: 128, epochs: 40, earlyStopping: false,
    });
  });

  it('lets a one-cycle run set a floor above its peak, which only the plateau and cosine schedules use', () => {
    expect(resolveHyperparameters('deep-cnn', { minLearningRate: 1 }, 471).minLearningRate).toBe(1);
    expect(refusal('deep-cnn', { minLearningRate: 1, schedule: 'cosine' })).toMatch(/minLearningRate \(1\) must not exceed learningRate/);
  });
});

describe('describeHyperparameters', () => {
  it('describes every key of every preset with its default, type, bounds or options and help', () => {
    for (const preset of PRESET_NAMES) {
      const fields = describeHyperparameters(preset);
      const keys = fields.map((f) => f.key);
      expect(new Set(keys).size).toBe(keys.length);
      // Every described default is accepted back as an override.
      const overrides = Object.fromEntries(fields.filter((f) => f.default !== null).map((f) => [f.key, f.default]));
      expect(() => resolveHyperparameters(preset, overrides, 471)).not.toThrow();
      for (const f of fields) {
        expect(f.help.length).toBeGreaterThan(10);
        if (f.type === 'choice' || f.type === 'choice-list') expect(f.options?.length).toBeGreaterThan(1);
      }
    }
    const epochs = describeHyperparameters('seed-mlp').find((f) => f.key === 'epochs');
    expect(epochs).toMatchObject({ type: 'integer', default: 150, min: 1, group: 'optimizer' });
  });
});
