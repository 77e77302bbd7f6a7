// Typed SQL over the datasets table: where a data set came from, its sizes and label statistics.
import type { Database } from 'better-sqlite3';
import type { LabelName, ModelName } from '../formats/curves.ts';
import { findRowById, requireRowById } from './row-by-id.ts';

export const DATASET_SOURCES = ['imported', 'simulated', 'demo'] as const;
export type DatasetSource = (typeof DATASET_SOURCES)[number];

/** Per label over the training labels: population standard deviation, as the challenge's scaler. */
export interface LabelStatistics {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly std: number;
}
export type DatasetLabelStatistics = Readonly<Record<LabelName, LabelStatistics>>;

export interface DatasetRecord {
  readonly id: string;
  readonly name: string;
  readonly model: ModelName;
  readonly source: DatasetSource;
  /** Folder path and file names of an import, or the recipe/manifest of a simulation. */
  readonly provenance: Readonly<Record<string, unknown>>;
  readonly modelCount: number;
  readonly evalCount: number;
  readonly hasEvalTruth: boolean;
  readonly length: number;
  readonly labelStats: DatasetLabelStatistics;
  /** The folder of its arrays, relative to the workspace. */
  readonly directory: string;
  readonly createdAt: string;
}

export type NewDataset = Omit<DatasetRecord, 'createdAt'>;

interface DatasetRow {
  id: string;
  name: string;
  model: ModelName;
  source: DatasetSource;
  provenance: string;
  model_count: number;
  eval_count: number;
  has_eval_truth: number;
  length: number;
  label_stats: string;
  directory: string;
  created_at: string;
}

function toRecord(row: DatasetRow): DatasetRecord {
  return {
    id: row.id,
    name: row.name,
    model: row.model,
    source: row.source,
    provenance: JSON.parse(row.provenance) as Record<string, unknown>,
    modelCount: row.model_count,
    evalCount: row.eval_count,
    hasEvalTruth: row.has_eval_truth === 1,
    length: row.length,
    labelStats: JSON.parse(row.label_stats) as DatasetLabelStatistics,
    directory: row.directory,
    createdAt: row.created_at,
  };
}

export function insertDataset(db: Database, dataset: NewDataset, now = new Date()): DatasetRecord {
  db.prepare(
    `INSERT INTO datasets (id, name, model, source, provenance, model_count, eval_count, has_eval_truth, length, label_stats, directory, created_at)
     VALUES (@id, @name, @model, @source, @provenance, @modelCount, @evalCount, @hasEvalTruth, @length, @labelStats, @directory, @createdAt)`,
  ).run({
    id: dataset.id,
    name: dataset.name,
    model: dataset.model,
    source: dataset.source,
    provenance: JSON.stringify(dataset.provenance),
    modelCount: dataset.modelCount,
    evalCount: dataset.evalCount,
    hasEvalTruth: dataset.hasEvalTruth ? 1 : 0,
    length: dataset.length,
    labelStats: JSON.stringify(dataset.labelStats),
    directory: dataset.directory,
    createdAt: now.toISOString(),
  });
  return requireDataset(db, dataset.id);
}

export function getDataset(db: Database, id: string): DatasetRecord | null {
  return findRowById(db, 'datasets', id, toRecord);
}

export function requireDataset(db: Database, id: string): DatasetRecord {
  return requireRowById(db, 'datasets', id, toRecord, 'data set');
}

/** Data sets, newest first. */
export function listDatasets(db: Database): DatasetRecord[] {
  return (db.prepare('SELECT * FROM datasets ORDER BY created_at DESC, id').all() as DatasetRow[]).map(toRecord);
}
