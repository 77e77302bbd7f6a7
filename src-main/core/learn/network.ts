// A feed-forward network described by a JSON layer list: shapes, the layout of its weights in one
// flat Float32Array (trainable) plus one for batch-norm moving statistics, seeded initialisation
// and the forward pass in training or inference mode.
import * as tf from '@tensorflow/tfjs';
import type { Activation, Initializer } from './hyperparameters.ts';
import { fillWeights, type Fill } from './initializers.ts';
import { conv1d, convolutionGeometry } from './convolution.ts';
import { activate, batchNormInference, batchNormTraining, dense, pool1d, type BatchMoments } from './layers.ts';

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
      readonly activation: Activation;
      readonly initializer: Initializer;
    }
  | { readonly kind: 'activation'; readonly activation: Activation }
  | { readonly kind: 'pool1d'; readonly mode: 'max' | 'avg'; readonly size: number }
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

export type ForwardMode =
  | { readonly training: false }
  | {
      readonly training: true;
      /** One mask per dropout layer, already scaled by 1 / (1 - rate), shaped like the layer's input. */
      readonly dropoutMasks: readonly tf.Tensor[];
      /** Called once per batch-norm layer, in order, with the batch moments. */
      readonly onMoments: (moments: BatchMoments) => void;
    };

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function layerOutputShape(spec: LayerSpec, input: readonly number[]): number[] {
  switch (spec.kind) {
    case 'batch-norm':
    case 'dropout':
    case 'activation':
      return [...input];
    case 'dense':
      if (input.length !== 1) throw new Error(`dense layer needs a flat input, got shape [${input.join(', ')}]`);
      return [spec.units];
    case 'conv1d':
      if (input.length !== 2) throw new Error(`conv1d layer needs a [time, channels] input, got [${input.join(', ')}]`);
      return [convolutionGeometry(input[0], spec.kernelSize, spec.stride ?? 1).outLength, spec.filters];
    case 'pool1d':
      if (input.length !== 2) throw new Error(`pool1d layer needs a [time, channels] input, got [${input.join(', ')}]`);
      if (input[0] < spec.size) throw new Error(`pool1d of size ${spec.size} on ${input[0]} time samples`);
      return [Math.floor(input[0] / spec.size), input[1]];
    case 'flatten':
      return [product(input)];
    case 'global-average-pool1d':
      if (input.length !== 2) throw new Error(`global average pooling needs a [time, channels] input, got [${input.join(', ')}]`);
      return [input[1]];
  }
}

export class Network {
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
      shape = layerOutputShape(layer, shape);
      const parameterCount = [...trainable.map((i) => this.trainableSlots[i].size), ...state.map((i) => this.stateSlots[i].size)].reduce((a, b) => a + b, 0);
      this.layers.push({ spec: layer, name, outputShape: shape, trainable, state, parameterCount });
    });
    if (shape.length !== 1) throw new Error(`the network must end in a flat output, not [${shape.join(', ')}]`);
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

  /** Fresh weights, drawn layer by layer from `uniform` in a fixed order. */
  initialise(uniform: () => number): { params: Float32Array; state: Float32Array } {
    const params = new Float32Array(this.trainableCount);
    const state = new Float32Array(this.stateCount);
    for (const slot of this.trainableSlots) fillWeights(params.subarray(slot.offset, slot.offset + slot.size), slot.fill, slot.fanIn, slot.fanOut, uniform);
    for (const slot of this.stateSlots) fillWeights(state.subarray(slot.offset, slot.offset + slot.size), slot.fill, 0, 0, uniform);
    return { params, state };
  }

  /** One tensor per slot, copied out of the flat array. */
  tensorsOf(values: Float32Array, slots: readonly WeightSlot[]): tf.Tensor[] {
    return slots.map((slot) => tf.tensor(values.subarray(slot.offset, slot.offset + slot.size), [...slot.shape], 'float32'));
  }

  /** Shapes of the dropout masks of one batch, in layer order. */
  dropoutMaskShapes(batch: number): { rate: number; shape: number[] }[] {
    return this.dropoutLayers.map((index) => {
      const spec = this.layers[index].spec as { rate: number };
      const input = index === 0 ? this.spec.inputShape : this.layers[index - 1].outputShape;
      return { rate: spec.rate, shape: [batch, ...input] };
    });
  }

  /** The network's output [batch, outputSize] for input x [batch, ...inputShape]. */
  forward(x: tf.Tensor, weights: readonly tf.Tensor[], state: readonly tf.Tensor[], mode: ForwardMode): tf.Tensor2D {
    let h = x;
    let dropoutIndex = 0;
    const epsilon = this.spec.batchNormEpsilon;
    for (const layer of this.layers) {
      const spec = layer.spec;
      const w = layer.trainable.map((i) => weights[i]);
      switch (spec.kind) {
        case 'dense':
          h = activate(dense(h as tf.Tensor2D, w[0] as tf.Tensor2D, w[1] as tf.Tensor1D), spec.activation);
          break;
        case 'conv1d':
          h = activate(conv1d(h as tf.Tensor3D, w[0] as tf.Tensor2D, w[1] as tf.Tensor1D, spec.kernelSize, spec.stride ?? 1), spec.activation);
          break;
        case 'activation':
          h = activate(h, spec.activation);
          break;
        case 'batch-norm':
          if (mode.training) h = batchNormTraining(h, w[0] as tf.Tensor1D, w[1] as tf.Tensor1D, epsilon, mode.onMoments);
          else {
            const [mean, variance] = layer.state.map((i) => state[i]) as tf.Tensor1D[];
            h = batchNormInference(h, w[0] as tf.Tensor1D, w[1] as tf.Tensor1D, mean, variance, epsilon);
          }
          break;
        case 'dropout':
          if (mode.training) h = tf.mul(h, mode.dropoutMasks[dropoutIndex++]);
          break;
        case 'pool1d':
          h = pool1d(h as tf.Tensor3D, spec.size, spec.mode);
          break;
        case 'flatten':
          h = tf.reshape(h, [h.shape[0], -1]);
          break;
        case 'global-average-pool1d':
          h = tf.mean(h, 1);
          break;
      }
    }
    return h as tf.Tensor2D;
  }
}
