// Turns a run's hyperparameters into the layer list of its network.
import type { CnnHyperparameters, Hyperparameters, MlpHyperparameters } from './hyperparameters.ts';
import { PARAMETER_COUNT, UNCERTAIN_OUTPUT_COUNT } from './losses.ts';
import type { LayerSpec, ModelSpec } from './network.ts';

/**
 * The challenge's three labels (alpha, xi, d, or their transforms), followed by their three
 * log-variances when the run predicts its uncertainty. Keras's Dense defaults to glorot_uniform,
 * which the notebook's linear output layer keeps.
 */
function outputLayer(h: Hyperparameters): LayerSpec {
  return { kind: 'dense', units: h.uncertainty ? UNCERTAIN_OUTPUT_COUNT : PARAMETER_COUNT, activation: 'linear', initializer: 'glorot_uniform' };
}

function mlpLayers(h: MlpHyperparameters): LayerSpec[] {
  const layers: LayerSpec[] = h.inputBatchNorm ? [{ kind: 'batch-norm' }] : [];
  h.hiddenUnits.forEach((units, i) => {
    const activation = h.activations.length === 1 ? h.activations[0] : h.activations[i];
    layers.push({ kind: 'dense', units, activation, initializer: h.kernelInitializer });
    if (h.batchNorm) layers.push({ kind: 'batch-norm' });
    if (h.dropout > 0) layers.push({ kind: 'dropout', rate: h.dropout });
  });
  return [...layers, outputLayer(h)];
}

function cnnLayers(h: CnnHyperparameters): LayerSpec[] {
  const layers: LayerSpec[] = [];
  for (const filters of h.convFilters) {
    layers.push({ kind: 'conv1d', filters, kernelSize: h.kernelSize, activation: h.convActivation, initializer: h.kernelInitializer });
    if (h.batchNorm) layers.push({ kind: 'batch-norm' });
    if (h.pooling !== 'none') layers.push({ kind: 'pool1d', mode: h.pooling, size: h.poolSize });
  }
  layers.push(h.head === 'flatten' ? { kind: 'flatten' } : { kind: 'global-average-pool1d' });
  for (const units of h.denseUnits) {
    layers.push({ kind: 'dense', units, activation: h.denseActivation, initializer: h.kernelInitializer });
    if (h.batchNorm) layers.push({ kind: 'batch-norm' });
    if (h.dropout > 0) layers.push({ kind: 'dropout', rate: h.dropout });
  }
  return [...layers, outputLayer(h)];
}

/** Topology of the run's network; MLPs see a flat channel-major vector, CNNs a [time, channels] sequence. */
export function buildModelSpec(h: Hyperparameters): ModelSpec {
  const windowLength = h.windowEnd - h.windowStart;
  const common = { batchNormMomentum: h.batchNormMomentum, batchNormEpsilon: h.batchNormEpsilon };
  if (h.family === 'mlp') return { inputShape: [windowLength * h.channels.length], layers: mlpLayers(h), ...common };
  return { inputShape: [windowLength, h.channels.length], layers: cnnLayers(h), ...common };
}
