import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src-main/core/errors.ts';
import { selectBackend, type BackendPreference } from '../../../src-main/core/learn/backend.ts';
import { readCheckpointFile, writeCheckpointFile } from '../../../src-main/core/learn/checkpoint-file.ts';
import { resolveHyperparameters } from '../../../src-main/core/learn/hyperparameters.ts';
import { CNN_SETTINGS_OF_OLDER_RUNS, SETTINGS_OF_OLDER_RUNS } from '../../../src-main/core/learn/presets.ts';
import { oneCycleLearningRate } from '../../../src-main/core/learn/schedules.ts';
import { CHECKPOINT_FILES, TrainingSession, type EpochMetrics, type TrainResult } from '../../../src-main/core/learn/train.ts';
import { readDatasetArrays, type DatasetArrays } from '../../../src-main/core/formats/dataset-files.ts';
import { writeSyntheticDataset } from './synthetic-data.ts';

let data: DatasetArrays;
beforeAll(async () => {
  data = await readDatasetArrays(await writeSyntheticDataset(120, 48, 5, 10));
});

// A small MLP with every piece of state a resume must restore: batch norm, dropout, Nadam, plateau.
const smallMlp = {
  hiddenUnits: [16, 8],
  activations: ['relu', 'selu'],
  inputBatchNorm: true,
  batchNorm: true,
  dropout: 0.2,
  optimizer: 'nadam',
  batchSize: 16,
  epochs: 4,
  plateauPatience: 1,
  earlyStopping: false,
};

interface Outcome {
  epochs: { epoch: number; metrics: Omit<EpochMetrics, 'seconds' | 'samplesPerSecond'> }[];
  result: TrainResult | null;
  backend: string;
}

async function train(
  preset: string,
  overrides: Record<string, unknown>,
  options: { checkpointDir?: string; resume?: boolean; backend?: BackendPreference; stopAfterEpoch?: number } = {},
): Promise<Outcome> {
  const hyperparameters = resolveHyperparameters(preset, overrides, data.header.length);
  const checkpointDir = options.checkpointDir ?? mkdtempSync(join(tmpdir(), 'run-'));
  const session = await TrainingSession.open({ hyperparameters, data, checkpointDir, resume: options.resume ?? false });
  const backend = await selectBackend(options.backend ?? 'cpu', () => session.probe());
  const controller = new AbortController();
  const epochs: Outcome['epochs'] = [];
  const listener = {
    onEpoch: (epoch: number, { seconds, samplesPerSecond, ...metrics }: EpochMetrics) => {
      expect(seconds).toBeGreaterThan(0);
      expect(samplesPerSecond).toBeGreaterThan(0);
      epochs.push({ epoch, metrics });
    },
    onCheckpoint: (epoch: number) => {
      if (epoch === options.stopAfterEpoch) controller.abort();
    },
  };
  try {
    return { epochs, result: await session.run(backend, listener, controller.signal), backend: backend.name };
  } catch (error) {
    if (error instanceof CancelledError) return { epochs, result: null, backend: backend.name };
    throw error;
  }
}

