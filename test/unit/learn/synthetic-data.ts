// Small synthetic data sets for the learning tests: curves that depend smoothly on (alpha, xi, d),
// so that a network can learn them, written as a stored data set directory.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '../../../src-main/core/random.ts';
import { writeDatasetArrays } from '../../../src-main/core/formats/dataset-files.ts';
import type { CurveSet, LabelSet } from '../../../src-main/core/formats/curves.ts';

export function syntheticCurves(count: number, length: number, seed: number): { curves: CurveSet; labels: LabelSet } {
  const random = new Random(seed);
  const data = new Float32Array(count * length * 2);
  const labels = new Float64Array(count * 3);
  for (let c = 0; c < count; c++) {
    const alpha = 20 * random.nextFloat();
    const xi = 3.5 + 20 * random.nextFloat();
    const d = 6 + 4 * random.nextFloat();
    labels.set([alpha, xi, d], c * 3);
    const gamma = 2.5 * 10 ** (-d / 2);
    for (let k = 0; k < length; k++) {
      const envelope = 0.5 * Math.exp(-gamma * 2 * (k + 1)) * Math.exp(-(((k - 0.66 * length) / (0.02 * length * xi)) ** 2));
      data[(c * length + k) * 2] = envelope * Math.cos(0.02 * alpha * k) + 0.002 * (random.nextFloat() - 0.5);
      data[(c * length + k) * 2 + 1] = -envelope * Math.sin(0.02 * alpha * k) + 0.002 * (random.nextFloat() - 0.5);
    }
  }
  return { curves: { count, length, data }, labels: { count, data: labels } };
}

/** Writes a synthetic data set (with eval curves and their truth) into a fresh temporary directory. */
export async function writeSyntheticDataset(count: number, length: number, seed: number, evalCount = 0): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'learn-data-'));
  const model = syntheticCurves(count, length, seed);
  const evaluation = evalCount > 0 ? syntheticCurves(evalCount, length, seed + 1) : null;
  await writeDatasetArrays(dir, { model: model.curves, labels: model.labels, eval: evaluation?.curves ?? null, evalTruth: evaluation?.labels ?? null });
  return dir;
}
