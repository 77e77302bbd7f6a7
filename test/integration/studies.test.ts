import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRESETS } from '../../src-main/core/learn/presets.ts';
import type { DatasetRecord } from '../../src-main/core/store/datasets.ts';
import type { StudyEvent } from '../../src-main/core/workspace/studies.ts';
import { openWorkspace, type Workspace } from '../../src-main/core/workspace/workspace.ts';
import { addTinyDataset, TINY_STUDY_SETTINGS } from './tiny-dataset.ts';

const CLI = fileURLToPath(new URL('../../bin/spin-echo.mjs', import.meta.url));

let workspaceDir: string;
let workspace: Workspace;
let dataset: DatasetRecord;

beforeAll(async () => {
  workspaceDir = mkdtempSync(join(tmpdir(), 'spin-echo-study-'));
  workspace = await openWorkspace(workspaceDir);
  dataset = await addTinyDataset(workspace, 5, 6);
});

afterAll(async () => {
  await workspace?.close();
});

function epochsOf(ws: Workspace, runId: string): number[] {
  return ws.runs.show(runId).epochs.map((epoch) => epoch.epoch);
}

describe('studies', () => {
  it('draw, promote the best of each bracket, extend the promoted runs, and end with an ensemble of the top k', async () => {
    const study = workspace.studies.create({ datasetId: dataset.id, budget: { kind: 'trials', count: 5 }, seed: 2, settings: TINY_STUDY_SETTINGS });
    const events: StudyEvent[] = [];
    const final = await workspace.studies.run(study.id, { onEvent: (event) => events.push(event) });
    expect(final.status).toBe('finished');
    const trials = workspace.studies.trials(study.id);
    expect(trials.map((t) => [t.trial, t.bracket])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 1],
      [4, 1],
    ]);
    expect(trials.every((t) => t.run.status === 'finished' && t.run.tags.includes(`study:${study.id}`))).toBe(true);
    // The presets' defaults come first, one trial each; then the draws.
    expect(trials.slice(0, 2).map((t) => t.run.preset)).toEqual(['mlp', 'seed-mlp']);
    for (const t of trials.slice(0, 2)) {
      const defaults: Record<string, unknown> = PRESETS[t.run.preset as 'mlp' | 'seed-mlp'].defaults;
      expect(t.run.hyperparameters).toMatchObject({ learningRate: defaults.learningRate, optimizer: defaults.optimizer, batchSize: 16, earlyStopping: false });
    }
    expect(trials.slice(2).every((t) => t.run.hyperparameters.learningRate !== PRESETS.mlp.defaults.learningRate)).toBe(true);
    // Bracket 0: 3 trials keep floor(3/2) = 1; bracket 1, cut short by the budget: 2 keep 1.
    const rungOne = trials.filter((t) => t.rung === 1);
    expect(rungOne.map((t) => t.bracket)).toEqual([0, 1]);
    const promotions = events.filter((e) => e.type === 'promoted');
    expect(promotions.map((e) => e.type === 'promoted' && e.runIds.length)).toEqual([1, 1]);
    // The promoted trial had the best first-rung score of its bracket, and continued where it was.
    const bestSoFar = workspace.studies.bestSoFar(study.id);
    for (const promoted of rungOne) {
      const scores = trials.filter((t) => t.bracket === promoted.bracket).map((t) => firstScore(events, t.runId));
      expect(Math.min(...scores)).toBe(firstScore(events, promoted.runId));
      expect(promoted.run.epochs).toBe(2);
      expect(epochsOf(workspace, promoted.runId)).toEqual([1, 2]);
    }
    for (const t of trials.filter((t) => t.rung === 0)) expect(t.run.epochs).toBe(1);
    // Best so far only falls, in study time that only grows.
    bestSoFar.slice(1).forEach((point, i) => {
      expect(point.valPerElement).toBeLessThan(bestSoFar[i].valPerElement);
      expect(point.elapsedSeconds).toBeGreaterThanOrEqual(bestSoFar[i].elapsedSeconds);
    });
    expect(final.elapsedSeconds).toBeGreaterThan(0);
    const top = workspace.studies.top(study.id);
    expect(top).toHaveLength(2);
    expect(top[0].valPerElement!).toBeLessThanOrEqual(top[1].valPerElement!);
    expect(top[0].valPerElement).toBe(bestSoFar.at(-1)!.valPerElement);
    const ensemble = workspace.runs.get(final.ensembleRunId!);
    // The top k are the candidates; greedy selection keeps the best and those that improve on it.
    expect(ensemble).toMatchObject({ preset: 'ensemble', status: 'finished', hyperparameters: { candidates: top.map((run) => run.id) } });
    const members = ensemble.hyperparameters.members as string[];
    expect(members[0]).toBe(top[0].id);
    expect(members.every((id) => top.some((run) => run.id === id))).toBe(true);
    expect(ensemble.valPerElement!).toBeLessThanOrEqual(top[0].valPerElement!);

    // Running a finished study with nothing left in its budget changes nothing.
    const again = await workspace.studies.run(study.id);
    expect(again).toMatchObject({ status: 'finished', ensembleRunId: final.ensembleRunId });
    expect(workspace.studies.trials(study.id)).toHaveLength(5);
  });

  it('stop on request, cancelling the trial in training, and resume it under the same run', async () => {
    const study = workspace.studies.create({ datasetId: dataset.id, budget: { kind: 'trials', count: 2 }, seed: 3, settings: { ...TINY_STUDY_SETTINGS, rungs: [3, 4] } });
    const controller = new AbortController();
    const stopped = await workspace.studies.run(study.id, {
      signal: controller.signal,
      onEvent: (event) => event.type === 'trial-started' && controller.abort(),
    });
    expect(stopped.status).toBe('stopped');
    const [first] = workspace.studies.trials(study.id);
    expect(first.run.status).toBe('cancelled');
    const events: StudyEvent[] = [];
    const final = await workspace.studies.run(study.id, { onEvent: (event) => events.push(event) });
    expect(final.status).toBe('finished');
    expect(events[0]).toMatchObject({ type: 'trial-started', runId: first.runId, action: 'resume' });
    const trials = workspace.studies.trials(study.id);
    expect(trials.map((t) => t.trial)).toEqual([0, 1]);
    expect(trials.every((t) => t.run.status === 'finished')).toBe(true);
  });

  it('with a time budget, stop training when the time is spent and still make their ensemble', async () => {
    const study = workspace.studies.create({ datasetId: dataset.id, budget: { kind: 'time', seconds: 2.5 }, seed: 7, settings: { ...TINY_STUDY_SETTINGS, rungs: [2, 50] } });
    const final = await workspace.studies.run(study.id);
    expect(final.status).toBe('finished');
    expect(final.elapsedSeconds).toBeGreaterThanOrEqual(2.5);
    expect(final.elapsedSeconds).toBeLessThan(15);
    const statuses = workspace.studies.trials(study.id).map((t) => t.run.status);
    expect(statuses.filter((status) => status !== 'finished' && status !== 'cancelled')).toEqual([]);
    expect(statuses).toContain('finished');
    expect(final.ensembleRunId).not.toBeNull();
  });

  it('refuse bad settings and budgets', () => {
    expect(() => workspace.studies.create({ datasetId: dataset.id, budget: { kind: 'trials', count: 0 } })).toThrow(/budget/);
    expect(() => workspace.studies.create({ datasetId: dataset.id, budget: { kind: 'time', seconds: 60 }, settings: { rungs: [4, 2] } })).toThrow(/increasing/);
    expect(() => workspace.studies.create({ datasetId: dataset.id, budget: { kind: 'time', seconds: 60 }, settings: { reduction: 1 } })).toThrow(/reduction/);
    expect(() => workspace.studies.create({ datasetId: 'ds-00000000', budget: { kind: 'time', seconds: 60 } })).toThrow(/no data set/);
    expect(() => workspace.studies.create({ datasetId: dataset.id, budget: { kind: 'time', seconds: 60 }, settings: { presets: ['seed-mlp'], fixed: { hiddenUnits: [8] } } })).toThrow(/activations/);
  });
});

