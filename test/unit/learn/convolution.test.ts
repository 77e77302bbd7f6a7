import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/core/learn/backend.ts';
import { conv1d } from '../../../src-main/core/learn/convolution.ts';
import { convolutionGeometry } from '../../../src-main/core/learn/model-layout.ts';
import { Random } from '../../../src-main/core/random.ts';

const random = new Random(5);
const values = (n: number) => Float32Array.from({ length: n }, () => random.nextFloat() * 2 - 1);

/** The convolution written out: y[b][t][f] = bias[f] + Σ_k Σ_c x[b][stride·t + k − before][c] · w[k][c][f]. */
function convolveByHand(x: Float32Array, shape: [number, number, number], w: Float32Array, bias: Float32Array, kernelSize: number, stride: number): Float64Array {
  const [batch, time, channels] = shape;
  const filters = bias.length;
  const { before, outLength } = convolutionGeometry(time, kernelSize, stride);
  const y = new Float64Array(batch * outLength * filters);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < outLength; t++) {
      for (let f = 0; f < filters; f++) {
        let sum = bias[f];
        for (let k = 0; k < kernelSize; k++) {
          const i = stride * t + k - before;
          if (i < 0 || i >= time) continue;
          for (let c = 0; c < channels; c++) sum += x[(b * time + i) * channels + c] * w[(k * channels + c) * filters + f];
        }
        y[(b * outLength + t) * filters + f] = sum;
      }
    }
  }
  return y;
}

interface Case {
  readonly batch: number;
  readonly time: number;
  readonly channels: number;
  readonly filters: number;
  readonly kernelSize: number;
  readonly stride: number;
}

// Odd and even kernels, strides of 1 to 3, kernels narrower than the stride, and (the last) curves
// long enough that the kernel gradient is summed over several chunks of curves.
const CASES: Case[] = [
  { batch: 2, time: 9, channels: 3, filters: 4, kernelSize: 3, stride: 1 },
  { batch: 2, time: 9, channels: 2, filters: 3, kernelSize: 4, stride: 1 },
  { batch: 2, time: 10, channels: 3, filters: 4, kernelSize: 5, stride: 2 },
  { batch: 3, time: 11, channels: 2, filters: 3, kernelSize: 7, stride: 2 },
  { batch: 2, time: 12, channels: 2, filters: 2, kernelSize: 5, stride: 3 },
  { batch: 2, time: 7, channels: 2, filters: 2, kernelSize: 1, stride: 2 },
  { batch: 2, time: 8, channels: 2, filters: 3, kernelSize: 3, stride: 3 },
  { batch: 3, time: 4100, channels: 2, filters: 2, kernelSize: 5, stride: 2 },
];

function label(c: Case): string {
  return `[${c.batch}, ${c.time}, ${c.channels}] kernel ${c.kernelSize} stride ${c.stride}`;
}

/**
 * Central differences of L = Σ y·probe at `count` coordinates of each input. L is linear in each of
 * x, w and the bias, so the differences are exact but for float32 rounding, whatever the step.
 */