describe('training on the cpu backend', () => {
  it('gives identical metrics and predictions twice for the same seed, and different ones for another seed', async () => {
    const a = await train('mlp', smallMlp);
    const b = await train('mlp', smallMlp);
    const c = await train('mlp', { ...smallMlp, seed: 2 });
    expect(a.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(b.epochs).toEqual(a.epochs);
    expect(Array.from(b.result!.validation.predictions)).toEqual(Array.from(a.result!.validation.predictions));
    expect(c.epochs[0].metrics.loss).not.toBe(a.epochs[0].metrics.loss);
    // Training learns: the loss falls.
    expect(a.epochs[3].metrics.loss).toBeLessThan(a.epochs[0].metrics.loss);
  });

  it('resumes a cancelled run from its last checkpoint and ends exactly as an uninterrupted run', async () => {
    const whole = await train('mlp', smallMlp);
    const checkpointDir = mkdtempSync(join(tmpdir(), 'run-'));
    const first = await train('mlp', smallMlp, { checkpointDir, stopAfterEpoch: 2 });
    expect(first.result).toBeNull();
    expect(first.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    const rest = await train('mlp', smallMlp, { checkpointDir, resume: true });
    expect(rest.epochs.map((e) => e.epoch)).toEqual([3, 4]);
    expect([...first.epochs, ...rest.epochs]).toEqual(whole.epochs);
    expect(Array.from(rest.result!.validation.predictions)).toEqual(Array.from(whole.result!.validation.predictions));
    expect(rest.result!.epochsCompleted).toBe(4);
  });

  it('refuses to resume with other hyperparameters, or without a checkpoint', async () => {
    const checkpointDir = mkdtempSync(join(tmpdir(), 'run-'));
    await expect(train('mlp', smallMlp, { checkpointDir, resume: true })).rejects.toThrow(/no checkpoint/);
    await train('mlp', { ...smallMlp, epochs: 1 }, { checkpointDir });
    await expect(train('mlp', { ...smallMlp, learningRate: 0.01 }, { checkpointDir, resume: true })).rejects.toThrow(/hyperparameters differ/);
  });

  it('returns physical predictions, the challenge score, eval predictions and a 3 x features saliency map', async () => {
    const { result } = await train('mlp', { ...smallMlp, epochs: 2, windowStart: 10, windowEnd: 40, channels: ['re', 'abs'] });
    const r = result!;
    expect(r.validation.indices.length).toBe(12);
    expect(r.validation.predictions.length).toBe(36);
    expect(r.validation.score.count).toBe(12);
    expect(r.validation.score.perElement).toBeCloseTo(r.validation.score.err / 36, 12);
    expect(r.eval!.predictions.length).toBe(30);
    expect(r.eval!.score).not.toBeNull();
    expect(r.saliency.features).toBe(60);
    expect(r.saliency.signed.length).toBe(180);
    expect(r.saliency.absolute.every((v, i) => v >= Math.abs(r.saliency.signed[i]) - 1e-9)).toBe(true);
    expect(r.parameterCount.total).toBeGreaterThan(0);
    expect(r.bestEpoch).toBeGreaterThanOrEqual(1);
  });
});

describe('cnn1d', () => {
  it('trains on the wasm backend (loss falls), or records why it moved to cpu', async () => {
    const outcome = await train(
      'cnn1d',
      { convFilters: [4, 6], kernelSize: 5, denseUnits: [8], dropout: 0, epochs: 4, batchSize: 16, earlyStopping: false, learningRate: 0.003 },
      { backend: 'wasm' },
    );
    expect(['wasm', 'cpu']).toContain(outcome.backend);
    if (outcome.backend === 'cpu') expect(outcome.result!.backendNotes.join(' ')).toMatch(/wasm skipped/);
    const losses = outcome.epochs.map((e) => e.metrics.loss);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    expect(outcome.result!.saliency.features).toBe(48 * 3);
  });
});

describe('deep-cnn', () => {
  // The preset's structure (strided blocks, batch norm before GELU, AdamW on one cycle), narrower.
  const smallDeepCnn = { convFilters: [4, 6], denseUnits: [8], batchSize: 16, epochs: 4, learningRate: 0.01 };

  it('trains on one cycle per batch step, and resumes exactly where it stopped', async () => {
    const whole = await train('deep-cnn', smallDeepCnn);
    const losses = whole.epochs.map((e) => e.metrics.loss);
    expect(losses[3]).toBeLessThan(losses[0]);
    // 108 training curves in batches of 16: 7 steps per epoch; each epoch reports its first step's rate.
    const settings = { maxLr: 0.01, warmupFraction: 0.3, initialDivisor: 25, finalDivisor: 1e4 };
    expect(whole.epochs.map((e) => e.metrics.lr)).toEqual([0, 7, 14, 21].map((step) => oneCycleLearningRate(settings, step, 28)));
    const checkpointDir = mkdtempSync(join(tmpdir(), 'run-'));
    await train('deep-cnn', smallDeepCnn, { checkpointDir, stopAfterEpoch: 2 });
    const rest = await train('deep-cnn', smallDeepCnn, { checkpointDir, resume: true });
    expect(rest.epochs).toEqual(whole.epochs.slice(2));
    expect(Array.from(rest.result!.validation.predictions)).toEqual(Array.from(whole.result!.validation.predictions));
  });
});

describe('runs stored before later settings existed', () => {
  it('resume a cnn1d checkpoint that lacks them, as the run manager passes its stored settings', async () => {
    // Trained with the values those settings had then (clipping, for one, was off before it existed).
    const small = { ...SETTINGS_OF_OLDER_RUNS, convFilters: [4, 6], kernelSize: 5, denseUnits: [8], dropout: 0, epochs: 3, batchSize: 16, earlyStopping: false };
    const whole = await train('cnn1d', small);
    const checkpointDir = mkdtempSync(join(tmpdir(), 'run-'));
    await train('cnn1d', small, { checkpointDir, stopAfterEpoch: 1 });
    // The checkpoint and the stored run as an older version wrote them, without the later keys.
    const later = [...Object.keys(SETTINGS_OF_OLDER_RUNS), ...Object.keys(CNN_SETTINGS_OF_OLDER_RUNS)];
    const path = join(checkpointDir, CHECKPOINT_FILES.last);
    const content = await readCheckpointFile(path);
    const stored = { ...(content.meta as { hyperparameters: Record<string, unknown> }).hyperparameters };
    for (const key of later) delete stored[key];
    const { preset: _preset, family: _family, ...overrides } = stored;
    await writeCheckpointFile(path, { ...content, meta: { ...(content.meta as object), hyperparameters: stored } });
    // The run manager fills in the settings every preset knows; cnn1d's defaults give the rest.
    const rest = await train('cnn1d', { ...SETTINGS_OF_OLDER_RUNS, ...overrides }, { checkpointDir, resume: true });
    expect(rest.epochs).toEqual(whole.epochs.slice(1));
  });
});

describe('a trained model read back from its checkpoint', () => {
  it('predicts the eval curves exactly as the run did', async () => {
    const { readTrainedModel, predictLabels } = await import('../../../src-main/core/learn/trained-model.ts');
    const checkpointDir = mkdtempSync(join(tmpdir(), 'run-'));
    const { result } = await train('mlp', { ...smallMlp, epochs: 2, featureScaling: 'standard', xiLabel: 'log-xi', dLabel: 'Gamma' }, { checkpointDir });
    const model = await readTrainedModel(result!.checkpoints.best);
    expect(model.hyperparameters.xiLabel).toBe('log-xi');
    expect(Array.from(predictLabels(model, data.eval!))).toEqual(Array.from(result!.eval!.predictions));
    // The clipping range comes back with it: the training labels' smallest and largest values.
    const validation = new Set(result!.validation.indices);
    const trainLabels = Array.from(data.labels.data).filter((_, i) => !validation.has(Math.floor(i / 3)));
    expect(model.preprocessing.labelRange!.min[0]).toBe(Math.min(...trainLabels.filter((_, i) => i % 3 === 0)));
    const predictions = result!.eval!.predictions;
    for (let i = 0; i < predictions.length; i++) {
      expect(predictions[i]).toBeGreaterThanOrEqual(model.preprocessing.labelRange!.min[i % 3]);
      expect(predictions[i]).toBeLessThanOrEqual(model.preprocessing.labelRange!.max[i % 3]);
    }
    await expect(readTrainedModel(join(checkpointDir, 'missing.ckpt'))).rejects.toThrow();
  });
});