/** The validation score a trial had when it first settled: after the first rung. */
function firstScore(events: StudyEvent[], runId: string): number {
  const settled = events.find((e) => e.type === 'trial-settled' && e.run.id === runId);
  return settled?.type === 'trial-settled' ? (settled.run.valPerElement ?? Infinity) : Infinity;
}

describe('a study whose owning process is killed', () => {
  it('is interrupted with its trial, and resumes it: no trial lost, none drawn twice', async () => {
    await workspace.close();
    const args = ['study', '--dataset', dataset.id, '--budget', '4trials', '--seed', '4', '--presets', 'mlp', '--rungs', '1,2', '--reduction', '2', '--bracket', '3'];
    args.push('--fix', 'hiddenUnits=[8]', '--fix', 'batchSize=16', '--fix', 'validationFraction=0.25', '--fix', 'epochs=1', '--backend', 'cpu', '--workspace', workspaceDir);
    // --fix epochs is refused: the rungs set the epochs.
    const refused = await new Promise<number | null>((resolve) => spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' }).on('close', resolve));
    expect(refused).toBe(2);
    args.splice(args.indexOf('epochs=1') - 1, 2);
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, SPIN_ECHO_WORKSPACE: '' } });
    let stderr = '';
    let killed = false;
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        // Killed mid-study, the second trial just started, its trainer with it (the whole process group).
        if (!killed && stderr.includes('new trial 1:')) {
          killed = true;
          process.kill(-child.pid!, 'SIGKILL');
        }
      });
      child.on('close', () => resolve());
    });
    expect(stderr).toMatch(/new trial 1:/);
    const studyId = /(study-[0-9a-f]{8}): study of/.exec(stderr)![1];

    workspace = await openWorkspace(workspaceDir);
    expect(workspace.studies.get(studyId).status).toBe('interrupted');
    const before = workspace.studies.trials(studyId);
    expect(before).toHaveLength(2);
    expect(before[0].run.status).toBe('finished');
    expect(before[1].run.status).toBe('interrupted');

    const final = await workspace.studies.run(studyId);
    expect(final.status).toBe('finished');
    const after = workspace.studies.trials(studyId);
    expect(after.map((t) => t.trial)).toEqual([0, 1, 2, 3]);
    expect(after.slice(0, 2).map((t) => t.runId)).toEqual(before.map((t) => t.runId));
    expect(after.every((t) => t.run.status === 'finished')).toBe(true);
    const resumed = after[1];
    expect(epochsOf(workspace, resumed.runId)).toEqual(Array.from({ length: resumed.run.epochs }, (_, i) => i + 1));
    expect(final.ensembleRunId).not.toBeNull();
  });
});
