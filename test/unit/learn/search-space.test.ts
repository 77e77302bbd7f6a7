import { describe, expect, it } from 'vitest';
import { resolveHyperparameters } from '../../../src-main/core/learn/hyperparameters.ts';
import { PRESETS } from '../../../src-main/core/learn/presets.ts';
import { defaultTrial, drawTrial, validateSearch } from '../../../src-main/core/learn/search-space.ts';
import { Random } from '../../../src-main/core/random.ts';

describe('the search space of studies', () => {
  it('draws the same configurations from the same seed, each a valid run of its preset', () => {
    const draw = (seed: number) => {
      const random = new Random(seed);
      return Array.from({ length: 40 }, () => drawTrial(random, ['mlp', 'cnn1d', 'deep-cnn', 'seed-mlp']));
    };
    const first = draw(5);
    expect(draw(5)).toEqual(first);
    expect(draw(6)).not.toEqual(first);
    expect(new Set(first.map((trial) => trial.preset))).toEqual(new Set(['mlp', 'cnn1d', 'deep-cnn', 'seed-mlp']));
    for (const { preset, overrides } of first) {
      const h = resolveHyperparameters(preset, overrides, 471);
      // Every trial of a study shares the split, so that its best runs can make an ensemble.
      expect(h.splitSeed).toBe(1);
      expect(h.validationFraction).toBe(0.1);
      expect(h.schedule).toBe('plateau');
    }
  });

  it('draws deep-cnn trials around its defaults: AdamW, strided blocks, a weight decay of its own', () => {
    const random = new Random(3);
    const trials = Array.from({ length: 30 }, () => drawTrial(random, ['deep-cnn']));
    for (const { overrides } of trials) {
      const h = resolveHyperparameters('deep-cnn', overrides, 471);
      expect(h).toMatchObject({ optimizer: 'adamw', convsPerBlock: 2, schedule: 'plateau' });
      expect(h.family === 'cnn1d' && h.convFilters).toHaveLength(5);
      expect(h.weightDecay).toBeGreaterThanOrEqual(1e-5);
      expect(h.weightDecay).toBeLessThanOrEqual(1e-3);
    }
    expect(new Set(trials.map((trial) => JSON.stringify(trial.overrides.convStrides)))).toEqual(new Set(['[2,1]', '[1,2]']));
  });

  it("offers each preset's own defaults as a trial, under the study's rules and its fixed settings", () => {
    for (const preset of ['mlp', 'cnn1d', 'deep-cnn', 'seed-mlp'] as const) {
      const h = resolveHyperparameters(preset, defaultTrial(preset, { batchSize: 16, hiddenUnits: [8, 8, 8, 8, 8, 8, 8] }).overrides, 471);
      const defaults: Record<string, unknown> = PRESETS[preset].defaults;
      expect(h).toMatchObject({ learningRate: defaults.learningRate, optimizer: defaults.optimizer, windowStart: defaults.windowStart, batchSize: 16, schedule: 'plateau', earlyStopping: false });
      if (preset === 'cnn1d' || preset === 'deep-cnn') expect(h).not.toHaveProperty('hiddenUnits');
      else expect(h).toHaveProperty('hiddenUnits', [8, 8, 8, 8, 8, 8, 8]);
    }
  });

  it('imposes fixed settings where the preset has them, and refuses unknown ones', () => {
    const random = new Random(1);
    const trials = Array.from({ length: 20 }, () => drawTrial(random, ['mlp', 'cnn1d'], { hiddenUnits: [8], batchSize: 16 }));
    for (const { preset, overrides } of trials) {
      expect(overrides.batchSize).toBe(16);
      if (preset === 'mlp') expect(overrides.hiddenUnits).toEqual([8]);
      else expect(overrides).not.toHaveProperty('hiddenUnits');
    }
    expect(validateSearch(['mlp', 'mlp'], { hiddenUnits: [8] })).toEqual(['mlp']);
    expect(() => validateSearch(['cnn1d'], { hiddenUnits: [8] })).toThrow(/not a hyperparameter of cnn1d/);
    expect(() => validateSearch(['mlp'], { epochs: 3 })).toThrow(/rungs set the epochs/);
    expect(() => validateSearch(['transformer'], {})).toThrow(/unknown preset/);
    expect(() => validateSearch([], {})).toThrow(/at least one preset/);
  });
});
