// Tensor operations of the layers, written for speed and for every backend: hand-written gradients
// for Dense, training-mode batch normalisation and Conv1D (wasm has no Conv2DBackpropFilter kernel).
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
 * wasm has no Conv2DBackpropFilter kernel, so every step of the gradient is a forward Conv2D: the
 * input gradient correlates dy with the flipped kernel, and the kernel gradient correlates the
 * padded input with dy, batch and channel axes swapped so that the sum over the batch becomes
 * the convolution's sum over input channels.
 */
export function conv1d(x: tf.Tensor3D, kernel: tf.Tensor2D, bias: tf.Tensor1D, kernelSize: number): tf.Tensor3D {
  const channels = x.shape[2];
  const filters = kernel.shape[1];
  const before = Math.floor((kernelSize - 1) / 2);
  const after = kernelSize - 1 - before;
  const convolve = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, flatKernel, b, save] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const kernel3d = tf.reshape(flatKernel, [kernelSize, channels, filters]) as tf.Tensor3D;
    save([input, kernel3d]);
    return {
      value: tf.add(tf.conv1d(input, kernel3d, 1, 'same'), b) as tf.Tensor3D,
      gradFunc: (dy: tf.Tensor3D, saved: tf.Tensor[]) => {
        const [xs, k3] = saved as [tf.Tensor3D, tf.Tensor3D];
        const [batch, time] = xs.shape;
        const flipped = tf.transpose(tf.reverse(k3, 0), [0, 2, 1]) as tf.Tensor3D;
        const dyPadded = kernelSize > 1 ? tf.pad(dy, [[0, 0], [after, before], [0, 0]]) : dy;
        const dx = tf.conv1d(dyPadded, flipped, 1, 'valid');
        const xPadded = kernelSize > 1 ? tf.pad(xs, [[0, 0], [before, after], [0, 0]]) : xs;
        const image = tf.reshape(tf.transpose(xPadded, [2, 1, 0]), [channels, 1, time + kernelSize - 1, batch]) as tf.Tensor4D;
        const dyFilter = tf.reshape(tf.transpose(dy, [1, 0, 2]), [1, time, batch, filters]) as tf.Tensor4D;
        const dKernel = tf.reshape(tf.transpose(tf.conv2d(image, dyFilter, 1, 'valid'), [2, 0, 1, 3]), [kernelSize * channels, filters]);
        return [dx, dKernel, tf.sum(dy, [0, 1])];
      },
    };
  }) as (input: tf.Tensor3D, flatKernel: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor3D;
  return convolve(x, kernel, bias);
}

/**
 * Non-overlapping pooling over time (Keras 'valid' padding: a ragged tail is dropped), through the
 * 2-D pooling kernels: their gradients are single kernels on every backend, where max() over a
 * reshaped window differentiates through a broadcast equal() that wasm runs very slowly.
 */
export function pool1d(x: tf.Tensor3D, size: number, mode: 'max' | 'avg'): tf.Tensor3D {
  const [batch, time, channels] = x.shape;
  const image = tf.reshape(x, [batch, time, 1, channels]) as tf.Tensor4D;
  const pooled = mode === 'max' ? tf.maxPool(image, [size, 1], [size, 1], 'valid') : tf.avgPool(image, [size, 1], [size, 1], 'valid');
  return tf.reshape(pooled, [batch, Math.floor(time / size), channels]);
}
