// Strided convolution over time ('same' or 'valid' padding) with hand-written gradients: wasm has no
// Conv2DBackpropFilter kernel, and its Conv2DBackpropInput is a scalar loop, so the kernel gradient
// is im2col and one matrix product, and the input gradient one forward convolution per stride
// phase; every product runs in XNNPACK.
import * as tf from '@tensorflow/tfjs';
import { gatherWindows, hasJsKernels, phaseMajor } from './js-kernels.ts';
import { convolutionGeometry, validConvolutionLength, type ConvolutionGeometry } from './model-layout.ts';

type Padding = [[number, number], [number, number], [number, number], [number, number]];

function timePadding(before: number, after: number): Padding {
  return [
    [0, 0],
    [0, 0],
    [before, after],
    [0, 0],
  ];
}

/** x [batch, time, channels] convolved with kernels [taps, channels, filters], explicit time padding. */
function convolve(x: tf.Tensor3D, kernel: tf.Tensor3D, stride: number, before: number, after: number): tf.Tensor3D {
  const [batch, time, channels] = x.shape;
  const [taps, , filters] = kernel.shape;
  const image = tf.reshape(x, [batch, 1, time, channels]) as tf.Tensor4D;
  const filter = tf.reshape(kernel, [1, taps, channels, filters]) as tf.Tensor4D;
  const y = tf.conv2d(image, filter, [1, stride], timePadding(before, after));
  return tf.reshape(y, [batch, y.shape[2], filters]);
}

// Columns per partial product of the kernel gradient: XNNPACK's GEMM runs the whole inner dimension
// per output tile, so one product over every (curve, step) streams its operands from memory once
// per tile; chunks of a few thousand stay in cache (measured on wasm: 30-40% less time).
const COLUMNS_PER_PRODUCT = 4096;

/**
 * The kernel gradient [kernelSize * channels, filters] and the bias gradient, as colsᵀ · dy. The
 * input is laid out by phase (phaseMajor), so that each im2col row (tap k, channel c) over every
 * (curve, output step) is one window of phase k mod stride shifted by floor(k / stride). Each
 * curve's phase is `phaseLength` long and dy is padded with zero rows to match, so a window that
 * runs on into the next curve's samples meets zeros of dy. Curves are taken in chunks.
 */
function kernelGradient(x: tf.Tensor3D, dy: tf.Tensor3D, kernelSize: number, stride: number, g: ConvolutionGeometry): { kernel: tf.Tensor2D; bias: tf.Tensor1D } {
  const [batch, , channels] = x.shape;
  const filters = dy.shape[2];
  const phaseLength = Math.ceil(((g.outLength - 1) * stride + kernelSize) / stride);
  const phases = phaseMajor(x, g.before, stride, phaseLength);
  const row = batch * phaseLength;
  const chunk = Math.max(1, Math.floor(COLUMNS_PER_PRODUCT / phaseLength));
  const kernels: tf.Tensor2D[] = [];
  const biases: tf.Tensor2D[] = [];
  for (let first = 0; first < batch; first += chunk) {
    const curves = Math.min(chunk, batch - first);
    const width = curves * phaseLength;
    const columnStarts = new Int32Array(kernelSize * channels);
    for (let k = 0; k < kernelSize; k++) {
      for (let c = 0; c < channels; c++) columnStarts[k * channels + c] = ((k % stride) * channels + c) * row + first * phaseLength + Math.floor(k / stride);
    }
    // Each curve's dy, then zero rows up to phaseLength.
    const dyStarts = Int32Array.from({ length: curves }, (_, b) => (first + b) * g.outLength * filters);
    const dyRows = tf.reshape(gatherWindows(dy, dyStarts, phaseLength * filters, g.outLength * filters), [width, filters]) as tf.Tensor2D;
    // Both products take dyRows as the right operand: XNNPACK packs it once for both.
    kernels.push(tf.matMul(gatherWindows(phases, columnStarts, width), dyRows));
    biases.push(tf.matMul(tf.ones([1, width]), dyRows));
  }
  return { kernel: tf.addN(kernels), bias: tf.reshape(tf.addN(biases), [filters]) };
}

