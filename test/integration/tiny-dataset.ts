// A tiny, deterministic data set made by hand for the workspace tests: smooth curves whose shape
// depends on their labels, so that a small network has something to learn.
import type { CurveSet, LabelSet } from '../../src-main/core/formats/curves.ts';
import type { DatasetRecord } from '../../src-main/core/store/datasets.ts';
import type { StudySettings } from '../../src-main/core/workspace/studies.ts';
import type { Workspace } from '../../src-main/core/workspace/workspace.ts';

export const TINY_LENGTH = 471;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function tinyArrays(count: number, seed = 1): { curves: CurveSet; labels: LabelSet } {
  const random = lcg(seed);
  const labels = new Float64Array(count * 3);
  const data = new Float64Array(count * TINY_LENGTH * 2);
  for (let c = 0; c < count; c++) {
    const alpha = 20 * random();
    const xi = 3.5 + 10 * random();
    const d = 6 + 4 * random();
    labels.set([alpha, xi, d], c * 3);
    for (let t = 0; t < TINY_LENGTH; t++) {
      const decay = Math.exp(-t / (40 * d));
      data[(c * TINY_LENGTH + t) * 2] = 0.5 * decay * Math.cos((alpha * t) / 400);
      data[(c * TINY_LENGTH + t) * 2 + 1] = -0.5 * decay * Math.sin((xi * t) / 400);
    }
  }
  return { curves: { count, length: TINY_LENGTH, data }, labels: { count, data: labels } };
}

/** Small, fast training settings for the seed MLP preset. */
export const TINY_OVERRIDES = {
  hiddenUnits: [8, 8],
  activations: ['relu'],
  batchSize: 16,
  validationFraction: 0.25,
} as const;

/** Study settings of tiny networks, one and two epochs per rung: a trial takes about a second. */
export const TINY_STUDY_SETTINGS = {
  presets: ['mlp', 'seed-mlp'],
  rungs: [1, 2],
  reduction: 2,
  bracketSize: 3,
  top: 2,
  fixed: { hiddenUnits: [8], activations: ['relu'], batchSize: 16, validationFraction: 0.25 },
  backend: 'cpu',
} satisfies Partial<StudySettings>;

/** Stores a tiny data set (gauss unless said) in `workspace`: 48 model curves, and 12 eval curves with their answer key. */
export function addTinyDataset(workspace: Workspace, modelSeed: number, evalSeed: number, kernel: 'gauss' | 'RKKY' = 'gauss'): Promise<DatasetRecord> {
  const model = tinyArrays(48, modelSeed);
  const evaluation = tinyArrays(12, evalSeed);
  return workspace.datasets.add({
    name: kernel === 'gauss' ? 'tiny' : `tiny ${kernel}`,
    model: kernel,
    source: 'demo',
    provenance: { made: 'by hand in the test' },
    arrays: { model: model.curves, labels: model.labels, eval: evaluation.curves, evalTruth: evaluation.labels },
  });
}
