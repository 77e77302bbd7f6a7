// Seconds per training epoch of seed-mlp (5400 training curves x 400 inputs, batch 32) and of the
// cnn1d preset (full curve, 3 channels), on every TensorFlow.js backend this machine can run.
// Usage: node --import tsx test/bench/train.bench.ts [--backends wasm,cpu] [--epochs 2] [--presets seed-mlp,cnn1d]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BACKEND_NAMES, selectBackend, type BackendName } from '../../src-main/core/learn/backend.ts';
import { resolveHyperparameters } from '../../src-main/core/learn/hyperparameters.ts';
import { TrainingSession } from '../../src-main/core/learn/train.ts';
import { readDatasetArrays } from '../../src-main/core/store/dataset-files.ts';
import { writeSyntheticDataset } from '../unit/learn/synthetic-data.ts';

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: BACKEND_NAMES.join(',') },
    presets: { type: 'string', default: 'seed-mlp,cnn1d' },
    epochs: { type: 'string', default: '2' },
  },
});
const epochs = Number(values.epochs);
const backends = values.backends.split(',') as BackendName[];
const presets = values.presets.split(',');

// 6000 curves of 471 samples, split 90/10 as in the notebook: 5400 training curves.
const datasetDir = await writeSyntheticDataset(6000, 471, 1);
const data = await readDatasetArrays(datasetDir);
console.log(`data: ${data.model.count} curves x ${data.header.length} samples; ${epochs} epoch(s) per measurement`);

for (const preset of presets) {
  for (const wanted of backends) {
    const checkpointDir = mkdtempSync(join(tmpdir(), 'bench-train-'));
    try {
      const hyperparameters = resolveHyperparameters(preset, { epochs, earlyStopping: false }, data.header.length);
      const session = await TrainingSession.open({ hyperparameters, data, checkpointDir, resume: false });
      const backend = await selectBackend(wanted, () => session.probe());
      if (backend.name !== wanted) {
        console.log(`${preset} on ${wanted}: unavailable (${backend.notes.filter((note) => note.startsWith(wanted)).join('; ')})`);
        continue;
      }
      const seconds: number[] = [];
      await session.run(backend, { onEpoch: (_, m) => seconds.push(m.seconds) });
      const steps = Math.ceil(session.trainCount / hyperparameters.batchSize);
      const best = Math.min(...seconds);
      console.log(
        `${preset} on ${wanted}: ${seconds.map((s) => s.toFixed(2)).join(', ')} s/epoch ` +
          `(best ${best.toFixed(2)} s = ${((best / steps) * 1000).toFixed(1)} ms/step over ${steps} steps, ` +
          `${(session.trainCount / best).toFixed(0)} curves/s, ${session.network.parameterCount.total} weights)`,
      );
    } catch (error) {
      console.log(`${preset} on ${wanted}: failed: ${(error as Error).message}`);
    } finally {
      rmSync(checkpointDir, { recursive: true, force: true });
    }
  }
}
rmSync(datasetDir, { recursive: true, force: true });
