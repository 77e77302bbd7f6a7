// The shipped demo against its recipe, bit for bit, and the first-start seeding the server and the
// Electron main share.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoFileName, readDemoArrays, type DemoArrays } from '../../src-main/core/demo/demo-arrays.ts';
import { DEMO_RECIPE_FILE, readDemoRecipe, type DemoRecipe } from '../../src-main/core/demo/demo-recipe.ts';
import { curveLength } from '../../src-main/core/physics/options.ts';
import { drawCurveLabels } from '../../src-main/core/physics/priors.ts';
import { randomStream, STREAM_PURPOSE } from '../../src-main/core/physics/random-streams.ts';
import { simulateLabelledCurves } from '../../src-main/core/physics/simulate-curve.ts';
import { demoResourcesDir } from '../../src-main/core/shipped-resources.ts';
import { DATABASE_FILE } from '../../src-main/core/store/database.ts';
import { DEMO_SEED_RECORD, describeDemoSeed, seedDemoWorkspace } from '../../src-main/core/workspace/demo-workspace.ts';
import { openWorkspace } from '../../src-main/core/workspace/workspace.ts';
import { tinyArrays } from './tiny-dataset.ts';

const DEMO_DIR = demoResourcesDir(undefined);

function temporary(name: string): string {
  return mkdtempSync(join(tmpdir(), `spin-echo-${name}-`));
}

