import * as tf from '@tensorflow/tfjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src-main/core/errors.ts';
import { selectBackend } from '../../../src-main/core/learn/backend.ts';
import { describeHyperparameters, resolveHyperparameters } from '../../../src-main/core/learn/hyperparameters.ts';
import { gaussianNllLoss, LOG_VARIANCE_RANGE } from '../../../src-main/core/learn/losses.ts';
import { outputsToPredictions, type PreprocessingState } from '../../../src-main/core/learn/preprocessing.ts';
import { TrainingSession, type TrainResult } from '../../../src-main/core/learn/train.ts';
import { predictWithUncertainty, readTrainedModel } from '../../../src-main/core/learn/trained-model.ts';
import { dFromGamma } from '../../../src-main/core/physics/dephasing-map.ts';
import { Random } from '../../../src-main/core/random.ts';
import { readDatasetArrays, type DatasetArrays } from '../../../src-main/core/formats/dataset-files.ts';
import { writeSyntheticDataset } from './synthetic-data.ts';

const random = new Random(23);
const values = (n: number, spread: number) => Float32Array.from({ length: n }, () => spread * (2 * random.nextFloat() - 1));

/** The NLL written out in plain JavaScript, float64. */
function nllByHand(outputs: ArrayLike<number>, targets: ArrayLike<number>, batch: number): number {
  let sum = 0;
  for (let r = 0; r < batch; r++) {
    for (let j = 0; j < 3; j++) {
      const s = Math.min(LOG_VARIANCE_RANGE[1], Math.max(LOG_VARIANCE_RANGE[0], outputs[r * 6 + 3 + j]));
      sum += 0.5 * (s + (targets[r * 3 + j] - outputs[r * 6 + j]) ** 2 * Math.exp(-s));
    }
  }
  return sum / (batch * 3);
}

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('the Gaussian negative log-likelihood', () => {
  // Log-variances on both sides of the clamp, so that its zero gradient is checked too.
  const batch = 5;
  const outputValues = values(batch * 6, 2);
  outputValues[3] = -9.5;
  outputValues[10] = 8.7;
  const targetValues = values(batch * 3, 2);

  it('equals 0.5 (s + (y - mu)^2 / e^s), clamped s, mean over batch and parameters', () => {
    const loss = gaussianNllLoss(0)(tf.tensor2d(outputValues, [batch, 6]), tf.tensor2d(targetValues, [batch, 3]));
    expect(loss.dataSync()[0]).toBeCloseTo(nllByHand(outputValues, targetValues, batch), 5);
  });

  it('has the gradient of automatic differentiation of the same formula', () => {
    const y = tf.tensor2d(targetValues, [batch, 3]);
    const ours = tf.grad((o: tf.Tensor) => gaussianNllLoss(0)(o as tf.Tensor2D, y))(tf.tensor2d(outputValues, [batch, 6]));
    const reference = tf.grad((o: tf.Tensor) => {
      const mu = tf.slice(o, [0, 0], [batch, 3]);
      const s = tf.clipByValue(tf.slice(o, [0, 3], [batch, 3]), LOG_VARIANCE_RANGE[0], LOG_VARIANCE_RANGE[1]);
      return tf.mul(0.5, tf.mean(tf.add(s, tf.div(tf.square(tf.sub(y, mu)), tf.exp(s)))));
    })(tf.tensor2d(outputValues, [batch, 6]));
    const a = ours.dataSync();
    const b = reference.dataSync();
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 6);
    // Outside the clamp the log-variance gets nothing, inside it does.
    expect(a[3]).toBe(0);
    expect(a[10]).toBe(0);
    expect(a[4]).not.toBe(0);
  });

  it('has the gradient of central finite differences of the float64 formula', () => {
    const ours = tf.grad((o: tf.Tensor) => gaussianNllLoss(0)(o as tf.Tensor2D, tf.tensor2d(targetValues, [batch, 3])))(tf.tensor2d(outputValues, [batch, 6])).dataSync();
    const point = Float64Array.from(outputValues);
    const h = 1e-6;
    for (let i = 0; i < point.length; i++) {
      const up = Float64Array.from(point);
      const down = Float64Array.from(point);
      up[i] += h;
      down[i] -= h;
      const numeric = (nllByHand(up, targetValues, batch) - nllByHand(down, targetValues, batch)) / (2 * h);
      expect(ours[i]).toBeCloseTo(numeric, 5);
    }
  });

  it('with beta, weighs each term by its variance to the power beta, held constant in the gradient', () => {
    const clamped = (i: number) => Math.min(LOG_VARIANCE_RANGE[1], Math.max(LOG_VARIANCE_RANGE[0], outputValues[i]));
    const at = (o: tf.Tensor) => o as tf.Tensor2D;
    const y = tf.tensor2d(targetValues, [batch, 3]);
    const plain = tf.grad((o: tf.Tensor) => gaussianNllLoss(0)(at(o), y))(tf.tensor2d(outputValues, [batch, 6])).dataSync();
    for (const beta of [0.5, 1]) {
      const weighted = tf.grad((o: tf.Tensor) => gaussianNllLoss(beta)(at(o), y))(tf.tensor2d(outputValues, [batch, 6])).dataSync();
      let value = 0;
      for (let r = 0; r < batch; r++) {
        for (let j = 0; j < 3; j++) {
          const s = clamped(r * 6 + 3 + j);
          const residual = targetValues[r * 3 + j] - outputValues[r * 6 + j];
          value += 0.5 * Math.exp(beta * s) * (s + residual ** 2 * Math.exp(-s));
          expect(weighted[r * 6 + j]).toBeCloseTo(plain[r * 6 + j] * Math.exp(beta * s), 5);
          expect(weighted[r * 6 + 3 + j]).toBeCloseTo(plain[r * 6 + 3 + j] * Math.exp(beta * s), 5);
          // At beta = 1 the means get the squared error's gradient, whatever their variance.
          if (beta === 1) expect(weighted[r * 6 + j]).toBeCloseTo(-residual / (batch * 3), 6);
        }
      }
      expect(gaussianNllLoss(beta)(tf.tensor2d(outputValues, [batch, 6]), y).dataSync()[0]).toBeCloseTo(value / (batch * 3), 3);
    }
  });

  it('is lowest, for a given residual, where the variance equals the squared residual', () => {
    const residual = 0.3;
    const at = (s: number) => gaussianNllLoss(0)(tf.tensor2d([[0, 0, 0, s, s, s]]), tf.tensor2d([[residual, residual, residual]])).dataSync()[0];
    const best = Math.log(residual ** 2);
    expect(at(best)).toBeLessThan(at(best - 0.2));
    expect(at(best)).toBeLessThan(at(best + 0.2));
  });
});

