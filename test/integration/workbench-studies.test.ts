// The study and ensemble calls through the WebSocket bridge: a tiny study started, told as studyState
// events until it ends, read back with its trials, best-so-far curve and top runs; stopped and
// resumed where it was; ensembles of chosen runs and of a study's top k; and the refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMessage, Study } from '../../src-main/core/api/contract.ts';
import { openWorkspace } from '../../src-main/core/workspace/workspace.ts';
import type { WsClient } from '../support/ws-client.ts';
import { addTinyDataset, TINY_STUDY_SETTINGS } from './tiny-dataset.ts';
import { openWorkbenchBridge, type WorkbenchBridge } from './workbench-bridge.ts';

let bridge: WorkbenchBridge;
let datasetId: string;
let client: WsClient;

type StudyEvent = Extract<EventMessage, { name: 'studyState' }>;
const studyState = (studyId: string, test: (study: Study) => boolean) => (event: EventMessage): event is StudyEvent =>
  event.name === 'studyState' && event.payload.study.id === studyId && test(event.payload.study);

beforeAll(async () => {
  bridge = await openWorkbenchBridge('spin-echo-workbench-studies-', async (workspaceDir) => {
    const workspace = await openWorkspace(workspaceDir);
    datasetId = (await addTinyDataset(workspace, 5, 6)).id;
    await workspace.close();
  });
  client = bridge.client;
});

afterAll(() => bridge?.close());

describe('study calls', () => {
  it('refuses a budget of both kinds, an empty one, an unknown preset and a running study resumed', async () => {
    const both = await client.send('startStudy', { datasetId, budget: { minutes: 1, trials: 2 } as never });
    expect(both.ok || both.error.kind).toBe('input');
    const none = await client.send('startStudy', { datasetId, budget: { trials: 0 } });
    expect(none.ok || none.error.kind).toBe('input');
    const unknown = await client.send('startStudy', { datasetId, budget: { trials: 1 }, presets: ['no-such-preset'] });
    expect(unknown.ok || unknown.error).toMatchObject({ kind: 'input', message: expect.stringContaining('no-such-preset') });
    const fewRuns = await client.send('createEnsemble', { runIds: ['run-1'] });
    expect(fewRuns.ok || fewRuns.error.kind).toBe('input');
    expect(await client.call('listStudies', {})).toEqual([]);
  });

  it('runs a study to its end, told by events, with its trials, best so far, top runs and default ensemble', async () => {
    const started = await client.call('startStudy', { datasetId, budget: { trials: 3 }, seed: 4, ...TINY_STUDY_SETTINGS });
    expect(started).toMatchObject({ datasetId, status: 'running', budget: { trials: 3 }, seed: 4, trialCount: 0, bestValPerElement: null });
    expect(started.settings).toMatchObject({ presets: ['mlp', 'seed-mlp'], rungs: [1, 2], top: 2, fixed: TINY_STUDY_SETTINGS.fixed });
    const ended = await client.waitFor(studyState(started.id, (study) => study.status !== 'running'));
    expect(ended.payload.study.status).toBe('finished');
    // Trials were told as they settled, before the end.
    const counts = client.events.filter(studyState(started.id, () => true)).map((event) => event.payload.study.trialCount);
    expect(counts).toContain(1);

    const { study, trials, bestSoFar, top } = await client.call('getStudy', { studyId: started.id });
    expect(trials.map((trial) => trial.trial)).toEqual([0, 1, 2]);
    expect(trials.every((trial) => trial.run.status === 'finished' && trial.run.tags.includes(`study:${started.id}`))).toBe(true);
    expect(study.trialCount).toBe(3);
    expect(bestSoFar.length).toBeGreaterThan(0);
    bestSoFar.slice(1).forEach((point, i) => expect(point.valPerElement).toBeLessThan(bestSoFar[i].valPerElement));
    expect(study.bestValPerElement).toBe(bestSoFar.at(-1)!.valPerElement);
    expect(top).toHaveLength(2);
    const scores = trials.map((trial) => trial.run.valPerElement!).sort((a, b) => a - b);
    expect(top.map((run) => run.valPerElement)).toEqual(scores.slice(0, 2));
    expect((await client.call('getStudy', { studyId: started.id, top: 1 })).top.map((run) => run.id)).toEqual([top[0].id]);
    expect(study.ensembleRunId).not.toBeNull();
    expect((await client.call('listStudies', {})).map((each) => each.id)).toEqual([started.id]);

    // An ensemble of chosen runs, then of the study's top k, which becomes the study's ensemble.
    const chosen = await client.call('createEnsemble', { runIds: [trials[0].run.id, trials[1].run.id] });
    expect(chosen).toMatchObject({ preset: 'ensemble', status: 'finished', datasetId, hyperparameters: { members: [trials[0].run.id, trials[1].run.id] } });
    expect(chosen.valPerElement).toBeGreaterThan(0);
    const ofStudy = await client.call('createEnsemble', { studyId: started.id, top: 2 });
    expect(ofStudy.hyperparameters.candidates).toEqual(top.map((run) => run.id));
    expect((ofStudy.hyperparameters.members as string[])[0]).toBe(top[0].id);
    expect((await client.call('getStudy', { studyId: started.id })).study.ensembleRunId).toBe(ofStudy.id);
  });

  it('stops a study where it was and resumes it with a new budget', async () => {
    const started = await client.call('startStudy', { datasetId, budget: { trials: 50 }, seed: 9, ...TINY_STUDY_SETTINGS });
    await client.waitFor(studyState(started.id, (study) => study.trialCount >= 2));
    const stopped = await client.call('stopStudy', { studyId: started.id });
    expect(stopped.status).toBe('stopped');
    const again = await client.send('stopStudy', { studyId: started.id });
    expect(again.ok || again.error.kind).toBe('input');
    const before = await client.call('getStudy', { studyId: started.id });
    expect(before.trials.some((trial) => trial.run.status === 'running' || trial.run.status === 'queued')).toBe(false);

    const told = client.events.length;
    const resumed = await client.call('resumeStudy', { studyId: started.id, budget: { trials: before.trials.length + 1 } });
    expect(resumed).toMatchObject({ status: 'running', budget: { trials: before.trials.length + 1 } });
    const twice = await client.send('resumeStudy', { studyId: started.id });
    expect(twice.ok || twice.error.kind).toBe('input');
    const ended = await client.waitFor(studyState(started.id, (study) => study.status !== 'running' && client.events.findIndex((event) => event.name === 'studyState' && event.payload.study === study) >= told));
    expect(ended.payload.study).toMatchObject({ status: 'finished', trialCount: before.trials.length + 1 });
    // The trials drawn before the stop are kept, in their order, and one more was drawn.
    const after = await client.call('getStudy', { studyId: started.id });
    expect(after.trials.slice(0, before.trials.length).map((trial) => trial.run.id)).toEqual(before.trials.map((trial) => trial.run.id));
  });
});
