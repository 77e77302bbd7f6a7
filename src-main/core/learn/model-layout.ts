// The shapes of a feed-forward network described by a JSON layer list, without TensorFlow.js: each
// layer's output shape, the layout of its weights in one flat array (trainable) plus one for
// batch-norm moving statistics, and the parameter counts, so that a layer list can be checked
// without loading a backend.
import type { Activation } from '../api/layer-kinds.ts';
import type { Fill, Initializer } from './initializers.ts';

/** Outputs of a network that predicts (alpha, xi, d) only, and of one that adds a log-variance to each. */
export const PARAMETER_COUNT = 3;
export const UNCERTAIN_OUTPUT_COUNT = 2 * PARAMETER_COUNT;

export type LayerSpec =
  | { readonly kind: 'batch-norm' }
  | { readonly kind: 'dense'; readonly units: number; readonly activation: Activation; readonly initializer: Initializer }
  | { readonly kind: 'dropout'; readonly rate: number }
  | {
      readonly kind: 'conv1d';
      readonly filters: number;
      readonly kernelSize: number;
      /** 1 when absent (checkpoints written before strides existed). */
      readonly stride?: number;
      /** 'same' when absent: the time steps shrink only by the stride. */
      readonly padding?: 'same' | 'valid';
      readonly activation: Activation;
      readonly initializer: Initializer;
    }
  | { readonly kind: 'activation'; readonly activation: Activation }
  /** Windows of `size` every `stride` samples; `stride` is `size` when absent. */
  | { readonly kind: 'pool1d'; readonly mode: 'max' | 'avg'; readonly size: number; readonly stride?: number }
  | { readonly kind: 'flatten' }
  | { readonly kind: 'global-average-pool1d' };

/** Topology of a model: JSON, stored in checkpoints. */
export interface ModelSpec {
  /** One example: [features] or [time, channels]. */
  readonly inputShape: readonly number[];
  readonly layers: readonly LayerSpec[];
  readonly batchNormMomentum: number;
  readonly batchNormEpsilon: number;
}

/** Where one weight tensor lives in its flat array. */
export interface WeightSlot {
  readonly name: string;
  readonly shape: readonly number[];
  readonly offset: number;
  readonly size: number;
  readonly fill: Fill;
  readonly fanIn: number;
  readonly fanOut: number;
}

export interface LayerInfo {
  readonly spec: LayerSpec;
  readonly name: string;
  readonly outputShape: readonly number[];
  /** Indices into `trainableSlots` and `stateSlots`. */
  readonly trainable: readonly number[];
  readonly state: readonly number[];
  /** Weights of the layer as Keras counts them, moving statistics included. */
  readonly parameterCount: number;
}

/**
 * The output layer the task fixes: the challenge's three labels (alpha, xi, d, or their transforms),
 * followed by their three log-variances when the run predicts its uncertainty. Keras's Dense
 * defaults to glorot_uniform, which the notebook's linear output layer keeps.
 */