describe('standard deviations in physical units', () => {
  const targetScaler = { mean: Float64Array.of(10, 2, 0.0012), scale: Float64Array.of(5.8, 0.6, 0.0007), variance: new Float64Array(3), count: 3 };
  const state = (xi: 'xi' | 'log-xi', d: 'd' | 'Gamma'): PreprocessingState => ({
    layout: { windowStart: 0, windowEnd: 1, channels: ['re'], arrangement: 'flat' },
    featureScaler: null,
    labelTransform: { xi, d },
    targetScaler,
    labelScaler: targetScaler,
    labelRange: null,
  });
  const row = [0.2, -0.5, 0.4, Math.log(0.09), Math.log(0.04), Math.log(0.25)];

  it('scale the predicted std by the target scaler, and carry it through ln xi and Gamma by the delta method', () => {
    const plain = outputsToPredictions(row, state('xi', 'd'), 6);
    expect(plain.std![0]).toBeCloseTo(0.3 * 5.8, 12);
    expect(plain.std![1]).toBeCloseTo(0.2 * 0.6, 12);
    expect(plain.std![2]).toBeCloseTo(0.5 * 0.0007, 12);

    const transformed = outputsToPredictions(row, state('log-xi', 'Gamma'), 6);
    const lnXi = -0.5 * 0.6 + 2;
    expect(transformed.labels[1]).toBeCloseTo(Math.exp(lnXi), 12);
    expect(transformed.std![1]).toBeCloseTo(Math.exp(lnXi) * 0.2 * 0.6, 10);
    const Gamma = 0.4 * 0.0007 + 0.0012;
    const GammaStd = 0.5 * 0.0007;
    expect(transformed.labels[2]).toBeCloseTo(dFromGamma(Gamma), 10);
    // d = -2 log10(Gamma / 2.5): |dd/dGamma| = 2 / (Gamma ln 10).
    expect(transformed.std![2]).toBeCloseTo((2 / (Gamma * Math.LN10)) * GammaStd, 6);
  });

  it('has no std for a network of 3 outputs, and clamps the log-variance as the loss does', () => {
    expect(outputsToPredictions(row.slice(0, 3), state('xi', 'd'), 3).std).toBeNull();
    const wild = outputsToPredictions([0, 0, 0, 50, -50, 0], state('xi', 'd'), 6).std!;
    expect(wild[0]).toBeCloseTo(Math.exp(LOG_VARIANCE_RANGE[1] / 2) * 5.8, 8);
    expect(wild[1]).toBeCloseTo(Math.exp(LOG_VARIANCE_RANGE[0] / 2) * 0.6, 8);
  });
});

