import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/core/learn/backend.ts';
import { resolveHyperparameters } from '../../../src-main/core/learn/hyperparameters.ts';
import { TrainingSession } from '../../../src-main/core/learn/train.ts';
import { cachedAugmentationRows, readAugmentation, writeAugmentationPart } from '../../../src-main/core/formats/augmentation-files.ts';
import { readDatasetArrays, type DatasetArrays } from '../../../src-main/core/formats/dataset-files.ts';
import { syntheticCurves, writeSyntheticDataset } from './synthetic-data.ts';

let data: DatasetArrays;
beforeAll(async () => {
  data = await readDatasetArrays(await writeSyntheticDataset(60, 32, 3, 0));
  await selectBackend('cpu');
});

describe('augmentation curves', () => {
  it('are cached in parts and read back as one set, up to the first gap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'augment-'));
    const a = syntheticCurves(5, 32, 1);
    const b = syntheticCurves(3, 32, 2);
    await writeAugmentationPart(dir, 0, a.curves, a.labels);
    await writeAugmentationPart(dir, 5, b.curves, b.labels);
    await writeAugmentationPart(dir, 20, b.curves, b.labels);
    expect(await cachedAugmentationRows(dir)).toBe(8);
    const read = await readAugmentation(dir, 7);
    expect(read.curves.count).toBe(7);
    expect(Array.from(read.labels.subarray(0, 15))).toEqual(Array.from(a.labels.data));
    expect(Array.from(read.labels.subarray(15))).toEqual(Array.from(b.labels.data.subarray(0, 6)));
    expect(Array.from(read.curves.data.subarray(5 * 64))).toEqual(Array.from(Float32Array.from(b.curves.data).subarray(0, 2 * 64)));
    await expect(readAugmentation(dir, 9)).rejects.toThrow(/8 augmentation curves cached, 9 asked for/);
  });

  it('join the training split only: more training rows, the same validation split and scoring scaler', async () => {
    const extra = syntheticCurves(25, 32, 9);
    const open = (augmentCurves: number) =>
      TrainingSession.open({
        hyperparameters: resolveHyperparameters('mlp', { hiddenUnits: [8], epochs: 1, augmentCurves }, 32),
        data,
        checkpointDir: mkdtempSync(join(tmpdir(), 'run-')),
        resume: false,
        augmentation: augmentCurves > 0 ? { curves: extra.curves, labels: extra.labels.data } : null,
      });
    const plain = await open(0);
    const augmented = await open(25);
    expect(plain.trainCount).toBe(54);
    expect(augmented.trainCount).toBe(54 + 25);
    expect(augmented.validationCount).toBe(plain.validationCount);
    const backend = await selectBackend('cpu', () => augmented.probe());
    const [withExtra, without] = [await augmented.run(backend), await plain.run(backend)];
    expect(Array.from(withExtra.validation.indices)).toEqual(Array.from(without.validation.indices));
    expect(withExtra.labelScaler).toEqual(without.labelScaler);
    const missing = TrainingSession.open({ hyperparameters: resolveHyperparameters('mlp', { augmentCurves: 10 }, 32), data, checkpointDir: mkdtempSync(join(tmpdir(), 'run-')), resume: false });
    await expect(missing).rejects.toThrow(/asks for 10 augmentation curves, 0 were given/);
  });
});
