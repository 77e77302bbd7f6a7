import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/core/learn/backend.ts';
import { conv1d } from '../../../src-main/core/learn/convolution.ts';
import { batchNormTraining, dense, gelu, pool1d } from '../../../src-main/core/learn/layers.ts';
import { Random } from '../../../src-main/core/random.ts';

const random = new Random(11);
const tensorOf = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.nextFloat() * 2 - 1), shape);

function expectClose(a: tf.Tensor, b: tf.Tensor, digits = 4): void {
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  for (let i = 0; i < x.length; i++) expect(x[i]).toBeCloseTo(y[i], digits);
}

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('hand-written gradients agree with automatic differentiation', () => {
  it('dense', () => {
    const [x, w, b, probe] = [tensorOf([5, 4]), tensorOf([4, 3]), tensorOf([3]), tensorOf([5, 3])];
    const ours = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(dense(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D), probe)))([x, w, b]);
    const reference = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(tf.add(tf.matMul(xx as tf.Tensor2D, ww as tf.Tensor2D), bb), probe)))([x, w, b]);
    ours.forEach((g, i) => expectClose(g, reference[i]));
  });

  it('training-mode batch normalisation, on rows and on [batch, time, channels]', () => {
    for (const shape of [[6, 3], [2, 4, 3]]) {
      const [x, gamma, beta, probe] = [tensorOf(shape), tensorOf([3]), tensorOf([3]), tensorOf(shape)];
      const moments: tf.Tensor[] = [];
      const ours = tf.grads((xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(batchNormTraining(xx, g as tf.Tensor1D, b as tf.Tensor1D, 1e-3, (m) => moments.push(tf.keep(m.mean), tf.keep(m.variance))), probe)),
      )([x, gamma, beta]);
      const axes = shape.length === 2 ? [0] : [0, 1];
      const reference = tf.grads((xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        const { mean, variance } = tf.moments(xx, axes);
        return tf.sum(tf.mul(tf.add(tf.mul(tf.div(tf.sub(xx, mean), tf.sqrt(tf.add(variance, 1e-3))), g), b), probe));
      })([x, gamma, beta]);
      ours.forEach((g, i) => expectClose(g, reference[i]));
      // The reported moments are the biased batch statistics.
      expectClose(moments[0], tf.moments(x, axes).mean);
      expectClose(moments[1], tf.moments(x, axes).variance);
    }
  });
});

describe('GELU', () => {
  /** x·Φ(x) in float64, Φ from erf by its series (exact to 1e-12 for |x| < 4). */
  function geluByHand(x: number): number {
    let term = x / Math.SQRT2;
    let erf = term;
    for (let n = 1; n < 60; n++) {
      term *= (-(x * x) / 2) / n;
      erf += term / (2 * n + 1);
    }
    return 0.5 * x * (1 + (2 / Math.sqrt(Math.PI)) * erf);
  }

  const points = [-3.5, -2, -1, -0.3, 0, 0.2, 0.7, 1.5, 3];

  it("is x·Φ(x) with the exact normal CDF, as PyTorch's default GELU", () => {
    const y = gelu(tf.tensor1d(points)).dataSync();
    points.forEach((x, i) => expect(y[i]).toBeCloseTo(geluByHand(x), 6));
    // Not the tanh approximation, which differs by about 1e-4 at x = -2.
    expect(y[1]).toBeCloseTo(-0.0455003, 6);
  });

  it('has the gradient of central differences', () => {
    const gradient = tf.grad((x: tf.Tensor) => tf.sum(gelu(x)))(tf.tensor1d(points)).dataSync();
    const h = 1e-4;
    points.forEach((x, i) => expect(gradient[i]).toBeCloseTo((geluByHand(x + h) - geluByHand(x - h)) / (2 * h), 5));
  });
});

describe('convolution and pooling', () => {
  it("conv1d with 'same' padding equals tf.conv1d, values and gradients, for odd and even kernels", () => {
    for (const kernelSize of [1, 3, 4]) {
      const [x, kernel, bias] = [tensorOf([2, 7, 3]), tensorOf([kernelSize, 3, 5]), tensorOf([5])];
      const probe = tensorOf([2, 7, 5]);
      const flat = tf.reshape(kernel, [kernelSize * 3, 5]) as tf.Tensor2D;
      expectClose(conv1d(x as tf.Tensor3D, flat, bias as tf.Tensor1D, kernelSize), tf.add(tf.conv1d(x as tf.Tensor3D, kernel as tf.Tensor3D, 1, 'same'), bias));
      const ours = tf.grads((xx: tf.Tensor, k: tf.Tensor) => tf.sum(tf.mul(conv1d(xx as tf.Tensor3D, k as tf.Tensor2D, bias as tf.Tensor1D, kernelSize), probe)))([x, flat]);
      const reference = tf.grads((xx: tf.Tensor, k: tf.Tensor) => tf.sum(tf.mul(tf.conv1d(xx as tf.Tensor3D, tf.reshape(k, [kernelSize, 3, 5]) as tf.Tensor3D, 1, 'same'), probe)))([x, flat]);
      ours.forEach((g, i) => expectClose(g, reference[i]));
    }
  });

  it('pools non-overlapping windows and drops a ragged tail, as Keras valid pooling', () => {
    const x = tf.tensor3d([1, 5, 2, 2, 7, 0, 3], [1, 7, 1]);
    expect(Array.from(pool1d(x, 2, 'max').dataSync())).toEqual([5, 2, 7]);
    expect(Array.from(pool1d(x, 3, 'avg').dataSync())).toEqual([Math.fround(8 / 3), 3]);
  });

  it('differentiates pooling as max() and mean() over the windows would', () => {
    const x = tensorOf([2, 9, 3]);
    const probe = tensorOf([2, 4, 3]);
    for (const mode of ['max', 'avg'] as const) {
      const ours = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(pool1d(xx as tf.Tensor3D, 2, mode), probe)))(x);
      const reference = tf.grad((xx: tf.Tensor) => {
        const windows = tf.reshape(tf.slice(xx, [0, 0, 0], [2, 8, 3]), [2, 4, 2, 3]);
        return tf.sum(tf.mul(mode === 'max' ? tf.max(windows, 2) : tf.mean(windows, 2), probe));
      })(x);
      expectClose(ours, reference);
    }
  });
});
