import { describe, expect, it } from 'vitest';
import { WorkspaceError } from '../../../src-main/core/errors.ts';
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { openDatabase } from '../../../src-main/core/store/database.ts';
import { migrate, MIGRATIONS } from '../../../src-main/core/store/migrations.ts';
import { getRun, queryRuns, setRunStatus } from '../../../src-main/core/store/runs.ts';
import {
  insertStudy,
  insertTrial,
  interruptRunningStudies,
  listStudyResults,
  listTrials,
  promoteTrials,
  recordStudyResult,
  requireStudy,
  setStudyStatus,
} from '../../../src-main/core/store/studies.ts';
import { addDataset, addRun, temporaryFolder } from './fixtures.ts';

/** The scheduler's state after its generator gave `n` numbers (any four words will do). */
const stateAt = (n: number) => ({ random: { algorithm: 'xoshiro128**' as const, words: [n, 1, 2, 3] as const } });
const newStudy = {
  id: 'study-00000001',
  datasetId: 'ds-00000001',
  budget: { kind: 'trials', count: 4 } as const,
  seed: 3,
  settings: { presets: ['mlp' as const], rungs: [1, 2], reduction: 2, bracketSize: 3, fixed: {}, top: 2, backend: 'cpu' as const },
  state: stateAt(0),
};

describe('studies in the store', () => {
  it('arrive by an additive migration: runs of a version-1 workspace keep their rows, with no study', () => {
    const path = join(temporaryFolder(), 'workbench.sqlite');
    const old = new BetterSqlite3(path);
    migrate(old, path, MIGRATIONS.slice(0, 1));
    addDataset(old);
    addRun(old, 'run-00000001', { learningRate: 0.01 });
    old.close();
    const { db } = openDatabase(path);
    expect(getRun(db, 'run-00000001')!.hyperparameters).toEqual({ learningRate: 0.01 });
    // An old run left queued is interrupted at open, as before.
    expect(getRun(db, 'run-00000001')!.status).toBe('interrupted');
    expect(queryRuns(db, { where: [{ field: 'studyId', op: '=', value: null }] }).map((run) => run.id)).toEqual(['run-00000001']);
    db.close();
  });

  it('group their trials, promote them all at once, and keep each rung result in study time', () => {
    const { db } = openDatabase(join(temporaryFolder(), 'workbench.sqlite'));
    addDataset(db);
    const study = insertStudy(db, newStudy);
    expect(study).toMatchObject({ status: 'created', budget: { kind: 'trials', count: 4 }, elapsedSeconds: 0, ensembleRunId: null });
    for (const [trial, id] of ['run-00000001', 'run-00000002', 'run-00000003'].entries()) {
      addRun(db, id);
      insertTrial(db, study.id, { runId: id, trial, bracket: 0, rung: 0 }, stateAt(trial + 1));
    }
    addRun(db, 'run-00000009');
    expect(requireStudy(db, study.id).state).toEqual(stateAt(3));
    expect(queryRuns(db, { where: [{ field: 'studyId', op: '=', value: study.id }], orderBy: [{ field: 'id' }] }).map((run) => run.id)).toEqual([
      'run-00000001',
      'run-00000002',
      'run-00000003',
    ]);
    expect(() => insertTrial(db, study.id, { runId: 'run-00000009', trial: 2, bracket: 0, rung: 0 }, stateAt(9))).toThrow(/UNIQUE/);
    // The failed insert left nothing behind: the run is in no study, the state unchanged.
    expect(getRun(db, 'run-00000009')).not.toBeNull();
    expect(queryRuns(db, { where: [{ field: 'studyId', op: '=', value: null }] }).map((run) => run.id)).toEqual(['run-00000009']);
    expect(requireStudy(db, study.id).state).toEqual(stateAt(3));

    promoteTrials(db, study.id, ['run-00000002', 'run-00000003'], 1);
    promoteTrials(db, study.id, ['run-00000003'], 1);
    expect(listTrials(db, study.id).map((trial) => trial.rung)).toEqual([0, 1, 1]);

    recordStudyResult(db, study.id, { runId: 'run-00000002', rung: 0, epochs: 1, valPerElement: 0.5, elapsedSeconds: 20 });
    recordStudyResult(db, study.id, { runId: 'run-00000001', rung: 0, epochs: 1, valPerElement: NaN, elapsedSeconds: 10 });
    recordStudyResult(db, study.id, { runId: 'run-00000002', rung: 0, epochs: 1, valPerElement: 0.4, elapsedSeconds: 25 });
    expect(listStudyResults(db, study.id).map((r) => [r.runId, r.valPerElement, r.elapsedSeconds])).toEqual([
      ['run-00000001', null, 10],
      ['run-00000002', 0.4, 25],
    ]);
    db.close();
  });

  it('are read through their schemas: a settings or state column no code wrote is a WorkspaceError naming the study', () => {
    const { db } = openDatabase(join(temporaryFolder(), 'workbench.sqlite'));
    addDataset(db);
    insertStudy(db, newStudy);
    db.prepare('UPDATE studies SET settings = ? WHERE id = ?').run(JSON.stringify({ ...newStudy.settings, presets: 'mlp' }), newStudy.id);
    expect(() => requireStudy(db, newStudy.id)).toThrow(WorkspaceError);
    expect(() => requireStudy(db, newStudy.id)).toThrow(/study-00000001: the settings column does not fit its schema: .*presets/);
    db.prepare('UPDATE studies SET settings = ?, state = ? WHERE id = ?').run(JSON.stringify(newStudy.settings), '{"random": 4}', newStudy.id);
    expect(() => requireStudy(db, newStudy.id)).toThrow(/study-00000001: the state column does not fit its schema: .*random/);
    db.close();
  });

  it('left running by a dead process are interrupted at the next open, with their runs', () => {
    const path = join(temporaryFolder(), 'workbench.sqlite');
    const first = openDatabase(path).db;
    addDataset(first);
    insertStudy(first, newStudy);
    addRun(first, 'run-00000001');
    insertTrial(first, newStudy.id, { runId: 'run-00000001', trial: 0, bracket: 0, rung: 0 }, stateAt(1));
    setRunStatus(first, 'run-00000001', 'running');
    setStudyStatus(first, newStudy.id, 'running');
    first.close();
    const { db, interruptedRuns } = openDatabase(path);
    expect(interruptedRuns).toEqual(['run-00000001']);
    expect(interruptRunningStudies(db)).toEqual([newStudy.id]);
    expect(requireStudy(db, newStudy.id)).toMatchObject({ status: 'interrupted', errorMessage: expect.stringMatching(/owning process stopped/) });
    expect(interruptRunningStudies(db)).toEqual([]);
    db.close();
  });
});
