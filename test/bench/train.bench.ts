// Seconds per training epoch of each preset with its own defaults (network, batch size, optimiser)
// on every TensorFlow.js backend this machine can run, on a small synthetic data set of full
// curves. Prints figures; asserts nothing. Other processes skew wall times, so every epoch comes
// with the CPU time this process spent on it, and the load average is printed.
// Usage: node --import tsx test/bench/train.bench.ts [--backends wasm,cpu] [--epochs 2]
//        [--presets seed-mlp,mlp,cnn1d,deep-cnn] [--curves 200]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BACKEND_NAMES, selectBackend, type BackendName } from '../../src-main/core/learn/backend.ts';
import { resolveHyperparameters } from '../../src-main/core/learn/hyperparameters.ts';
import { PRESET_NAMES } from '../../src-main/core/learn/presets.ts';
import { TrainingSession } from '../../src-main/core/learn/train.ts';
import { readDatasetArrays } from '../../src-main/core/formats/dataset-files.ts';
import { writeSyntheticDataset } from '../unit/learn/synthetic-data.ts';

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: BACKEND_NAMES.join(',') },
    presets: { type: 'string', default: PRESET_NAMES.join(',') },
    epochs: { type: 'string', default: '2' },
    curves: { type: 'string', default: '200' },
  },
});
const epochs = Number(values.epochs);
const backends = values.backends.split(',') as BackendName[];
const presets = values.presets.split(',');

// Split 90/10 as every preset does: 180 training curves by default.
const datasetDir = await writeSyntheticDataset(Number(values.curves), 471, 1);
const data = await readDatasetArrays(datasetDir);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`data: ${data.model.count} curves x ${data.header.length} samples; ${epochs} epoch(s) per measurement; load average ${load()}`);

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
      const cpuSeconds: number[] = [];
      let cpu = process.cpuUsage();
      await session.run(backend, {
        onEpoch: (_, m) => {
          const used = process.cpuUsage(cpu);
          cpu = process.cpuUsage();
          seconds.push(m.seconds);
          cpuSeconds.push((used.user + used.system) / 1e6);
        },
      });
      const steps = Math.ceil(session.trainCount / hyperparameters.batchSize);
      const best = Math.min(...seconds);
      const bestCpu = Math.min(...cpuSeconds);
      console.log(
        `${preset} on ${wanted}: ${seconds.map((s) => s.toFixed(2)).join(', ')} s/epoch (CPU ${cpuSeconds.map((s) => s.toFixed(2)).join(', ')} s); ` +
          `best ${best.toFixed(2)} s = ${((best / steps) * 1000).toFixed(0)} ms/step over ${steps} steps of ${hyperparameters.batchSize}, ` +
          `${(session.trainCount / best).toFixed(0)} curves/s (CPU: ${(session.trainCount / bestCpu).toFixed(0)} curves/s), ` +
          `${session.network.parameterCount.total} weights; load average ${load()}`,
      );
    } catch (error) {
      console.log(`${preset} on ${wanted}: failed: ${(error as Error).message}`);
    } finally {
      rmSync(checkpointDir, { recursive: true, force: true });
    }
  }
}
rmSync(datasetDir, { recursive: true, force: true });
