// Turns a run's hyperparameters into the layer list of its network.
import { strideOf, type Activation, type CnnHyperparameters, type Hyperparameters, type MlpHyperparameters } from './hyperparameters.ts';
import { layerSpecsOf } from './layer-list.ts';
import { outputHead, type LayerSpec, type ModelSpec } from './model-layout.ts';

function mlpLayers(h: MlpHyperparameters): LayerSpec[] {
  const layers: LayerSpec[] = h.inputBatchNorm ? [{ kind: 'batch-norm' }] : [];
  h.hiddenUnits.forEach((units, i) => {
    const activation = h.activations.length === 1 ? h.activations[0] : h.activations[i];
    layers.push({ kind: 'dense', units, activation, initializer: h.kernelInitializer });
    if (h.batchNorm) layers.push({ kind: 'batch-norm' });
    if (h.dropout > 0) layers.push({ kind: 'dropout', rate: h.dropout });
  });
  return [...layers, outputHead(h.uncertainty)];
}

/**
 * A layer with its batch normalisation: the activation before it (Keras habit, the older presets)
 * or after it (conv or dense, batch norm, activation, as ResNet); `layer` carries the activation.
 */
function withBatchNorm(h: CnnHyperparameters, layer: Extract<LayerSpec, { activation: Activation }>): LayerSpec[] {
  if (!h.batchNorm) return [layer];
  if (!h.batchNormBeforeActivation) return [layer, { kind: 'batch-norm' }];
  return [{ ...layer, activation: 'linear' }, { kind: 'batch-norm' }, { kind: 'activation', activation: layer.activation }];
}

function cnnLayers(h: CnnHyperparameters): LayerSpec[] {
  const layers: LayerSpec[] = [];
  h.convFilters.forEach((filters, block) => {
    const kernelSize = block === 0 ? (h.firstKernelSize ?? h.kernelSize) : h.kernelSize;
    for (let conv = 0; conv < h.convsPerBlock; conv++) {
      const stride = strideOf(h, conv);
      const spec = { kind: 'conv1d', filters, kernelSize, activation: h.convActivation, initializer: h.kernelInitializer } as const;
      // A stride of 1 stays implicit, so that cnn1d's layer lists read as they always have.
      layers.push(...withBatchNorm(h, stride === 1 ? spec : { ...spec, stride }));
    }
    if (h.pooling !== 'none') layers.push({ kind: 'pool1d', mode: h.pooling, size: h.poolSize });
  });
  layers.push(h.head === 'flatten' ? { kind: 'flatten' } : { kind: 'global-average-pool1d' });
  for (const units of h.denseUnits) {
    layers.push(...withBatchNorm(h, { kind: 'dense', units, activation: h.denseActivation, initializer: h.kernelInitializer }));
    if (h.dropout > 0) layers.push({ kind: 'dropout', rate: h.dropout });
  }
  return [...layers, outputHead(h.uncertainty)];
}

/**
 * Topology of the run's network, the presets' and a saved layer list's alike: MLPs see a flat
 * channel-major vector, CNNs and layer lists a [time, channels] sequence.
 */
export function buildModelSpec(h: Hyperparameters): ModelSpec {
  const windowLength = h.windowEnd - h.windowStart;
  const common = { batchNormMomentum: h.batchNormMomentum, batchNormEpsilon: h.batchNormEpsilon };
  if (h.family === 'mlp') return { inputShape: [windowLength * h.channels.length], layers: mlpLayers(h), ...common };
  const layers = h.family === 'layers' ? layerSpecsOf(h.layers, h.kernelInitializer, h.uncertainty) : cnnLayers(h);
  return { inputShape: [windowLength, h.channels.length], layers, ...common };
}
