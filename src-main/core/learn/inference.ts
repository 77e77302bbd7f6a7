// Inference-mode passes of a trained network over many rows, in batches, without leaking tensors.
import * as tf from '@tensorflow/tfjs';
import type { Network } from './network.ts';

/** Weights of a network as flat arrays: trainable parameters and batch-norm moving statistics. */
export interface NetworkWeights {
  readonly params: Float32Array;
  readonly state: Float32Array;
}

export const INFERENCE_BATCH = 1024;

/** Runs `use` with the weights as tensors, disposing them afterwards. */
export function withWeightTensors<T>(network: Network, weights: NetworkWeights, use: (params: tf.Tensor[], state: tf.Tensor[]) => T): T {
  const params = network.tensorsOf(weights.params, network.trainableSlots);
  const state = network.tensorsOf(weights.state, network.stateSlots);
  try {
    return use(params, state);
  } finally {
    tf.dispose([...params, ...state]);
  }
}

/** Network outputs for `rows` input rows laid out back to back, rows x outputSize. */
export function predictOutputs(network: Network, weights: NetworkWeights, inputs: Float32Array, rows: number): Float32Array {
  const inputSize = network.spec.inputShape.reduce((a, b) => a * b, 1);
  if (inputs.length !== rows * inputSize) throw new RangeError(`expected ${rows} x ${inputSize} inputs, got ${inputs.length} values`);
  const outputs = new Float32Array(rows * network.outputSize);
  withWeightTensors(network, weights, (params, state) => {
    for (let start = 0; start < rows; start += INFERENCE_BATCH) {
      const count = Math.min(INFERENCE_BATCH, rows - start);
      const y = tf.tidy(() => {
        const x = tf.tensor(inputs.subarray(start * inputSize, (start + count) * inputSize), [count, ...network.spec.inputShape]);
        return network.forward(x, params, state, { training: false });
      });
      outputs.set(y.dataSync(), start * network.outputSize);
      y.dispose();
    }
  });
  return outputs;
}