function bytesOf(array: Float32Array | Float64Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** -1 when both arrays hold the same bits, else the first element where they differ (their length when only that differs). */
function firstDifference(actual: Float32Array | Float64Array, expected: Float32Array | Float64Array): number {
  if (actual.BYTES_PER_ELEMENT === expected.BYTES_PER_ELEMENT && bytesOf(actual).equals(bytesOf(expected))) return -1;
  const a = bytesOf(actual);
  const b = bytesOf(expected);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return Math.floor(i / actual.BYTES_PER_ELEMENT);
  return Math.min(actual.length, expected.length);
}

async function shippedDemo(): Promise<{ recipe: DemoRecipe; arrays: DemoArrays[] }> {
  const recipe = await readDemoRecipe(DEMO_DIR);
  const length = curveLength(recipe.options);
  return { recipe, arrays: await Promise.all(recipe.datasets.map((dataset) => readDemoArrays(DEMO_DIR, { ...dataset, length }))) };
}

describe('the shipped demo', () => {
  it('records every simulation option and the run that made it, and has a gauss and an RKKY set with eval curves', async () => {
    const raw = JSON.parse(readFileSync(join(DEMO_DIR, DEMO_RECIPE_FILE), 'utf8')) as { options: unknown };
    const { recipe } = await shippedDemo();
    expect(raw.options).toEqual(recipe.options);
    expect(recipe.datasets.map((dataset) => dataset.kernel).sort()).toEqual(['gauss', 'rkky']);
    for (const dataset of recipe.datasets) expect(dataset.evalCount).toBeGreaterThan(0);
    expect(recipe.generated?.program.version).toMatch(/^\d+\.\d+\.\d+/);
    for (const dataset of recipe.datasets) {
      for (const part of ['model', 'labels', 'eval', 'evalTruth'] as const) {
        expect(recipe.generated?.files[demoFileName(dataset.kernel, part)]?.bytes).toBe(readFileSync(join(DEMO_DIR, demoFileName(dataset.kernel, part))).byteLength);
      }
    }
  });

  it('holds the labels its recipe draws, every one of them exactly', async () => {
    const { recipe, arrays } = await shippedDemo();
    const { priors, dephasingMap } = recipe.options;
    recipe.datasets.forEach((dataset, set) => {
      const expected = (index: number) => {
        const { alpha, xi, d } = drawCurveLabels(randomStream(dataset.seed, STREAM_PURPOSE.labels, index), priors, dephasingMap);
        return [alpha, xi, d];
      };
      const model = Array.from({ length: dataset.modelCount }, (_, row) => expected(row)).flat();
      const evalTruth = Array.from({ length: dataset.evalCount }, (_, row) => expected(dataset.modelCount + row)).flat();
      expect(firstDifference(arrays[set].labels.data, Float64Array.from(model))).toBe(-1);
      expect(firstDifference(arrays[set].evalTruth!.data, Float64Array.from(evalTruth))).toBe(-1);
    });
  });

  it('holds, bit for bit, the curves the simulator makes from the recipe (three model curves and one eval curve per kernel)', async () => {
    const { recipe, arrays } = await shippedDemo();
    const length = curveLength(recipe.options);
    recipe.datasets.forEach((dataset, set) => {
      const plan = { kernel: dataset.kernel, options: recipe.options, seed: dataset.seed };
      const check = (shipped: DemoArrays['model'], labels: Float64Array, row: number, index: number) => {
        const simulated = new Float64Array(length * 2);
        simulateLabelledCurves(plan, index, labels.slice(3 * row, 3 * row + 3), simulated);
        const curve = shipped.data.subarray(row * length * 2, (row + 1) * length * 2);
        expect(firstDifference(curve, Float32Array.from(simulated)), `${dataset.kernel} curve ${index}: first differing sample`).toBe(-1);
      };
      const last = dataset.modelCount - 1;
      for (const row of [0, Math.floor(last / 2), last]) check(arrays[set].model, arrays[set].labels.data, row, row);
      const evalRow = dataset.evalCount - 1;
      check(arrays[set].eval!, arrays[set].evalTruth!.data, evalRow, dataset.modelCount + evalRow);
    });
  });
});

describe('demo seeding at first start', () => {
  it('gives a new workspace both demo data sets with their eval curves and answer keys, once', async () => {
    const dir = join(temporary('demo-ws'), 'workspace');
    const outcome = await seedDemoWorkspace(dir);
    expect(outcome.kind).toBe('seeded');
    expect(describeDemoSeed(outcome)).toMatch(/added the demo data sets Demo gauss, Demo RKKY/);
    const { recipe, arrays } = await shippedDemo();
    expect(JSON.parse(readFileSync(join(dir, DEMO_SEED_RECORD), 'utf8')).datasets).toHaveLength(2);

    const workspace = await openWorkspace(dir);
    try {
      const datasets = workspace.datasets.list();
      expect(datasets.map((dataset) => dataset.model).sort()).toEqual(['RKKY', 'gauss']);
      for (const [set, dataset] of recipe.datasets.entries()) {
        const record = datasets.find((candidate) => candidate.name === dataset.name)!;
        expect(record).toMatchObject({ source: 'demo', modelCount: dataset.modelCount, evalCount: dataset.evalCount, hasEvalTruth: true, length: 471 });
        expect(record.provenance).toMatchObject({ kind: 'demo', seed: dataset.seed, lattice: recipe.options.lattice });
        expect((record.provenance.recipe as { options: unknown }).options).toEqual(recipe.options);
        const stored = await workspace.datasets.loadArrays(record.id);
        expect(firstDifference(stored.model.data, arrays[set].model.data)).toBe(-1);
        expect(firstDifference(stored.eval!.data, arrays[set].eval!.data)).toBe(-1);
        expect(firstDifference(stored.evalTruth!.data, arrays[set].evalTruth!.data)).toBe(-1);
      }
    } finally {
      await workspace.close();
    }
    expect(await seedDemoWorkspace(dir)).toEqual({ kind: 'skipped', reason: 'the workspace already exists' });
  });

  it('leaves a workspace with data sets alone, and an existing empty one too', async () => {
    const filled = temporary('demo-filled');
    const workspace = await openWorkspace(filled);
    const { curves, labels } = tinyArrays(3);
    await workspace.datasets.add({ name: 'mine', model: 'gauss', source: 'simulated', provenance: {}, arrays: { model: curves, labels } });
    await workspace.close();
    const empty = temporary('demo-empty');
    await (await openWorkspace(empty)).close();

    for (const dir of [filled, empty]) {
      const outcome = await seedDemoWorkspace(dir);
      expect(outcome.kind).toBe('skipped');
      expect(describeDemoSeed(outcome)).toBeNull();
      expect(existsSync(join(dir, DEMO_SEED_RECORD))).toBe(false);
    }
    const reopened = await openWorkspace(filled, { readonly: true });
    try {
      expect(reopened.datasets.list().map((dataset) => dataset.name)).toEqual(['mine']);
    } finally {
      await reopened.close();
    }
  });

  it('leaves a new workspace uncreated when the shipped demo is damaged, and says so', async () => {
    const broken = temporary('demo-broken');
    copyFileSync(join(DEMO_DIR, DEMO_RECIPE_FILE), join(broken, DEMO_RECIPE_FILE));
    const { recipe } = await shippedDemo();
    for (const dataset of recipe.datasets) {
      for (const part of ['model', 'labels', 'eval', 'evalTruth'] as const) copyFileSync(join(DEMO_DIR, demoFileName(dataset.kernel, part)), join(broken, demoFileName(dataset.kernel, part)));
    }
    const damaged = join(broken, demoFileName('rkky', 'eval'));
    writeFileSync(damaged, readFileSync(damaged).subarray(0, 1000));
    const dir = join(temporary('demo-ws'), 'workspace');
    const outcome = await seedDemoWorkspace(dir, { resourcesDir: broken });
    expect(outcome.kind).toBe('unavailable');
    expect(describeDemoSeed(outcome)).toMatch(new RegExp(`no demo data sets: the demo file ${damaged} cannot be read`));
    expect(existsSync(join(dir, DATABASE_FILE))).toBe(false);
  });
});
