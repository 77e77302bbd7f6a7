// Tags and notes of a run through the contract: cleaned, stored, announced as a runState event,
// and refused for an unknown run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../src-main/core/api/contract.ts';
import { dispatchCall } from '../../src-main/core/api/contract-dispatch.ts';
import { Workbench } from '../../src-main/core/workbench/workbench.ts';
import { openWorkspace } from '../../src-main/core/workspace/workspace.ts';
import { tinyArrays } from './tiny-dataset.ts';

let root: string;
let workbench: Workbench;
let runId: string;
const events: EventMessage[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'spin-echo-annotations-'));
  const dir = join(root, 'workspace');
  // The run is created but never started: tags and notes need no trainer.
  const workspace = await openWorkspace(dir);
  const model = tinyArrays(16, 1);
  const dataset = await workspace.datasets.add({ name: 'tiny', model: 'gauss', source: 'demo', provenance: {}, arrays: { model: model.curves, labels: model.labels } });
  runId = (await workspace.runs.create({ datasetId: dataset.id, preset: 'mlp', epochs: 1 })).id;
  await workspace.close();
  workbench = await Workbench.open({ workspaceDir: dir, mode: 'browser' });
  workbench.onEvent((event) => events.push(event));
});

afterAll(async () => {
  await workbench?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('run tags and notes', () => {
  it('stores tags trimmed and once each, and announces the change', async () => {
    const reply = await dispatchCall(workbench, 'setRunTags', { runId, tags: [' best ', 'wide', 'best', '  '] });
    expect(reply).toMatchObject({ ok: true, value: { id: runId, tags: ['best', 'wide'] } });
    const announced = events.filter((event) => event.name === 'runState').at(-1);
    expect(announced?.payload).toMatchObject({ run: { id: runId, tags: ['best', 'wide'] } });
    const [listed] = await workbench.listRuns({ tag: 'wide' });
    expect(listed.id).toBe(runId);
  });

  it('replaces the notes', async () => {
    await dispatchCall(workbench, 'setRunNotes', { runId, notes: 'first try' });
    const reply = await dispatchCall(workbench, 'setRunNotes', { runId, notes: 'lr too high' });
    expect(reply).toMatchObject({ ok: true, value: { notes: 'lr too high' } });
    expect((await workbench.getRunMetrics({ runId })).run.notes).toBe('lr too high');
  });

  it('refuses an unknown run and a tag that is too long, in plain words', async () => {
    expect(await dispatchCall(workbench, 'setRunNotes', { runId: 'run-nope', notes: 'x' })).toMatchObject({ ok: false, error: { kind: 'input', message: expect.stringContaining("no run 'run-nope'") } });
    expect(await dispatchCall(workbench, 'setRunTags', { runId, tags: ['x'.repeat(101)] })).toMatchObject({ ok: false, error: { kind: 'input' } });
  });
});
