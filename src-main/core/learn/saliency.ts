// The notebook's feature-importance map: the gradient of each network output with respect to each
// input feature, summed over a set of curves.
import * as tf from '@tensorflow/tfjs';
import { INFERENCE_BATCH, withWeightTensors, type NetworkWeights } from './inference.ts';
import { PARAMETER_COUNT } from './model-layout.ts';
import type { Network } from './network.ts';
import { channelMajorIndex, type PreprocessingState } from './preprocessing.ts';

export interface Saliency {
  /** Outputs (standardised alpha, xi, d targets) x features; features channel-major: c * window + t. */
  readonly outputs: 3;
  readonly features: number;
  /** Sum over curves of d output / d feature: the notebook's G(t), signed. */
  readonly signed: Float64Array;
  /** Sum over curves of |d output / d feature|: where the network looks, whatever the sign. */
  readonly absolute: Float64Array;
}

/**
 * Gradients in the units of the raw channel values (Re M, Im M, |M|, phase): through the feature
 * scaler when the inputs were standardised, as the notebook's gradients were in units of M.
 */
export function computeSaliency(network: Network, weights: NetworkWeights, inputs: Float32Array, rows: number, preprocessing: PreprocessingState): Saliency {
  const features = inputs.length / rows;
  // The means of alpha, xi and d; a network that predicts its uncertainty has their log-variances after them.
  const outputs = PARAMETER_COUNT;
  if (network.outputSize < outputs) throw new Error(`saliency expects at least 3 outputs, the network has ${network.outputSize}`);
  const signed = new Float64Array(outputs * features);
  const absolute = new Float64Array(outputs * features);
  withWeightTensors(network, weights, (params, state) => {
    for (let start = 0; start < rows; start += INFERENCE_BATCH) {
      const count = Math.min(INFERENCE_BATCH, rows - start);
      const x = tf.tensor(inputs.subarray(start * features, (start + count) * features), [count, ...network.spec.inputShape]);
      for (let o = 0; o < outputs; o++) {
        const gradient = tf.grad((input: tf.Tensor) => tf.sum(tf.slice(network.forward(input, params, state, { training: false }), [0, o], [count, 1])))(x);
        const values = gradient.dataSync();
        gradient.dispose();
        for (let r = 0; r < count; r++) {
          for (let f = 0; f < features; f++) {
            const g = values[r * features + f];
            signed[o * features + f] += g;
            absolute[o * features + f] += Math.abs(g);
          }
        }
      }
      x.dispose();
    }
  });
  const scaler = preprocessing.featureScaler;
  const reorderedSigned = new Float64Array(signed.length);
  const reorderedAbsolute = new Float64Array(absolute.length);
  for (let o = 0; o < outputs; o++) {
    for (let f = 0; f < features; f++) {
      const unit = scaler ? 1 / scaler.scale[f] : 1;
      const to = o * features + channelMajorIndex(preprocessing.layout, f);
      reorderedSigned[to] = signed[o * features + f] * unit;
      reorderedAbsolute[to] = absolute[o * features + f] * unit;
    }
  }
  return { outputs: 3, features, signed: reorderedSigned, absolute: reorderedAbsolute };
}
