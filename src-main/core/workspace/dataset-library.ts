// The data sets of a workspace: imports of challenge folders and simulated sets, each stored as
// binary arrays in `datasets/<id>/` with a row saying where it came from.
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { importedDatasetName } from '../api/dataset-naming.ts';
import { InputError, throwIfCancelled } from '../errors.ts';
import { findChallengeFiles, parseModelName, type ChallengeRole } from '../formats/challenge-files.ts';
import { importChallengeFolder } from '../formats/challenge-import.ts';
import { LABEL_NAMES, MODEL_NAMES, type CurveSet, type LabelSet, type ModelName } from '../formats/curves.ts';
import { summariseLabels } from '../formats/label-stats.ts';
import { fitScaler } from '../learn/standard-scaler.ts';
import type { GeneratedDataset } from './generate-dataset.ts';
import type { ProgressListener } from '../progress.ts';
import { INCOMPLETE_MARKER, readDatasetArrays, writeDatasetArrays, type DatasetArrays } from '../formats/dataset-files.ts';
import { insertDataset, listDatasets, requireDataset, type DatasetLabelStatistics, type DatasetRecord, type DatasetSource } from '../store/datasets.ts';
import { newId } from '../store/ids.ts';
import type { WorkspaceContext } from './workspace-context.ts';

export interface AddDatasetRequest {
  readonly name: string;
  readonly model: ModelName;
  readonly source: DatasetSource;
  readonly provenance: Readonly<Record<string, unknown>>;
  readonly arrays: {
    readonly model: CurveSet;
    readonly labels: LabelSet;
    readonly eval?: CurveSet | null;
    readonly evalTruth?: LabelSet | null;
  };
}

export interface ImportFolderOptions {
  /** Import only this model; by default every importable model of the folder, one data set each. */
  readonly model?: string;
  readonly name?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
}

interface FileStamp {
  readonly name: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** Label statistics with the population standard deviation, as the challenge's scaler computes it. */
export function labelStatistics(labels: LabelSet): DatasetLabelStatistics {
  const summary = summariseLabels(labels);
  const { variance } = fitScaler(labels.data, 3);
  const stats = {} as Record<(typeof LABEL_NAMES)[number], DatasetLabelStatistics['alpha']>;
  LABEL_NAMES.forEach((name, column) => {
    stats[name] = { ...summary[name], std: Math.sqrt(variance[column]) };
  });
  return stats;
}

async function stampFiles(files: Partial<Record<ChallengeRole, string>>): Promise<Partial<Record<ChallengeRole, FileStamp>>> {
  const stamps: Partial<Record<ChallengeRole, FileStamp>> = {};
  for (const [role, path] of Object.entries(files) as [ChallengeRole, string][]) {
    // The submission beside the data is ours to write, not part of what was imported.
    if (role === 'submission') continue;
    const info = await stat(path);
    stamps[role] = { name: basename(path), size: info.size, mtimeMs: info.mtimeMs };
  }
  return stamps;
}

export class DatasetLibrary {
  constructor(private readonly context: WorkspaceContext) {}

  list(): DatasetRecord[] {
    return listDatasets(this.context.db);
  }

  /** The data set, or InputError naming the unknown id. */
  get(id: string): DatasetRecord {
    return requireDataset(this.context.db, id);
  }

  /** The absolute folder of a data set's arrays: what a train job names. */
  directoryOf(id: string): string {
    return this.context.resolve(this.get(id).directory);
  }

  async loadArrays(id: string): Promise<DatasetArrays> {
    return readDatasetArrays(this.directoryOf(id));
  }

  /**
   * Stores arrays as a new data set: the arrays go to `datasets/<id>/` first and the row last, so
   * a failure leaves no row without its files (and the half-written folder is removed).
   */
  async add(request: AddDatasetRequest, signal?: AbortSignal): Promise<DatasetRecord> {
    return (await this.addTogether([request], signal))[0];
  }

  /**
   * Stores several data sets all or nothing: every set's arrays first (each folder marked
   * incomplete meanwhile), then every row in one transaction. A failure or a cancel before the
   * commit removes every folder written; a crash leaves folders that the next open removes.
   */
  private async addTogether(requests: readonly AddDatasetRequest[], signal?: AbortSignal): Promise<DatasetRecord[]> {
    this.context.requireWritable('add a data set');
    const { db } = this.context;
    const folders: string[] = [];
    const rows: Parameters<typeof insertDataset>[1][] = [];
    let committed = false;
    try {
      for (const request of requests) {
        const model = parseModelName(request.model);
        let id = newId(db, 'ds');
        while (rows.some((row) => row.id === id)) id = newId(db, 'ds');
        const absolute = this.context.resolve(join('datasets', id));
        await mkdir(absolute, { recursive: true });
        folders.push(absolute);
        await writeFile(join(absolute, INCOMPLETE_MARKER), '');
        const header = await writeDatasetArrays(absolute, request.arrays, signal);
        rows.push({
          id,
          name: request.name,
          model,
          source: request.source,
          provenance: request.provenance,
          modelCount: header.modelCount,
          evalCount: header.evalCount,
          hasEvalTruth: header.hasEvalTruth,
          length: header.length,
          labelStats: labelStatistics(request.arrays.labels),
          directory: this.context.relativize(absolute),
        });
      }
      throwIfCancelled(signal);
      const datasets = db.transaction(() => rows.map((row) => insertDataset(db, row)))();
      committed = true;
      await Promise.all(folders.map((folder) => rm(join(folder, INCOMPLETE_MARKER), { force: true })));
      for (const dataset of datasets) this.context.events.emit({ type: 'dataset-ready', dataset });
      return datasets;
    } catch (error) {
      if (!committed) await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
      throw error;
    }
  }

