// Kernels written in JavaScript over the backend's own memory (the wasm heap, the cpu backend's
// arrays) for what TensorFlow.js does slowly on wasm: im2col's data movement (its Slice reads the
// whole input back for every slice, its Gather and Transpose move one element at a time) and sums
// over rows (its reductions over a leading axis transpose the input first).
import * as tf from '@tensorflow/tfjs';

const GATHER_WINDOWS = 'SpinEchoGatherWindows';
const PHASE_MAJOR = 'SpinEchoPhaseMajor';
const COLUMN_MOMENTS = 'SpinEchoColumnMoments';
const COLUMN_SUMS = 'SpinEchoColumnSums';

interface WindowAttributes {
  /** Flat start of each row's window; a negative start gives a row of zeros. */
  readonly starts: Int32Array;
  /** Values copied from each start; the rest of the row, up to `width`, is zeros. */
  readonly count: number;
  readonly width: number;
}

interface PhaseAttributes {
  readonly before: number;
  readonly stride: number;
  readonly phaseLength: number;
}

type Fill<A> = (inputs: readonly Float32Array[], shapes: readonly (readonly number[])[], attrs: A, out: Float32Array) => void;

// Below this many values per row a plain loop beats creating a subarray for TypedArray.set.
const SHORT_ROW = 96;

/** Row r of `out` = source[starts[r], starts[r] + count), zeros past the end of the source and up to `width`. */
function copyWindows([source]: readonly Float32Array[], _: unknown, { starts, count, width }: WindowAttributes, out: Float32Array): void {
  for (let row = 0; row < starts.length; row++) {
    const start = starts[row];
    const to = row * width;
    const copied = start < 0 ? 0 : Math.max(0, Math.min(count, source.length - start));
    if (copied >= SHORT_ROW) out.set(source.subarray(start, start + copied), to);
    else for (let i = 0; i < copied; i++) out[to + i] = source[start + i];
    out.fill(0, to + copied, to + width);
  }
}

/** out[p][c][b][t] = x[b][stride·t + p − before][c], zeros outside x (see phaseMajor). */
function copyPhaseMajor([x]: readonly Float32Array[], [[batch, time, channels]]: readonly (readonly number[])[], { before, stride, phaseLength }: PhaseAttributes, out: Float32Array): void {
  out.fill(0);
  const curveStep = batch * phaseLength;
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < time; i++) {
      const u = i + before;
      const t = Math.floor(u / stride);
      if (t >= phaseLength) break;
      let to = ((u - t * stride) * channels * batch + b) * phaseLength + t;
      const from = (b * time + i) * channels;
      for (let c = 0; c < channels; c++, to += curveStep) out[to] = x[from + c];
    }
  }
}

/** Mean and biased variance of each column of x [rows, columns], by two passes in float64: out [2, columns]. */
function fillColumnMoments([x]: readonly Float32Array[], [shape]: readonly (readonly number[])[], _: unknown, out: Float32Array): void {
  const columns = shape[shape.length - 1];
  const rows = x.length / columns;
  const mean = new Float64Array(columns);
  for (let i = 0; i < x.length; i += columns) for (let c = 0; c < columns; c++) mean[c] += x[i + c];
  for (let c = 0; c < columns; c++) mean[c] /= rows;
  const squares = new Float64Array(columns);
  for (let i = 0; i < x.length; i += columns) {
    for (let c = 0; c < columns; c++) {
      const d = x[i + c] - mean[c];
      squares[c] += d * d;
    }
  }
  for (let c = 0; c < columns; c++) {
    out[c] = mean[c];
    out[columns + c] = squares[c] / rows;
  }
}

/** Σ_rows a and Σ_rows a·b of each column of a, b [rows, columns], in float64: out [2, columns]. */
function fillColumnSums([a, b]: readonly Float32Array[], [shape]: readonly (readonly number[])[], _: unknown, out: Float32Array): void {
  const columns = shape[shape.length - 1];
  const sums = new Float64Array(2 * columns);
  for (let i = 0; i < a.length; i += columns) {
    for (let c = 0; c < columns; c++) {
      const value = a[i + c];
      sums[c] += value;
      sums[columns + c] += value * b[i + c];
    }
  }
  out.set(sums);
}

/** How a kernel reads its inputs' values and makes its output on one backend, in that backend's own memory. */
interface Storage {
  read(info: tf.TensorInfo): Float32Array;
  allocate(shape: number[]): { info: tf.TensorInfo; values: Float32Array };
}

interface WasmBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

