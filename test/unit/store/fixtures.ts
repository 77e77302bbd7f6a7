// Small rows and temporary folders shared by the store tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { insertDataset, type DatasetRecord } from '../../../src-main/core/store/datasets.ts';
import { insertRun, type Hyperparameters, type RunRecord } from '../../../src-main/core/store/runs.ts';

export function temporaryFolder(): string {
  return mkdtempSync(join(tmpdir(), 'spin-echo-store-'));
}

const stats = { min: 0, max: 1, mean: 0.5, std: 0.25 };

export function addDataset(db: Database, id = 'ds-00000001'): DatasetRecord {
  return insertDataset(db, {
    id,
    name: 'fixture',
    model: 'gauss',
    source: 'imported',
    provenance: { folder: '/nowhere' },
    modelCount: 10,
    evalCount: 4,
    hasEvalTruth: false,
    length: 471,
    labelStats: { alpha: stats, xi: stats, d: stats },
    directory: `datasets/${id}`,
  });
}

export function addRun(db: Database, id: string, hyperparameters: Hyperparameters = {}, datasetId = 'ds-00000001'): RunRecord {
  return insertRun(db, {
    id,
    datasetId,
    preset: 'seed-mlp',
    backendRequested: 'cpu',
    seed: 1,
    epochs: 5,
    hyperparameters,
    directory: `runs/${id}`,
  });
}
