import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset } from '../../src-main/core/workspace/generate-dataset.ts';
import { resolveSimulationOptions } from '../../src-main/core/physics/options.ts';
import { drawCurveLabels } from '../../src-main/core/physics/priors.ts';
import { randomStream, STREAM_PURPOSE } from '../../src-main/core/physics/random-streams.ts';
import { simulateCurve } from '../../src-main/core/physics/simulate-curve.ts';
import { cachedAugmentationRows, readAugmentation } from '../../src-main/core/formats/augmentation-files.ts';
import type { DatasetRecord } from '../../src-main/core/store/datasets.ts';
import type { WorkspaceEvent } from '../../src-main/core/workspace/workspace-events.ts';
import { openWorkspace, type Workspace } from '../../src-main/core/workspace/workspace.ts';
import { tinyArrays, TINY_OVERRIDES } from './tiny-dataset.ts';

// A 16 x 16 lattice simulates a curve in milliseconds.
const LATTICE = 16;
const SEED = 21;
let workspace: Workspace;
let simulated: DatasetRecord;
const events: WorkspaceEvent[] = [];

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'spin-echo-augment-'));
  workspace = await openWorkspace(join(root, 'workspace'));
  workspace.subscribe((event) => events.push(event));
  const generated = await generateDataset({
    kernel: 'gauss',
    seed: SEED,
    outDir: join(root, 'set'),
    source: { kind: 'priors', modelCount: 40, evalCount: 8 },
    options: { lattice: LATTICE },
    workers: 1,
    collect: 'float32',
  });
  simulated = await workspace.datasets.registerSimulated(generated);
});

afterAll(async () => {
  await workspace?.close();
});

function augmentProgress(runId: string): number[] {
  return events.flatMap((event) => (event.type === 'job-progress' && event.jobId === `augment-${runId}` ? [event.progress.total] : []));
}

describe('simulation-augmented training', () => {
  it("simulates further curves of the data set's recipe once, caches them, and trains with them", async () => {
    const train = (augmentCurves: number) =>
      workspace.runs.train({ datasetId: simulated.id, preset: 'seed-mlp', overrides: { ...TINY_OVERRIDES, augmentCurves }, epochs: 1, backend: 'cpu' });
    const first = await train(30);
    expect((await first.settled).status).toBe('finished');
    expect(new Set(augmentProgress(first.run.id))).toEqual(new Set([30]));

    // The cached curves continue the generator: curve k is the data set's curve 40 + 8 + k.
    const options = resolveSimulationOptions({ lattice: LATTICE });
    const dir = join(workspace.dir, 'augment');
    const [key] = readdirSync(dir);
    const cached = await readAugmentation(join(dir, key), 30);
    for (const k of [0, 29]) {
      const labels = drawCurveLabels(randomStream(SEED, STREAM_PURPOSE.labels, 48 + k), options.priors, options.dephasingMap);
      expect(Array.from(cached.labels.subarray(3 * k, 3 * k + 3))).toEqual([labels.alpha, labels.xi, labels.d]);
      const curve = simulateCurve('gauss', labels.alpha, labels.xi, labels.d, { lattice: LATTICE, seed: SEED, curveIndex: 48 + k }).data;
      expect(Array.from(cached.curves.data.subarray(k * 942, (k + 1) * 942))).toEqual(Array.from(Float32Array.from(curve)));
    }

    // A second run asking for more simulates only what is missing.
    const second = await train(45);
    expect((await second.settled).status).toBe('finished');
    expect(new Set(augmentProgress(second.run.id))).toEqual(new Set([15]));
    const third = await train(45);
    expect((await third.settled).status).toBe('finished');
    expect(augmentProgress(third.run.id)).toEqual([]);
  });

  it('is refused, before any row exists, for a data set without a recipe', async () => {
    const arrays = tinyArrays(24, 3);
    const handmade = await workspace.datasets.add({ name: 'handmade', model: 'gauss', source: 'demo', provenance: { made: 'by hand' }, arrays: { model: arrays.curves, labels: arrays.labels } });
    const before = workspace.runs.list().length;
    await expect(workspace.runs.create({ datasetId: handmade.id, preset: 'seed-mlp', overrides: { ...TINY_OVERRIDES, augmentCurves: 10 } })).rejects.toThrow(/no known simulation recipe/);
    expect(workspace.runs.list()).toHaveLength(before);
  });

  it('can be cancelled while the curves are simulated, keeping the parts already done', async () => {
    const { run, settled } = await workspace.runs.train({ datasetId: simulated.id, preset: 'seed-mlp', overrides: { ...TINY_OVERRIDES, augmentCurves: 3000 }, epochs: 1, backend: 'cpu' });
    const stop = workspace.subscribe((event) => {
      if (event.type === 'job-progress' && event.jobId === `augment-${run.id}` && event.progress.done >= 520) {
        stop();
        workspace.runs.cancel(run.id);
      }
    });
    const final = await settled;
    expect(final.status).toBe('cancelled');
    expect(final.errorMessage).toMatch(/augmentation/);
    const [key] = readdirSync(join(workspace.dir, 'augment'));
    const rows = await cachedAugmentationRows(join(workspace.dir, 'augment', key));
    expect(rows).toBeGreaterThanOrEqual(545);
    expect(rows).toBeLessThan(3000);
  });
});