interface CpuBackend {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

const STORAGE = {
  wasm: (backend: WasmBackend): Storage => ({
    read: (info) => backend.typedArrayFromHeap(info),
    allocate: (shape) => {
      const info = backend.makeOutput(shape, 'float32');
      return { info, values: backend.typedArrayFromHeap(info) };
    },
  }),
  // The cpu backend keeps the array it is given, so the kernel may fill it afterwards.
  cpu: (backend: CpuBackend): Storage => ({
    read: (info) => backend.data.get(info.dataId).values,
    allocate: (shape) => {
      const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
      return { info: backend.makeTensorInfo(shape, 'float32', values), values };
    },
  }),
};

/** Registers `fill` as kernel `name` on wasm and cpu: it writes an output of shape `shapeOf` from its inputs' values. */
function register<A>(name: string, shapeOf: (shapes: readonly (readonly number[])[], attrs: A) => number[], fill: Fill<A>): void {
  // The kernel registry is global and may outlive this module (test runners reload modules).
  if (tf.getKernel(name, 'wasm')) return;
  for (const backendName of ['wasm', 'cpu'] as const) {
    tf.registerKernel({
      kernelName: name,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) => {
        const storage = STORAGE[backendName](backend as never);
        const infos = Object.values(inputs) as tf.TensorInfo[];
        const shapes = infos.map((info) => info.shape);
        const settings = attrs as unknown as A;
        const out = storage.allocate(shapeOf(shapes, settings));
        fill(infos.map((info) => storage.read(info)), shapes, settings, out.values);
        return out.info;
      },
    });
  }
}

function registerKernels(): void {
  register<WindowAttributes>(GATHER_WINDOWS, (_, attrs) => [attrs.starts.length, attrs.width], copyWindows);
  register<PhaseAttributes>(PHASE_MAJOR, ([[batch, , channels]], attrs) => [attrs.stride * channels, batch * attrs.phaseLength], copyPhaseMajor);
  register<unknown>(COLUMN_MOMENTS, ([shape]) => [2, shape[shape.length - 1]], fillColumnMoments);
  register<unknown>(COLUMN_SUMS, ([shape]) => [2, shape[shape.length - 1]], fillColumnSums);
}

/** Whether the active backend has these kernels: the wasm and cpu backends do. */
export function hasJsKernels(): boolean {
  const name = tf.getBackend();
  return name === 'wasm' || name === 'cpu';
}

function run<T extends tf.Tensor>(name: string, inputs: Record<string, tf.Tensor>, attrs: object = {}): T {
  for (const x of Object.values(inputs)) if (x.dtype !== 'float32') throw new Error(`${name} reads float32 values, not ${x.dtype}`);
  registerKernels();
  return tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as T;
}

/**
 * A matrix [starts.length, width] whose row r holds `count` values of `x` (any shape, read flat)
 * from starts[r] on, then zeros; a negative start, and any part of a window past the end of `x`,
 * reads zeros. Not differentiable: callers use it inside their own gradients.
 */
export function gatherWindows(x: tf.Tensor, starts: Int32Array, width: number, count = width): tf.Tensor2D {
  return run(GATHER_WINDOWS, { x }, { starts, count, width });
}

/**
 * x [batch, time, channels], padded with `before` zeros at the start and zeros at the end, split
 * into its `stride` phases (samples p, p + stride, ... of the padded curve), each `phaseLength`
 * long, laid out [phase][channel][curve][step]: a matrix [stride * channels, batch * phaseLength]
 * whose rows are time-contiguous, so that im2col's rows are windows of it. Not differentiable.
 */
export function phaseMajor(x: tf.Tensor3D, before: number, stride: number, phaseLength: number): tf.Tensor2D {
  return run(PHASE_MAJOR, { x }, { before, stride, phaseLength });
}

/** Mean and biased variance of each column of x [rows, columns], accumulated in float64. Not differentiable. */
export function columnMoments(x: tf.Tensor2D): { mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const both = run<tf.Tensor2D>(COLUMN_MOMENTS, { x });
  const [mean, variance] = tf.unstack(both) as tf.Tensor1D[];
  both.dispose();
  return { mean, variance };
}

/** Σ_rows a and Σ_rows a·b of each column of a and b [rows, columns], accumulated in float64. Not differentiable. */
export function columnSums(a: tf.Tensor2D, b: tf.Tensor2D): { sum: tf.Tensor1D; productSum: tf.Tensor1D } {
  if (a.shape.join() !== b.shape.join()) throw new Error(`columnSums: shapes [${a.shape}] and [${b.shape}] differ`);
  const both = run<tf.Tensor2D>(COLUMN_SUMS, { a, b });
  const [sum, productSum] = tf.unstack(both) as tf.Tensor1D[];
  both.dispose();
  return { sum, productSum };
}
