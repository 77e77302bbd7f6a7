// Tensor operations of the layers, written for speed and for every backend: hand-written gradients
// for Dense, GELU and training-mode batch normalisation (convolution: convolution.ts).
import * as tf from '@tensorflow/tfjs';
import type { Activation } from './hyperparameters.ts';
import { columnMoments, columnSums, hasJsKernels } from './js-kernels.ts';
import { pooledLength } from './model-layout.ts';

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

const INVERSE_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * GELU as PyTorch's default, x·Φ(x) with the exact normal CDF Φ; its derivative Φ(x) + x·φ(x) is
 * written out, which saves differentiating erf's polynomial approximation op by op.
 */
const geluWithGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const cdf = tf.mul(tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1), 0.5);
  save([x, cdf]);
  return {
    value: tf.mul(x, cdf),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, cdfs] = saved;
      const density = tf.mul(tf.exp(tf.mul(tf.square(xs), -0.5)), INVERSE_SQRT_2PI);
      return tf.mul(dy, tf.add(cdfs, tf.mul(xs, density)));
    },
  };
}) as (x: tf.Tensor) => tf.Tensor;

export function gelu<T extends tf.Tensor>(x: T): T {
  return geluWithGradient(x) as T;
}

export function activate<T extends tf.Tensor>(x: T, activation: Activation): T {
  switch (activation) {
    case 'gelu':
      return gelu(x);
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
 * Sums over rows run as JavaScript kernels where there are some: wasm transposes for them.
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
    const { mean, variance } = hasJsKernels() ? columnMoments(rows) : tf.moments(rows, 0);
    onMoments({ mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D });
    const inverseStd = tf.rsqrt(tf.add(variance, epsilon));
    const normalised = tf.mul(tf.sub(rows, mean), inverseStd);
    save([normalised, inverseStd, g]);
    return {
      value: tf.add(tf.mul(normalised, g), b) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [xHat, inv, gammaSaved] = saved;
        const { sum, productSum } = hasJsKernels() ? columnSums(dy, xHat as tf.Tensor2D) : { sum: tf.sum(dy, 0), productSum: tf.sum(tf.mul(dy, xHat), 0) };
        const rowCount = dy.shape[0];
        const centred = tf.sub(tf.sub(dy, tf.div(sum, rowCount)), tf.mul(xHat, tf.div(productSum, rowCount)));
        return [tf.mul(centred, tf.mul(gammaSaved, inv)), productSum, sum];
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
 * Pooling over time (Keras 'valid' padding: a ragged tail is dropped), windows of `size` every
 * `stride` samples (non-overlapping by default), through the 2-D pooling kernels: their gradients
 * are single kernels on every backend, where max() over a reshaped window differentiates through a
 * broadcast equal() that wasm runs very slowly.
 */
export function pool1d(x: tf.Tensor3D, size: number, mode: 'max' | 'avg', stride = size): tf.Tensor3D {
  const [batch, time, channels] = x.shape;
  const image = tf.reshape(x, [batch, time, 1, channels]) as tf.Tensor4D;
  const pooled = mode === 'max' ? tf.maxPool(image, [size, 1], [stride, 1], 'valid') : tf.avgPool(image, [size, 1], [stride, 1], 'valid');
  return tf.reshape(pooled, [batch, pooledLength(time, size, stride), channels]);
}