function checkGradients(c: Case, count: number): void {
  const xShape: [number, number, number] = [c.batch, c.time, c.channels];
  const { outLength } = convolutionGeometry(c.time, c.kernelSize, c.stride);
  const inputs = [values(c.batch * c.time * c.channels), values(c.kernelSize * c.channels * c.filters), values(c.filters)];
  const shapes = [xShape, [c.kernelSize * c.channels, c.filters], [c.filters]];
  const probe = tf.tensor(values(c.batch * outLength * c.filters), [c.batch, outLength, c.filters]);
  const loss = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv1d(x as tf.Tensor3D, w as tf.Tensor2D, b as tf.Tensor1D, c.kernelSize, c.stride), probe));
  const lossAt = (arrays: Float32Array[]) => tf.tidy(() => loss(...(arrays.map((a, i) => tf.tensor(a, shapes[i])) as [tf.Tensor, tf.Tensor, tf.Tensor])).dataSync()[0]);
  const analytic = tf.tidy(() => tf.grads(loss)(inputs.map((a, i) => tf.tensor(a, shapes[i]))).map((g) => g.dataSync()));
  const step = 0.5;
  inputs.forEach((array, which) => {
    const indices = array.length <= count ? Array.from(array.keys()) : Array.from({ length: count }, () => random.nextInt(array.length));
    for (const index of indices) {
      const shifted = (delta: number) => inputs.map((a, i) => (i === which ? Float32Array.from(a, (v, j) => (j === index ? v + delta : v)) : a));
      const numeric = (lossAt(shifted(step)) - lossAt(shifted(-step))) / (2 * step);
      expect(analytic[which][index], `${label(c)}: input ${which}, element ${index}`).toBeCloseTo(numeric, 3);
    }
  });
  probe.dispose();
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`strided convolution on ${backend}`, () => {
    it('computes the convolution written out by hand', async () => {
      await selectBackend(backend);
      for (const c of CASES) {
        const x = values(c.batch * c.time * c.channels);
        const w = values(c.kernelSize * c.channels * c.filters);
        const bias = values(c.filters);
        const expected = convolveByHand(x, [c.batch, c.time, c.channels], w, bias, c.kernelSize, c.stride);
        const y = tf.tidy(() => conv1d(tf.tensor3d(x, [c.batch, c.time, c.channels]), tf.tensor2d(w, [c.kernelSize * c.channels, c.filters]), tf.tensor1d(bias), c.kernelSize, c.stride));
        expect(y.shape, label(c)).toEqual([c.batch, Math.ceil(c.time / c.stride), c.filters]);
        const actual = y.dataSync();
        y.dispose();
        for (let i = 0; i < expected.length; i++) expect(actual[i], `${label(c)}, output ${i}`).toBeCloseTo(expected[i], 4);
      }
    });

    it('has input, kernel and bias gradients equal to central differences', async () => {
      await selectBackend(backend);
      for (const c of CASES) checkGradients(c, c.time > 100 ? 40 : 1000);
    });

    it('leaks no tensor through a forward and backward pass', async () => {
      await selectBackend(backend);
      const c = CASES[3];
      const x = tf.tensor3d(values(c.batch * c.time * c.channels), [c.batch, c.time, c.channels]);
      const w = tf.tensor2d(values(c.kernelSize * c.channels * c.filters), [c.kernelSize * c.channels, c.filters]);
      const b = tf.tensor1d(values(c.filters));
      const before = tf.memory().numTensors;
      tf.dispose(tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(conv1d(xx as tf.Tensor3D, ww as tf.Tensor2D, bb as tf.Tensor1D, c.kernelSize, c.stride)))([x, w, b]));
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, w, b]);
    });
  });
}

/** Output, and gradients of Σ y·probe, of a 'valid' convolution: ours, or TensorFlow.js's own conv1d on the cpu backend. */
function validConvolution(c: Case, ours: boolean, inputs: Float32Array[], probe: Float32Array): Float32Array[] {
  return tf.tidy(() => {
    const [x, w, b] = [tf.tensor3d(inputs[0], [c.batch, c.time, c.channels]), tf.tensor2d(inputs[1], [c.kernelSize * c.channels, c.filters]), tf.tensor1d(inputs[2])];
    const forward = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
      ours
        ? conv1d(xx as tf.Tensor3D, ww as tf.Tensor2D, bb as tf.Tensor1D, c.kernelSize, c.stride, 'valid')
        : tf.add(tf.conv1d(xx as tf.Tensor3D, tf.reshape(ww, [c.kernelSize, c.channels, c.filters]) as tf.Tensor3D, c.stride, 'valid'), bb);
    const y = forward(x, w, b);
    const grads = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(forward(xx, ww, bb), tf.tensor(probe, y.shape))))([x, w, b]);
    return [y, ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

describe("'valid' convolution", () => {
  it("equals TensorFlow.js's own conv1d with 'valid' padding, output and gradients, on cpu and wasm", async () => {
    for (const c of CASES.filter((candidate) => candidate.time < 100)) {
      const inputs = [values(c.batch * c.time * c.channels), values(c.kernelSize * c.channels * c.filters), values(c.filters)];
      const outLength = Math.floor((c.time - c.kernelSize) / c.stride) + 1;
      const probe = values(c.batch * outLength * c.filters);
      await selectBackend('cpu');
      const reference = validConvolution(c, false, inputs, probe);
      expect(reference[0]).toHaveLength(c.batch * outLength * c.filters);
      for (const backend of ['cpu', 'wasm'] as const) {
        await selectBackend(backend);
        const ours = validConvolution(c, true, inputs, probe);
        ours.forEach((array, which) => {
          expect(array.length, `${label(c)} on ${backend}: part ${which}`).toBe(reference[which].length);
          array.forEach((value, i) => expect(value, `${label(c)} on ${backend}: part ${which}, element ${i}`).toBeCloseTo(reference[which][i], 4));
        });
      }
    }
  });
});

afterAll(async () => {
  await selectBackend('cpu');
});