export function outputHead(uncertainty: boolean): LayerSpec {
  return { kind: 'dense', units: uncertainty ? UNCERTAIN_OUTPUT_COUNT : PARAMETER_COUNT, activation: 'linear', initializer: 'glorot_uniform' };
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A layer that cannot take the shape it receives; `field` names the setting at fault, if one is. */
export class LayerShapeError extends Error {
  constructor(
    message: string,
    readonly field: string | null = null,
    /** The layer at fault, once known. */
    readonly index: number | null = null,
  ) {
    super(message);
    this.name = 'LayerShapeError';
  }
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function requireSequence(spec: LayerSpec, input: readonly number[]): void {
  if (input.length !== 2) throw new LayerShapeError(`${spec.kind} needs a [time, channels] input, not the flat ${shapeText(input)} it receives`);
}

/** The shape a layer makes of `input` (one example); throws LayerShapeError where it cannot take it. */
export function layerOutputShape(spec: LayerSpec, input: readonly number[]): number[] {
  switch (spec.kind) {
    case 'batch-norm':
    case 'dropout':
    case 'activation':
      return [...input];
    case 'dense':
      if (input.length !== 1) throw new LayerShapeError(`dense needs a flat input, not ${shapeText(input)}: put a flatten or global-average-pool1d layer before it`);
      return [spec.units];
    case 'conv1d': {
      requireSequence(spec, input);
      const stride = spec.stride ?? 1;
      if (spec.padding !== 'valid') return [convolutionGeometry(input[0], spec.kernelSize, stride).outLength, spec.filters];
      if (input[0] < spec.kernelSize) throw new LayerShapeError(`kernelSize ${spec.kernelSize} exceeds the ${input[0]} time steps it receives ('valid' padding would leave none)`, 'kernelSize');
      return [validConvolutionLength(input[0], spec.kernelSize, stride), spec.filters];
    }
    case 'pool1d':
      requireSequence(spec, input);
      if (input[0] < spec.size) throw new LayerShapeError(`size ${spec.size} exceeds the ${input[0]} time steps it receives`, 'size');
      return [pooledLength(input[0], spec.size, spec.stride ?? spec.size), input[1]];
    case 'flatten':
      return [product(input)];
    case 'global-average-pool1d':
      requireSequence(spec, input);
      return [input[1]];
  }
}

/** Where a convolution of `inLength` samples reads and what it writes. */
export interface ConvolutionGeometry {
  /** Zeros before the first sample (Keras 'same': (kernelSize - 1) / 2, rounded down). */
  readonly before: number;
  /** ceil(inLength / stride), as Keras 'same' and PyTorch padding k // 2 give for odd kernels. */
  readonly outLength: number;
  /** Zeros after the last sample. */
  readonly after: number;
}

export function convolutionGeometry(inLength: number, kernelSize: number, stride: number): ConvolutionGeometry {
  const before = Math.floor((kernelSize - 1) / 2);
  const outLength = Math.ceil(inLength / stride);
  // The last window starts at (outLength - 1) * stride; a shortfall only crops samples no window reaches.
  const after = Math.max(0, (outLength - 1) * stride + kernelSize - before - inLength);
  return { before, outLength, after };
}

/** Output steps of a 'valid' convolution (no padding): 0 when the kernel is longer than the input. */
export function validConvolutionLength(inLength: number, kernelSize: number, stride: number): number {
  return inLength < kernelSize ? 0 : Math.floor((inLength - kernelSize) / stride) + 1;
}

/** Time steps left by pooling `time` samples in windows of `size` every `stride` (0 when size exceeds time). */
export function pooledLength(time: number, size: number, stride: number): number {
  return time < size ? 0 : Math.floor((time - size) / stride) + 1;
}

/** A model's layers with their output shapes and weight slots; throws LayerShapeError, with the layer, where one does not fit. */
export class ModelLayout {
  readonly layers: LayerInfo[] = [];
  readonly trainableSlots: WeightSlot[] = [];
  readonly stateSlots: WeightSlot[] = [];
  readonly trainableCount: number;
  readonly stateCount: number;
  readonly dropoutLayers: number[] = [];

  constructor(readonly spec: ModelSpec) {
    let shape: readonly number[] = spec.inputShape;
    let trainableOffset = 0;
    let stateOffset = 0;
    const addSlot = (list: WeightSlot[], name: string, slotShape: number[], fill: Fill, fanIn = 0, fanOut = 0, isState = false): number => {
      const offset = isState ? stateOffset : trainableOffset;
      const size = product(slotShape);
      list.push({ name, shape: slotShape, offset, size, fill, fanIn, fanOut });
      if (isState) stateOffset += size;
      else trainableOffset += size;
      return list.length - 1;
    };
    const counts: Record<string, number> = {};
    spec.layers.forEach((layer, index) => {
      const name = `${layer.kind}_${(counts[layer.kind] = (counts[layer.kind] ?? 0) + 1)}`;
      const trainable: number[] = [];
      const state: number[] = [];
      const features = shape[shape.length - 1];
      if (layer.kind === 'dense' || layer.kind === 'conv1d') {
        const taps = layer.kind === 'conv1d' ? layer.kernelSize : 1;
        const units = layer.kind === 'conv1d' ? layer.filters : layer.units;
        const fanIn = layer.kind === 'conv1d' ? taps * features : product(shape);
        trainable.push(addSlot(this.trainableSlots, `${name}/kernel`, [fanIn, units], layer.initializer, fanIn, taps * units));
        trainable.push(addSlot(this.trainableSlots, `${name}/bias`, [units], 'zeros'));
      } else if (layer.kind === 'batch-norm') {
        trainable.push(addSlot(this.trainableSlots, `${name}/gamma`, [features], 'ones'));
        trainable.push(addSlot(this.trainableSlots, `${name}/beta`, [features], 'zeros'));
        state.push(addSlot(this.stateSlots, `${name}/moving_mean`, [features], 'zeros', 0, 0, true));
        state.push(addSlot(this.stateSlots, `${name}/moving_variance`, [features], 'ones', 0, 0, true));
      } else if (layer.kind === 'dropout') {
        this.dropoutLayers.push(index);
      }
      try {
        shape = layerOutputShape(layer, shape);
      } catch (error) {
        throw error instanceof LayerShapeError ? new LayerShapeError(error.message, error.field, index) : error;
      }
      const parameterCount = [...trainable.map((i) => this.trainableSlots[i].size), ...state.map((i) => this.stateSlots[i].size)].reduce((a, b) => a + b, 0);
      this.layers.push({ spec: layer, name, outputShape: shape, trainable, state, parameterCount });
    });
    if (shape.length !== 1) throw new LayerShapeError(`the network must end in a flat output, not ${shapeText(shape)}`, null, spec.layers.length - 1);
    this.trainableCount = trainableOffset;
    this.stateCount = stateOffset;
  }

  get outputSize(): number {
    return this.layers[this.layers.length - 1].outputShape[0];
  }

  /** Weights as Keras's model.count_params() and summary() count them. */
  get parameterCount(): { trainable: number; nonTrainable: number; total: number } {
    return { trainable: this.trainableCount, nonTrainable: this.stateCount, total: this.trainableCount + this.stateCount };
  }
}