/**
 * The input gradient. Input sample i (i + before = stride * q + r) receives dy[q - j] through tap
 * r + stride * j: for each phase r, a stride-1 convolution of dy with that phase's taps, reversed
 * and transposed; the phases then interleave back into time order.
 */
function inputGradient(dy: tf.Tensor3D, kernel: tf.Tensor3D, inLength: number, stride: number, g: ConvolutionGeometry): tf.Tensor3D {
  const [batch, , filters] = dy.shape;
  const [kernelSize, channels] = kernel.shape;
  const transposed = tf.transpose(kernel, [0, 2, 1]);
  const tapsOfPhase = (r: number) => Math.ceil((kernelSize - r) / stride);
  /** The taps r + stride * j, j descending, as a [taps, filters, channels] kernel. */
  const phaseKernel = (r: number) => {
    const taps = tapsOfPhase(r);
    const starts = Int32Array.from({ length: taps }, (_, m) => (r + stride * (taps - 1 - m)) * filters * channels);
    return tf.reshape(gatherWindows(transposed, starts, filters * channels), [taps, filters, channels]) as tf.Tensor3D;
  };
  // Padded so that the stride-1 convolution gives back inLength samples: g.before more than the
  // output lost, which is g.before itself with 'same' padding and 0 with 'valid'.
  if (stride === 1) return convolve(dy, phaseKernel(0), 1, kernelSize - 1 - g.before, inLength - g.outLength + g.before);
  const steps = Math.ceil((inLength + g.before) / stride);
  const phases: tf.Tensor3D[] = [];
  for (let r = 0; r < Math.min(stride, kernelSize); r++) phases.push(convolve(dy, phaseKernel(r), 1, tapsOfPhase(r) - 1, steps - g.outLength));
  const starts = new Int32Array(batch * inLength);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < inLength; i++) {
      const r = (i + g.before) % stride;
      const q = Math.floor((i + g.before) / stride);
      starts[b * inLength + i] = r < phases.length ? ((r * batch + b) * steps + q) * channels : -1;
    }
  }
  return tf.reshape(gatherWindows(tf.concat(phases, 0), starts, channels), [batch, inLength, channels]);
}

/**
 * Convolution over time of x [batch, time, channels] with a stride, kernel stored as
 * [kernelSize * channels, filters] (Keras's [kernelSize, channels, filters], flattened); with 'same'
 * padding the output has ceil(time / stride) steps, with 'valid' (none) floor((time - kernelSize) /
 * stride) + 1. On backends without the window kernel (tfjs-node, whose
 * own convolution gradients are native), TensorFlow.js differentiates the forward convolution.
 */
export function conv1d(x: tf.Tensor3D, kernel: tf.Tensor2D, bias: tf.Tensor1D, kernelSize: number, stride = 1, padding: 'same' | 'valid' = 'same'): tf.Tensor3D {
  const [, time, channels] = x.shape;
  const filters = kernel.shape[1];
  const g = padding === 'same' ? convolutionGeometry(time, kernelSize, stride) : { before: 0, outLength: validConvolutionLength(time, kernelSize, stride), after: 0 };
  const forward = (input: tf.Tensor3D, flatKernel: tf.Tensor2D, b: tf.Tensor1D) =>
    tf.add(convolve(input, tf.reshape(flatKernel, [kernelSize, channels, filters]), stride, g.before, g.after), b) as tf.Tensor3D;
  if (!hasJsKernels()) return forward(x, kernel, bias);
  const convolveWithGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, flatKernel, b, save] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    save([input, flatKernel]);
    return {
      value: forward(input, flatKernel, b),
      gradFunc: (dy: tf.Tensor3D, saved: tf.Tensor[]) => {
        const [xs, ks] = saved as [tf.Tensor3D, tf.Tensor2D];
        const gradients = kernelGradient(xs, dy, kernelSize, stride, g);
        const dx = inputGradient(dy, tf.reshape(ks, [kernelSize, channels, filters]), time, stride, g);
        return [dx, gradients.kernel, gradients.bias];
      },
    };
  }) as (input: tf.Tensor3D, flatKernel: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor3D;
  return convolveWithGradient(x, kernel, bias);
}
