// Tensor operations of the layers, written for speed and for every backend: hand-written gradients
// for Dense and training-mode batch normalisation, and Conv1D as im2col + matMul (wasm has no
// Conv2DBackpropFilter kernel).
import * as tf from '@tensorflow/tfjs';
import type { Activation } from './hyperparameters.ts';

// The wasm backend multiplies transposed operands far slower than it transposes them first, so the
// gradient of x·W + b transposes explicitly instead of relying on matMul's transpose flags.
const denseWithGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, kernel, bias, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([x, kernel]);
  return {
    value: tf.add(tf.matMul(x, kernel), bias) as tf.Tensor2D,
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [xs, ks] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(dy, tf.transpose(ks)), tf.matMul(tf.transpose(xs), dy), tf.sum(dy, 0)];
    },
  };
}) as (x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D) => tf.Tensor2D;

/** x·kernel + bias for a batch of rows. */
export function dense(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  return denseWithGradient(x, kernel, bias);
}

export function activate<T extends tf.Tensor>(x: T, activation: Activation): T {
  switch (activation) {
    case 'relu':
      return tf.relu(x);
    case 'selu':
      return tf.selu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'elu':
      return tf.elu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'linear':
      return x;
  }
}

/** Batch statistics of one training step, for the caller to fold into the moving averages. */
export interface BatchMoments {
  readonly mean: tf.Tensor1D;
  readonly variance: tf.Tensor1D;
}

/** Rows of x: all axes but the last folded together, since batch normalisation is per last-axis feature. */
function asRows(x: tf.Tensor): tf.Tensor2D {
  return x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, x.shape[x.rank - 1]]);
}

/**
 * Training-mode batch normalisation over every axis but the last; reports the batch moments.
 * Keras normalises with the biased batch variance and (for 2-D inputs) feeds the same biased
 * variance to the moving average. The closed-form gradient costs a handful of ops instead of the
 * couple of dozen that differentiating moments() would; the moments are computed once, inside it.
 */
export function batchNormTraining(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
  onMoments: (moments: BatchMoments) => void,
): tf.Tensor {
  const normalise = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [rows, g, b, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    const { mean, variance } = tf.moments(rows, 0);
    onMoments({ mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D });
    const inverseStd = tf.rsqrt(tf.add(variance, epsilon));
    const normalised = tf.mul(tf.sub(rows, mean), inverseStd);
    save([normalised, inverseStd, g]);
    return {
      value: tf.add(tf.mul(normalised, g), b) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [xHat, inv, gammaSaved] = saved;
        const dxHat = tf.mul(dy, gammaSaved);
        const centred = tf.sub(tf.sub(dxHat, tf.mean(dxHat, 0)), tf.mul(xHat, tf.mean(tf.mul(dxHat, xHat), 0)));
        return [tf.mul(centred, inv), tf.sum(tf.mul(dy, xHat), 0), tf.sum(dy, 0)];
      },
    };
  }) as (rows: tf.Tensor2D, g: tf.Tensor1D, b: tf.Tensor1D) => tf.Tensor2D;
  const y = normalise(asRows(x), gamma, beta);
  return x.rank === 2 ? y : tf.reshape(y, x.shape);
}

/** Inference-mode batch normalisation with the moving statistics. */
export function batchNormInference(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  movingMean: tf.Tensor1D,
  movingVariance: tf.Tensor1D,
  epsilon: number,
): tf.Tensor {
  const scale = tf.mul(gamma, tf.rsqrt(tf.add(movingVariance, epsilon)));
  return tf.add(tf.mul(tf.sub(x, movingMean), scale), beta);
}

/**
 * 'Same'-padded, stride-1 convolution over time of x [batch, time, channels] with a kernel stored
 * as [kernelSize * channels, filters] (Keras's [kernelSize, channels, filters], flattened).
 * The columns are gathered by slices and a concat, whose gradients every backend has.
 */
export function conv1d(x: tf.Tensor3D, kernel: tf.Tensor2D, bias: tf.Tensor1D, kernelSize: number): tf.Tensor3D {
  const [batch, time, channels] = x.shape;
  const before = Math.floor((kernelSize - 1) / 2);
  const padded = kernelSize > 1 ? tf.pad(x, [[0, 0], [before, kernelSize - 1 - before], [0, 0]]) : x;
  const columns: tf.Tensor3D[] = [];
  for (let k = 0; k < kernelSize; k++) columns.push(tf.slice(padded, [0, k, 0], [batch, time, channels]));
  const stacked = kernelSize > 1 ? tf.concat(columns, 2) : columns[0];
  const y = dense(tf.reshape(stacked, [batch * time, kernelSize * channels]), kernel, bias);
  return tf.reshape(y, [batch, time, kernel.shape[1]]);
}

/** Non-overlapping pooling over time (Keras 'valid' padding: a ragged tail is dropped). */
export function pool1d(x: tf.Tensor3D, size: number, mode: 'max' | 'avg'): tf.Tensor3D {
  const [batch, time, channels] = x.shape;
  const kept = Math.floor(time / size);
  const trimmed = kept * size === time ? x : tf.slice(x, [0, 0, 0], [batch, kept * size, channels]);
  const windows = tf.reshape(trimmed, [batch, kept, size, channels]);
  return (mode === 'max' ? tf.max(windows, 2) : tf.mean(windows, 2)) as tf.Tensor3D;
}
