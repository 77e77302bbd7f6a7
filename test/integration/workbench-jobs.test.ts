// One job system: a run's augmentation curves are a job of the workspace's registry, so the UI sees
// it as any other (listed, with progress events and an end) and its cancel cancels the run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventMessage } from '../../src-main/core/api/contract.ts';
import { Workbench } from '../../src-main/core/workbench/workbench.ts';
import { TINY_OVERRIDES } from './tiny-dataset.ts';

let root: string;
let workbench: Workbench;
const events: EventMessage[] = [];

/** Resolves with the first event that `matches`, among those already seen or yet to come. */
function eventWhere(matches: (event: EventMessage) => boolean): Promise<EventMessage> {
  const seen = events.find(matches);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => {
    const stop = workbench.onEvent((event) => {
      if (!matches(event)) return;
      stop();
      resolve(event);
    });
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'spin-echo-jobs-'));
  workbench = await Workbench.open({ workspaceDir: join(root, 'workspace'), mode: 'browser' });
  workbench.onEvent((event) => events.push(event));
});

afterAll(async () => {
  await workbench?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the workbench jobs', () => {
  it("lists a run's augmentation as a job with progress, and cancelling that job cancels the run", async () => {
    const { jobId: simulation } = await workbench.simulateDataset({ model: 'gauss', name: 'small', seed: 3, modelCount: 40, evalCount: 0, settings: { lattice: 16 } });
    const simulated = await eventWhere((event) => event.name === 'jobFinished' && event.payload.jobId === simulation);
    expect(simulated.payload).toMatchObject({ kind: 'simulate', outcome: 'done' });
    const [dataset] = await workbench.listDatasets();

    const run = await workbench.startRun({ datasetId: dataset.id, preset: 'seed-mlp', overrides: { ...TINY_OVERRIDES, augmentCurves: 5000 }, epochs: 1, backend: 'cpu' });
    const jobId = `augment-${run.id}`;
    await eventWhere((event) => event.name === 'jobProgress' && event.payload.jobId === jobId);
    expect(await workbench.listJobs()).toContainEqual(expect.objectContaining({ jobId, kind: 'augment', total: 5000 }));

    expect(await workbench.cancelJob({ jobId })).toEqual({ cancelled: true });
    const finished = await eventWhere((event) => event.name === 'jobFinished' && event.payload.jobId === jobId);
    expect(finished.payload).toMatchObject({ kind: 'augment', outcome: 'cancelled' });
    const state = await eventWhere((event) => event.name === 'runState' && event.payload.run.id === run.id && event.payload.run.status === 'cancelled');
    expect(state.payload).toMatchObject({ run: { errorMessage: expect.stringMatching(/augmentation/) } });
    expect(await workbench.listJobs()).toEqual([]);
  });

  it('reports an export as a job too', async () => {
    await expect(workbench.exportSubmission({ outDir: join(root, 'out'), gauss: 'best' })).rejects.toThrow();
    const finished = await eventWhere((event) => event.name === 'jobFinished' && event.payload.kind === 'export');
    expect(finished.payload).toMatchObject({ outcome: 'failed', message: expect.stringMatching(/gauss/) });
  });
});
