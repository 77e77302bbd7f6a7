// Milliseconds per batch of each layer of a preset's network, forward and backward (the input and
// weight gradients), training mode, on one backend; convolutions of stride 1 also through the
// convolution layer as it was before (legacy-conv1d.ts), whose gradient was three Conv2Ds.
// Prints figures; asserts nothing. Other processes skew wall times, so each figure comes with the
// CPU time this process spent (the best of --repeats) and the load average is printed.
//   node --import tsx test/bench/layers.bench.ts [--preset deep-cnn] [--backend wasm] [--batch 128] [--repeats 3]
import * as tf from '@tensorflow/tfjs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { buildModelSpec } from '../../src-main/core/learn/architectures.ts';
import { selectBackend, type BackendPreference } from '../../src-main/core/learn/backend.ts';
import { conv1d } from '../../src-main/core/learn/convolution.ts';
import { resolveHyperparameters } from '../../src-main/core/learn/hyperparameters.ts';
import { activate, batchNormTraining, dense } from '../../src-main/core/learn/layers.ts';
import type { LayerSpec } from '../../src-main/core/learn/model-layout.ts';
import { Network } from '../../src-main/core/learn/network.ts';
import { Random } from '../../src-main/core/random.ts';
import { legacyConv1d } from './legacy-conv1d.ts';

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'deep-cnn' },
    backend: { type: 'string', default: 'wasm' },
    batch: { type: 'string', default: '128' },
    repeats: { type: 'string', default: '3' },
  },
});
const batch = Number(values.batch);
const repeats = Number(values.repeats);
const choice = await selectBackend(values.backend as BackendPreference);
const random = new Random(1);
const filled = (shape: number[], scale = 1) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (random.nextFloat() * 2 - 1) * scale), shape);

interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

/** The best wall and CPU milliseconds of `repeats` runs of `work`, after one run that warms up. */
function measure(work: () => tf.Tensor | tf.Tensor[]): Timing {
  tf.dispose(work());
  let best: Timing = { wall: Infinity, cpu: Infinity };
  for (let i = 0; i < repeats; i++) {
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const out = work();
    for (const t of Array.isArray(out) ? out : [out]) t.dataSync();
    const wall = performance.now() - wall0;
    const used = process.cpuUsage(cpu0);
    tf.dispose(out);
    best = { wall: Math.min(best.wall, wall), cpu: Math.min(best.cpu, (used.user + used.system) / 1000) };
  }
  return best;
}

type Layer = (x: tf.Tensor, weights: tf.Tensor[]) => tf.Tensor;

/** The layer as a function of its input and weights, or null for layers without work worth timing. */
function layerFunction(spec: LayerSpec, epsilon: number): Layer | null {
  switch (spec.kind) {
    case 'conv1d':
      return (x, [k, b]) => activate(conv1d(x as tf.Tensor3D, k as tf.Tensor2D, b as tf.Tensor1D, spec.kernelSize, spec.stride ?? 1), spec.activation);
    case 'dense':
      return (x, [k, b]) => activate(dense(x as tf.Tensor2D, k as tf.Tensor2D, b as tf.Tensor1D), spec.activation);
    case 'batch-norm':
      return (x, [g, b]) => batchNormTraining(x, g as tf.Tensor1D, b as tf.Tensor1D, epsilon, () => {});
    case 'activation':
      return (x) => activate(x, spec.activation);
    default:
      return null;
  }
}

/** Forward, and backward as (forward and backward) − forward, with a fixed upstream gradient. */
function timeLayer(layer: Layer, x: tf.Tensor, weights: tf.Tensor[], probe: tf.Tensor): { forward: Timing; backward: Timing } {
  const forward = measure(() => tf.tidy(() => layer(x, weights)));
  const both = measure(() => tf.tidy(() => tf.grads((input: tf.Tensor, ...w: tf.Tensor[]) => tf.sum(tf.mul(layer(input, w), probe)))([x, ...weights])));
  return { forward, backward: { wall: Math.max(0, both.wall - forward.wall), cpu: Math.max(0, both.cpu - forward.cpu) } };
}

const format = (t: Timing) => `${t.wall.toFixed(1).padStart(8)} ${t.cpu.toFixed(1).padStart(8)}`;

const h = resolveHyperparameters(values.preset, {}, 471);
const network = new Network(buildModelSpec(h));
console.log(`${values.preset} layers on ${choice.name}, batch ${batch}; ms per batch, best of ${repeats} (wall, CPU); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`${'layer'.padEnd(16)} ${'output'.padEnd(10)} ${'forward: wall      cpu'.padStart(24)} ${'backward: wall      cpu'.padStart(25)}`);
const totals = { forward: 0, backward: 0, convForward: 0, convBackward: 0, sameForward: 0, sameBackward: 0, legacyForward: 0, legacyBackward: 0 };
let inputShape = network.spec.inputShape;
for (const info of network.layers) {
  const layer = layerFunction(info.spec, network.spec.batchNormEpsilon);
  if (layer) {
    const x = filled([batch, ...inputShape]);
    const weights = info.trainable.map((i) => filled([...network.trainableSlots[i].shape], 0.1));
    const probe = filled([batch, ...info.outputShape]);
    const t = timeLayer(layer, x, weights, probe);
    totals.forward += t.forward.cpu;
    totals.backward += t.backward.cpu;
    console.log(`${info.name.padEnd(16)} ${info.outputShape.join('x').padEnd(10)} ${format(t.forward)}     ${format(t.backward)}`);
    const spec = info.spec;
    if (spec.kind === 'conv1d') {
      totals.convForward += t.forward.cpu;
      totals.convBackward += t.backward.cpu;
      if ((spec.stride ?? 1) === 1) {
        totals.sameForward += t.forward.cpu;
        totals.sameBackward += t.backward.cpu;
        const legacy = timeLayer((input, [k, b]) => activate(legacyConv1d(input as tf.Tensor3D, k as tf.Tensor2D, b as tf.Tensor1D, spec.kernelSize), spec.activation), x, weights, probe);
        totals.legacyForward += legacy.forward.cpu;
        totals.legacyBackward += legacy.backward.cpu;
        console.log(`${'  legacy conv1d'.padEnd(27)} ${format(legacy.forward)}     ${format(legacy.backward)}`);
      } else console.log('  legacy conv1d: no strides');
    }
    tf.dispose([x, ...weights, probe]);
  }
  inputShape = info.outputShape;
}
console.log(`all layers, CPU ms: forward ${totals.forward.toFixed(0)}, backward ${totals.backward.toFixed(0)}; convolutions: forward ${totals.convForward.toFixed(0)}, backward ${totals.convBackward.toFixed(0)}`);
if (totals.legacyForward > 0) {
  console.log(
    `stride-1 convolutions, CPU ms: forward ${totals.sameForward.toFixed(0)}, backward ${totals.sameBackward.toFixed(0)}; ` +
      `legacy conv1d: forward ${totals.legacyForward.toFixed(0)}, backward ${totals.legacyBackward.toFixed(0)}`,
  );
}