  /**
   * Imports the models of a challenge folder, each its own data set, all or nothing: every file is
   * read and checked before anything is stored, and a cancel or failure stores none of them.
   */
  async importFolder(dir: string, options: ImportFolderOptions = {}): Promise<DatasetRecord[]> {
    this.context.requireWritable('import a folder');
    const folder = resolve(dir);
    const models = await this.importableModels(folder, options.model);
    const requests: AddDatasetRequest[] = [];
    for (const model of models) {
      const read = await importChallengeFolder(folder, model, { signal: options.signal, onProgress: options.onProgress });
      requests.push({
        name: options.name ?? importedDatasetName(basename(folder), model),
        model,
        source: 'imported',
        provenance: { kind: 'challenge-folder', folder, files: await stampFiles(read.files) },
        arrays: { model: read.curves, labels: read.labels, eval: read.eval, evalTruth: read.evalTruth },
      });
    }
    return this.addTogether(requests, options.signal);
  }

  /**
   * A data set already imported from the same folder and model whose files have not changed
   * since (same names, sizes and modification times), so that training on a folder twice does
   * not import it twice.
   */
  async findImported(dir: string, modelName: string): Promise<DatasetRecord | null> {
    const folder = resolve(dir);
    const model = parseModelName(modelName);
    const candidates = this.list().filter((dataset) => dataset.source === 'imported' && dataset.model === model && dataset.provenance.folder === folder);
    if (candidates.length === 0) return null;
    const current = JSON.stringify(await stampFiles((await findChallengeFiles(folder)).models[model].files));
    return candidates.find((dataset) => JSON.stringify(dataset.provenance.files) === current) ?? null;
  }

  /**
   * The data set of a challenge folder to train on: the one imported earlier from it when its files
   * have not changed, else a new import. `model` chooses where the folder holds both models.
   */
  async datasetOfFolder(dir: string, model?: ModelName): Promise<{ dataset: DatasetRecord; imported: boolean }> {
    let chosen = model;
    if (chosen === undefined) {
      const found = await findChallengeFiles(dir);
      const importable = MODEL_NAMES.filter((name) => found.models[name].importable);
      if (importable.length > 1) throw new InputError(`${dir} holds both gauss and RKKY files: choose one (--kernel)`);
      chosen = importable[0];
    }
    const known = chosen === undefined ? null : await this.findImported(dir, chosen);
    if (known) return { dataset: known, imported: false };
    const [dataset] = await this.importFolder(dir, { model: chosen });
    return { dataset, imported: true };
  }

  /** Registers a set written by the physics generator, with its manifest as provenance. */
  async registerSimulated(generated: GeneratedDataset, options: { name?: string; source?: 'simulated' | 'demo'; signal?: AbortSignal } = {}): Promise<DatasetRecord> {
    this.context.requireWritable('register a simulated data set');
    const { manifest } = generated;
    let arrays: AddDatasetRequest['arrays'];
    if (generated.model) {
      arrays = { model: generated.model, labels: generated.labels, eval: generated.eval, evalTruth: generated.evalTruth };
    } else {
      // Generated without collecting the curves: read them back from the files it wrote.
      const read = await importChallengeFolder(generated.directory, manifest.model, { signal: options.signal });
      arrays = { model: read.curves, labels: read.labels, eval: read.eval, evalTruth: read.evalTruth };
    }
    return this.add({
      name: options.name ?? `simulated ${manifest.model} seed ${manifest.seed}`,
      model: manifest.model,
      source: options.source ?? 'simulated',
      provenance: { kind: 'simulation', directory: resolve(generated.directory), manifest },
      arrays,
    }, options.signal);
  }

  private async importableModels(folder: string, only: string | undefined): Promise<ModelName[]> {
    const found = await findChallengeFiles(folder);
    if (only !== undefined) return [parseModelName(only)];
    const models = MODEL_NAMES.filter((model) => found.models[model].importable);
    if (models.length === 0) {
      const problems = MODEL_NAMES.flatMap((model) => found.models[model].problems.map((problem) => `${model}: ${problem}`));
      throw new InputError(`${folder}: no challenge files to import${problems.length > 0 ? ` (${problems.join('; ')})` : ''}`);
    }
    return models;
  }
}
