// Study throughput of the trainer pool: the same small study (a fixed trials budget, successive
// halving, the wasm backend: one thread per trainer) with 1 and then 2 trainers, on a copy of the
// demo gauss data set. Prints trials per hour, wall seconds, the owner's CPU seconds and the load
// average; asserts nothing. The trainers' CPU time is in the total of `/usr/bin/time -v` around it.
// Usage: node --import tsx test/bench/pool.bench.ts [--trainers 1,2] [--trials 8] [--presets seed-mlp]
//        [--rungs 2,4] [--backend wasm]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BackendPreference } from '../../src-main/core/learn/backend-names.ts';
import type { PresetName } from '../../src-main/core/learn/presets.ts';
import { seedDemoWorkspace } from '../../src-main/core/workspace/demo-workspace.ts';
import { openWorkspace } from '../../src-main/core/workspace/workspace.ts';

const { values } = parseArgs({
  options: {
    trainers: { type: 'string', default: '1,2' },
    trials: { type: 'string', default: '8' },
    presets: { type: 'string', default: 'seed-mlp' },
    rungs: { type: 'string', default: '2,4' },
    backend: { type: 'string', default: 'wasm' },
  },
});
const trials = Number(values.trials);
const rungs = values.rungs.split(',').map(Number);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

console.log(
  `study: ${trials} trials of ${values.presets}, rungs ${rungs.join(',')}, reduction 2, bracket 4, backend ${values.backend}, on the demo gauss set (600 curves); load average ${load()}`,
);
for (const count of values.trainers.split(',').map(Number)) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pool-'));
  try {
    await seedDemoWorkspace(dir);
    const workspace = await openWorkspace(dir, { trainers: count });
    const dataset = workspace.datasets.list().find((candidate) => candidate.model === 'gauss')!;
    const study = workspace.studies.create({
      datasetId: dataset.id,
      budget: { kind: 'trials', count: trials },
      seed: 1,
      settings: { presets: values.presets.split(',') as PresetName[], rungs, reduction: 2, bracketSize: 4, top: 2, backend: values.backend as BackendPreference },
    });
    const loadBefore = load();
    const cpu = process.cpuUsage();
    const started = performance.now();
    let running = 0;
    let mostAtOnce = 0;
    const done = await workspace.studies.run(study.id, {
      onEvent: (event) => {
        if (event.type === 'trial-started') mostAtOnce = Math.max(mostAtOnce, ++running);
        if (event.type === 'trial-settled') running -= 1;
      },
    });
    const wall = (performance.now() - started) / 1000;
    const owner = process.cpuUsage(cpu);
    const trialRuns = workspace.studies.trials(study.id);
    const backends = new Set(trialRuns.map((trial) => trial.run.backend));
    await workspace.close();
    console.log(
      `${count} trainer(s): study ${done.status}, ${trialRuns.length} trials (${[...backends].join(', ')}), at most ${mostAtOnce} at once; ` +
        `wall ${wall.toFixed(1)} s, ${((trialRuns.length / wall) * 3600).toFixed(0)} trials/hour; ` +
        `owner CPU ${((owner.user + owner.system) / 1e6).toFixed(1)} s; load average ${loadBefore} -> ${load()}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
