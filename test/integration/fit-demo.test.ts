// Fit by simulation on the demo workspace through the workbench: a demo curve is fitted with the
// demo's own recipe and lands within 5% of the labels' ranges of its truth, from a start outside that.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, type CallResult, type EventPayload } from '../../src-main/core/api/contract.ts';
import { Workbench } from '../../src-main/core/workbench/workbench.ts';
import { seedDemoWorkspace } from '../../src-main/core/workspace/demo-workspace.ts';

type Dataset = CallResult<'listDatasets'>[number];

let root: string;
let workbench: Workbench;
let demo: Dataset;

function finished(jobId: string): Promise<EventPayload<'jobFinished'>> {
  return new Promise((resolve) => {
    const stop = workbench.onEvent((event) => {
      if (event.name === 'jobFinished' && event.payload.jobId === jobId) {
        stop();
        resolve(event.payload);
      }
    });
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'spin-echo-fit-demo-'));
  const workspaceDir = join(root, 'workspace');
  expect((await seedDemoWorkspace(workspaceDir)).kind).toBe('seeded');
  workbench = await Workbench.open({ workspaceDir, mode: 'browser' });
  demo = (await workbench.listDatasets()).find((dataset) => dataset.name === 'Demo gauss')!;
});

afterAll(async () => {
  await workbench?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('fit by simulation on the demo data sets', () => {
  it("uses the demo's recipe: lattice, detuning and the data set's seed", async () => {
    const recipe = await workbench.describeFitRecipe(calls.describeFitRecipe.args.parse({ datasetId: demo.id }));
    expect(recipe).toMatchObject({ known: true, kernel: 'gauss', seed: 101, lattice: 100, detuning: 'per-dataset', from: expect.stringMatching(/demo recipe/) });
  });

  it('recovers alpha and d of a demo curve within 5% of their ranges, from a start outside that', async () => {
    // Model curve 20: alpha 8.94, xi 5.72, d 8.27. A start off by 2.5 in alpha (12.5% of its range),
    // 30% in xi and 0.8 in d (12% of the labels' range); 24 simulations at L = 100 take 2 to 4 s of CPU.
    const curveIndex = 20;
    const { labels } = await workbench.getCurves({ datasetId: demo.id, split: 'model', indices: [curveIndex] });
    const truth = { alpha: labels![0], xi: labels![1], d: labels![2] };
    const start = { alpha: truth.alpha + 2.5, xi: truth.xi * 1.3, d: truth.d + 0.8 };
    const { jobId } = await workbench.fitCurve(calls.fitCurve.args.parse({ datasetId: demo.id, curveIndex, start, maxEvaluations: 24 }));
    expect((await finished(jobId)).outcome).toBe('done');
    const outcome = await workbench.getFitResult({ jobId });
    const ranges = { alpha: 20, d: demo.labelStats.d.max - demo.labelStats.d.min };
    expect(Math.abs(start.alpha - truth.alpha)).toBeGreaterThan(0.05 * ranges.alpha);
    expect(Math.abs(start.d - truth.d)).toBeGreaterThan(0.05 * ranges.d);
    expect(outcome.truth).toEqual(truth);
    expect(Math.abs(outcome.fit.alpha - truth.alpha)).toBeLessThan(0.05 * ranges.alpha);
    expect(Math.abs(outcome.fit.d - truth.d)).toBeLessThan(0.05 * ranges.d);
    expect(outcome.fit.distance).toBeLessThan(outcome.start.distance);
    expect(outcome.recipe).toMatchObject({ known: true, seed: 101, lattice: 100 });
    // The demo's recipe reproduces its curve up to float32 rounding: the truth's distance is near zero.
    expect(outcome.truthDistance!).toBeLessThan(1e-8);
  });
});
