// A feed-forward network described by a JSON layer list (its shapes and weight layout:
// model-layout.ts): seeded initialisation and the forward pass in training or inference mode.
import * as tf from '@tensorflow/tfjs';
import { fillWeights } from './initializers.ts';
import { conv1d } from './convolution.ts';
import { activate, batchNormInference, batchNormTraining, dense, pool1d, type BatchMoments } from './layers.ts';
import { ModelLayout, type WeightSlot } from './model-layout.ts';

export type ForwardMode =
  | { readonly training: false }
  | {
      readonly training: true;
      /** One mask per dropout layer, already scaled by 1 / (1 - rate), shaped like the layer's input. */
      readonly dropoutMasks: readonly tf.Tensor[];
      /** Called once per batch-norm layer, in order, with the batch moments. */
      readonly onMoments: (moments: BatchMoments) => void;
    };

export class Network extends ModelLayout {
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
          h = activate(conv1d(h as tf.Tensor3D, w[0] as tf.Tensor2D, w[1] as tf.Tensor1D, spec.kernelSize, spec.stride ?? 1, spec.padding ?? 'same'), spec.activation);
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
          h = pool1d(h as tf.Tensor3D, spec.size, spec.mode, spec.stride ?? spec.size);
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