describe('a run that predicts its uncertainty', () => {
  let data: DatasetArrays;
  beforeAll(async () => {
    data = await readDatasetArrays(await writeSyntheticDataset(120, 48, 9, 10));
  });
  const settings = { uncertainty: true, hiddenUnits: [16, 8], batchSize: 16, epochs: 4, earlyStopping: false, xiLabel: 'log-xi', dLabel: 'Gamma' };

  async function train(overrides: Record<string, unknown>, checkpointDir: string, resume = false, stopAfterEpoch?: number) {
    const hyperparameters = resolveHyperparameters('mlp', overrides, data.header.length);
    const session = await TrainingSession.open({ hyperparameters, data, checkpointDir, resume });
    const backend = await selectBackend('cpu', () => session.probe());
    const losses: number[] = [];
    const controller = new AbortController();
    try {
      const result = await session.run(
        backend,
        { onEpoch: (_epoch, metrics) => losses.push(metrics.loss), onCheckpoint: (epoch) => epoch === stopAfterEpoch && controller.abort() },
        controller.signal,
      );
      return { result: result as TrainResult | null, losses };
    } catch (error) {
      if (error instanceof CancelledError) return { result: null, losses };
      throw error;
    }
  }

  it('is an option of every preset, validated like the others', () => {
    for (const preset of ['seed-mlp', 'mlp', 'cnn1d']) {
      const field = describeHyperparameters(preset).find((f) => f.key === 'uncertainty');
      expect(field).toMatchObject({ type: 'boolean', default: false, group: 'model' });
      expect(resolveHyperparameters(preset, { uncertainty: true }, 471).uncertainty).toBe(true);
      expect(describeHyperparameters(preset).find((f) => f.key === 'uncertaintyBeta')).toMatchObject({ type: 'number', default: 1, min: 0, max: 1 });
    }
    expect(() => resolveHyperparameters('mlp', { uncertainty: 'yes' }, 471)).toThrow(/uncertainty: must be true or false/);
    expect(() => resolveHyperparameters('mlp', { uncertaintyBeta: 1.5 }, 471)).toThrow(/uncertaintyBeta/);
  });

  it('learns (the NLL falls), predicts positive std per parameter, and its checkpoint and resume carry them', async () => {
    const whole = await train(settings, mkdtempSync(join(tmpdir(), 'nll-')));
    expect(whole.losses[3]).toBeLessThan(whole.losses[0]);
    const result = whole.result!;
    expect(result.validation.std!.length).toBe(result.validation.predictions.length);
    expect(result.validation.std!.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
    expect(result.eval!.std!.length).toBe(30);
    // The validation score is the MSE of the means, as without uncertainty.
    expect(result.validation.score.count).toBe(12);

    const checkpointDir = mkdtempSync(join(tmpdir(), 'nll-'));
    expect((await train(settings, checkpointDir, false, 2)).result).toBeNull();
    const resumed = (await train(settings, checkpointDir, true)).result!;
    expect(Array.from(resumed.eval!.std!)).toEqual(Array.from(result.eval!.std!));

    const model = await readTrainedModel(result.checkpoints.best);
    const predicted = predictWithUncertainty(model, data.eval!);
    expect(Array.from(predicted.labels)).toEqual(Array.from(result.eval!.predictions));
    expect(Array.from(predicted.std!)).toEqual(Array.from(result.eval!.std!));
  });

  it('resumes a checkpoint written before the option existed as a run without it', async () => {
    const checkpointDir = mkdtempSync(join(tmpdir(), 'nll-'));
    const plain = { hiddenUnits: [8], batchSize: 32, epochs: 2, earlyStopping: false };
    expect((await train(plain, checkpointDir, false, 1)).result).toBeNull();
    const { readCheckpointFile, writeCheckpointFile } = await import('../../../src-main/core/learn/checkpoint-file.ts');
    const path = join(checkpointDir, 'last.ckpt');
    const content = await readCheckpointFile(path);
    const meta = content.meta as { hyperparameters: Record<string, unknown> };
    delete meta.hyperparameters.uncertainty;
    await writeCheckpointFile(path, content);
    const resumed = await train(plain, checkpointDir, true);
    expect(resumed.result!.epochsCompleted).toBe(2);
    expect(resumed.result!.validation.std).toBeNull();
  });
});
