// The training form reads what was typed into values and flags what the core would refuse: each
// case is checked against the core's own resolveHyperparameters, so the two cannot drift apart.
import { describe, expect, it } from 'vitest';
import { describeHyperparameters, resolveHyperparameters } from '../../../src-main/core/learn/hyperparameters.ts';
import { changedValues, checkForm, defaultValues, essentialsFirst, isFieldUsed, rawForm, readField, type RawForm } from '../../../src-renderer/src/lib/hyperparameter-form.ts';

const CURVE = 471;

function coreAccepts(preset: string, overrides: Record<string, unknown>): boolean {
  try {
    resolveHyperparameters(preset, overrides, CURVE);
    return true;
  } catch {
    return false;
  }
}

function formWith(preset: string, edits: RawForm) {
  const descriptions = describeHyperparameters(preset);
  const raw = { ...rawForm(descriptions), ...edits };
  return { descriptions, check: checkForm(descriptions, raw, CURVE) };
}

describe('hyperparameter form', () => {
  it('fills every field with the preset defaults, which pass as they are', () => {
    for (const preset of ['seed-mlp', 'mlp', 'cnn1d']) {
      const descriptions = describeHyperparameters(preset);
      const { values, errors } = checkForm(descriptions, rawForm(descriptions), CURVE);
      expect(errors, preset).toEqual({});
      expect(values).toEqual(defaultValues(descriptions));
      expect(changedValues(values, defaultValues(descriptions))).toEqual({});
    }
  });

  it('reads numbers, exponents, lists and an empty window end as typed', () => {
    const { check } = formWith('mlp', { learningRate: ' 3e-4 ', hiddenUnits: '64, 32  16', activations: 'relu,tanh ,selu', windowEnd: '', nesterov: true });
    expect(check.errors).toEqual({});
    expect(check.values).toMatchObject({ learningRate: 3e-4, hiddenUnits: [64, 32, 16], activations: ['relu', 'tanh', 'selu'], windowEnd: null, nesterov: true });
  });

  it('says in plain words what is wrong with one field', () => {
    const epochs = describeHyperparameters('mlp').find((d) => d.key === 'epochs')!;
    expect(readField(epochs, '2.5')).toEqual({ error: 'the value must be a whole number, not 2.5' });
    expect(readField(epochs, 'ten')).toEqual({ error: 'the value "ten" is not a number' });
    expect(readField(epochs, '0')).toEqual({ error: 'the value must be at least 1 and at most 100000, not 0' });
    expect(readField(epochs, '')).toEqual({ error: 'a value is needed' });
    const dropout = describeHyperparameters('mlp').find((d) => d.key === 'dropout')!;
    expect(readField(dropout, '1')).toEqual({ error: 'the value must be at least 0 and below 1, not 1' });
    const units = describeHyperparameters('mlp').find((d) => d.key === 'hiddenUnits')!;
    expect(readField(units, '8, -2')).toEqual({ error: 'item 2 must be at least 1 and at most 4096, not -2' });
    expect(readField(units, '')).toEqual({ error: 'give at least one item' });
  });

  // Each case: the edit, the field the form blames, and whether the core accepts the same values.
  const cases: { preset: string; edits: RawForm; blamed: string | null }[] = [
    { preset: 'mlp', edits: { learningRate: '0.01' }, blamed: null },
    { preset: 'mlp', edits: { learningRate: '0' }, blamed: 'learningRate' },
    { preset: 'mlp', edits: { learningRate: '-1' }, blamed: 'learningRate' },
    { preset: 'mlp', edits: { validationFraction: '0' }, blamed: 'validationFraction' },
    { preset: 'mlp', edits: { validationFraction: '0.5' }, blamed: null },
    { preset: 'mlp', edits: { batchSize: '1.5' }, blamed: 'batchSize' },
    { preset: 'mlp', edits: { optimizer: 'rmsprop' }, blamed: 'optimizer' },
    { preset: 'mlp', edits: { channels: 're, re' }, blamed: 'channels' },
    { preset: 'mlp', edits: { channels: 'abs, phase' }, blamed: null },
    { preset: 'mlp', edits: { channels: 'magnitude' }, blamed: 'channels' },
    { preset: 'mlp', edits: { windowEnd: '500' }, blamed: 'windowEnd' },
    { preset: 'mlp', edits: { windowStart: '300', windowEnd: '300' }, blamed: 'windowStart' },
    { preset: 'mlp', edits: { windowStart: '100', windowEnd: '200' }, blamed: null },
    { preset: 'mlp', edits: { minLearningRate: '0.01' }, blamed: 'minLearningRate' },
    { preset: 'mlp', edits: { minLearningRate: '0.01', schedule: 'constant' }, blamed: null },
    { preset: 'mlp', edits: { hiddenUnits: '8, 8', activations: 'relu, tanh, selu' }, blamed: 'activations' },
    { preset: 'mlp', edits: { hiddenUnits: '8, 8', activations: 'relu, tanh' }, blamed: null },
    { preset: 'seed-mlp', edits: { hiddenUnits: '200, 200' }, blamed: 'activations' },
    { preset: 'cnn1d', edits: { kernelSize: '255', windowStart: '300' }, blamed: 'kernelSize' },
    { preset: 'cnn1d', edits: { convFilters: '4, 4, 4, 4, 4, 4, 4, 4, 4', poolSize: '2' }, blamed: 'poolSize' },
    { preset: 'cnn1d', edits: { convFilters: '4, 4, 4, 4, 4, 4, 4, 4, 4', pooling: 'none' }, blamed: null },
    { preset: 'cnn1d', edits: { denseUnits: '' }, blamed: null },
  ];

  it.each(cases)('$preset with $edits: the form blames $blamed, as the core refuses', ({ preset, edits, blamed }) => {
    const { descriptions, check } = formWith(preset, edits);
    expect(Object.keys(check.errors)).toEqual(blamed === null ? [] : [blamed]);
    if (blamed === null) {
      expect(coreAccepts(preset, changedValues(check.values, defaultValues(descriptions)))).toBe(true);
    } else {
      // The core receives the values as the user meant them; where the form could not read a
      // value at all, the core gets the raw text and refuses it too.
      const overrides = { ...check.values };
      overrides[blamed] = Object.hasOwn(check.values, blamed) ? check.values[blamed] : edits[blamed];
      expect(coreAccepts(preset, changedValues(overrides, defaultValues(descriptions)))).toBe(false);
    }
  });

  it('sends only what differs from the base, and dims what the other settings make unused', () => {
    const descriptions = describeHyperparameters('mlp');
    const parent = { ...defaultValues(descriptions), learningRate: 0.01, windowEnd: 471 };
    const { values } = checkForm(descriptions, rawForm(descriptions, parent), CURVE);
    expect(values.windowEnd).toBe(471);
    expect(changedValues({ ...values, dropout: 0.2 }, parent)).toEqual({ dropout: 0.2 });
    expect(isFieldUsed('momentum', { optimizer: 'adam' })).toBe(false);
    expect(isFieldUsed('momentum', { optimizer: 'sgd' })).toBe(true);
    expect(isFieldUsed('plateauFactor', { schedule: 'cosine' })).toBe(false);
    expect(isFieldUsed('earlyStoppingPatience', { earlyStopping: false })).toBe(false);
    expect(isFieldUsed('learningRate', {})).toBe(true);
  });

  it('puts the essentials first: epochs, learning rate, batch size and the model size, and keeps every other field once', () => {
    const keys = (preset: string) => essentialsFirst(describeHyperparameters(preset));
    expect(keys('mlp').essentials.map((d) => d.key)).toEqual(['epochs', 'learningRate', 'batchSize', 'hiddenUnits']);
    expect(keys('cnn1d').essentials.map((d) => d.key)).toEqual(['epochs', 'learningRate', 'batchSize', 'convFilters', 'denseUnits']);
    for (const preset of ['seed-mlp', 'mlp', 'cnn1d']) {
      const { essentials, rest } = keys(preset);
      expect([...essentials, ...rest].map((d) => d.key).sort(), preset).toEqual(describeHyperparameters(preset).map((d) => d.key).sort());
    }
  });
});

