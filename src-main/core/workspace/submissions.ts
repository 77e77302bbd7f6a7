// Predictions of finished runs and the challenge submission: per-run prediction files, and an
// export of both models' files with a summary.json of what made them, a report.html describing
// them for people and, when known, the score.
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { describeError, InputError } from '../errors.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';
import { withinLimits, type FileLimits } from '../files/file-limits.ts';
import { StagedFolder } from '../files/staged-folder.ts';
import { challengeFileName } from '../formats/challenge-files.ts';
import { LABEL_NAMES, MODEL_NAMES, type LabelSet, type ModelName } from '../formats/curves.ts';
import { writeLabelFile } from '../formats/label-writer.ts';
import { writeSubmission } from '../formats/submission.ts';
import { scorePredictions, type ChallengeScore } from '../learn/score.ts';
import { renderExportReport, REPORT_FILE, type ReportModel } from '../report/export-report.ts';
import { readArtifactFile } from '../formats/array-file.ts';
import { latestArtifact } from '../store/artifacts.ts';
import type { DatasetArrays } from '../formats/dataset-files.ts';
import type { DatasetRecord } from '../store/datasets.ts';
import { listEpochMetrics } from '../store/epoch-metrics.ts';
import { insertExport, type ExportRecord } from '../store/exports.ts';
import { newId } from '../store/ids.ts';
import type { RunRecord } from '../store/runs.ts';
import type { ProgressListener } from '../progress.ts';
import { programVersion, productName } from '../version.ts';
import type { DatasetLibrary } from './dataset-library.ts';
import type { RunManager } from './run-manager.ts';
import { readRunPredictions } from './run-predictions.ts';
import type { WorkspaceContext } from './workspace-context.ts';

export const SUMMARY_FILE = 'summary.json';

export interface RunPredictions {
  readonly run: RunRecord;
  readonly dataset: DatasetRecord;
  /** Predicted (alpha, xi, d) per eval curve of the run's data set, physical units. */
  readonly labels: LabelSet;
}

export interface ExportRequest {
  /** A run id, or 'best' for the finished run with the lowest validation score on a data set of that model. */
  readonly gauss?: string;
  readonly rkky?: string;
  /** The folder to write; a relative one is taken from the user's home folder (see resolveExportFolder). */
  readonly outDir: string;
  readonly signal?: AbortSignal;
  /** How long one file operation may take (DEFAULT_FILE_TIMEOUT_MS). */
  readonly timeoutMs?: number;
  /** Steps done: each submission file read and checked, then the staging, the move and the record. */
  readonly onProgress?: ProgressListener;
}

/**
 * The absolute folder an export writes into. A relative folder (from the UI, whose server may run
 * anywhere) is taken from the user's home folder, never from the process's working folder; `~`
 * and `~/...` name the home folder too. The CLI resolves its --out against the shell's folder first.
 */
export function resolveExportFolder(outDir: string, home: string = homedir()): string {
  const trimmed = outDir.trim();
  if (trimmed === '') throw new InputError('name the folder to export into');
  if (trimmed === '~') return resolve(home);
  if (trimmed.startsWith('~/') || trimmed.startsWith(`~${sep}`)) return resolve(home, trimmed.slice(2));
  return isAbsolute(trimmed) ? resolve(trimmed) : resolve(home, trimmed);
}

export interface ExportResult {
  readonly record: ExportRecord;
  /** Absolute paths written. */
  readonly paths: readonly string[];
  readonly summary: Readonly<Record<string, unknown>>;
}

function requireFinite(labels: LabelSet, runId: string): void {
  const bad = labels.data.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) {
    throw new InputError(`run '${runId}' predicted ${labels.data[bad]} for ${LABEL_NAMES[bad % 3]} of eval curve ${Math.floor(bad / 3) + 1}: its network diverged`);
  }
}

export class Submissions {
  private readonly closing = new AbortController();

  constructor(
    private readonly context: WorkspaceContext,
    private readonly runs: RunManager,
    private readonly datasets: DatasetLibrary,
  ) {}

  /** The eval predictions a finished run made for its data set's eval curves. */
  async evalPredictions(runId: string): Promise<RunPredictions> {
    const run = this.runs.get(runId);
    if (run.status !== 'finished') throw new InputError(`run '${runId}' is ${run.status}; only a finished run has predictions`);
    const dataset = this.datasets.get(run.datasetId);
    const artifact = latestArtifact(this.context.db, runId, 'eval-predictions');
    if (!artifact || !artifact.dtype || !artifact.shape) {
      throw new InputError(`run '${runId}' has no eval predictions: its data set ${dataset.id} has no eval curves`);
    }
    const data = await readArtifactFile(this.context.resolve(artifact.path), artifact.dtype, artifact.shape);
    const labels = { count: artifact.shape[0], data: Float64Array.from(data) };
    if (labels.count !== dataset.evalCount) throw new Error(`${artifact.path}: ${labels.count} rows for ${dataset.evalCount} eval curves`);
    return { run, dataset, labels };
  }

  /**
   * Writes a run's eval predictions as a submission-format file: into `out` under the standard
   * name when `out` is a folder, else as the file `out` (its folder must exist). Returns the path.
   */
  async writePredictions(runId: string, out: string): Promise<string> {
    const { dataset, labels } = await this.evalPredictions(runId);
    requireFinite(labels, runId);
    const target = resolve(out);
    const info = await stat(target).catch(() => null);
    if (info?.isDirectory()) return writeSubmission(target, dataset.model, labels, { expectedCount: dataset.evalCount });
    const folder = await stat(dirname(target)).catch(() => null);
    if (!folder?.isDirectory()) throw new InputError(`${dirname(target)}: no such folder`);
    await writeLabelFile(target, labels);
    return target;
  }

  /** A run's validation predictions with their true labels, for the report; null when it kept none. */
  private async validationOf(run: RunRecord, arrays: DatasetArrays): Promise<ReportModel['validation']> {
    try {
      const stored = await readRunPredictions(this.context, run, 'validation');
      const truth = new Float64Array(stored.labels.length);
      stored.indices.forEach((curve, row) => truth.set(arrays.labels.data.subarray(3 * curve, 3 * curve + 3), 3 * row));
      return { predictions: stored.labels, truth };
    } catch (error) {
      if (error instanceof InputError) return null;
      throw new Error(`run '${run.id}': its validation predictions could not be read for the report: ${describeError(error)}`);
    }
  }

  /** The finished run with eval predictions and the lowest validation score among data sets of `model`. */
  bestRun(model: ModelName): RunRecord | null {
    const candidates = this.runs.list({ status: 'finished', orderBy: [{ field: 'valPerElement' }, { field: 'bestValLoss' }] });
    return (
      candidates.find(
        (run) => this.datasets.get(run.datasetId).model === model && latestArtifact(this.context.db, run.id, 'eval-predictions') !== null,
      ) ?? null
    );
  }

  private chooseRun(model: ModelName, choice: string): RunRecord {
    if (choice === 'best') {
      const best = this.bestRun(model);
      if (!best) throw new InputError(`no finished ${model} run with eval predictions to export`);
      return best;
    }
    const run = this.runs.get(choice);
    const dataset = this.datasets.get(run.datasetId);
    if (dataset.model !== model) throw new InputError(`run '${choice}' was trained on ${dataset.model} data (${dataset.id}), not ${model}`);
    return run;
  }

  /**
   * Writes `gauss_mat_info_eval.txt` and `RKKY_mat_info_eval.txt` (those asked for), their
   * uncertainty companions, summary.json and report.html into `outDir` (a relative one is taken
   * from the user's home folder), scores each where its data set has an answer key, and records
   * the export. All or nothing: every file is read and checked, then written into a staging
   * folder beside `outDir`, then moved in; on any failure `outDir` is left exactly as it was.
   * Each file operation gives up after a deadline, and the export stops on `request.signal` or
   * when the workspace closes.
   */
  async export(request: ExportRequest): Promise<ExportResult> {
    this.context.requireWritable('record an export');
    const choices: Partial<Record<ModelName, string>> = { gauss: request.gauss, RKKY: request.rkky };
    const models = MODEL_NAMES.filter((model) => choices[model] !== undefined);
    if (models.length === 0) throw new InputError('name a gauss run, an RKKY run, or both, to export');
    const outDir = resolveExportFolder(request.outDir);
    const limits: FileLimits = { signal: AbortSignal.any([this.closing.signal, ...(request.signal ? [request.signal] : [])]), timeoutMs: request.timeoutMs };
    const started = performance.now();
    const total = models.length + 3;
    let done = 0;
    const progress = () => {
      done += 1;
      const elapsedSeconds = (performance.now() - started) / 1000;
      request.onProgress?.({ done, total, elapsedSeconds, etaSeconds: (elapsedSeconds / done) * (total - done) });
    };

    // Everything is read (and checked) before anything is written.
    const id = newId(this.context.db, 'exp');
    const createdAt = new Date().toISOString();
    const scores: Partial<Record<ModelName, ChallengeScore | null>> = {};
    const entries: Record<string, unknown> = {};
    const reported: ReportModel[] = [];
    const chosen = new Map<ModelName, RunRecord>();
    const files: { name: string; labels: LabelSet; model: ModelName; expectedCount?: number }[] = [];
    for (const model of models) {
      const { run, dataset, labels } = await this.evalPredictions(this.chooseRun(model, choices[model]!).id);
      requireFinite(labels, run.id);
      chosen.set(model, run);
      files.push({ name: challengeFileName(model, 'submission'), labels, model, expectedCount: dataset.evalCount });
      // The submission stays 3 columns; a run that predicts its uncertainty adds a companion file of the same shape.
      const { std } = await readRunPredictions(this.context, run, 'eval');
      const uncertaintyFile = std ? challengeFileName(model, 'submission').replace(/\.txt$/, '_std.txt') : null;
      if (std && uncertaintyFile) files.push({ name: uncertaintyFile, labels: { count: labels.count, data: std }, model });
      const arrays = await this.datasets.loadArrays(dataset.id);
      const score = dataset.hasEvalTruth ? scorePredictions(labels, arrays.evalTruth!, arrays.labels) : null;
      scores[model] = score;
      reported.push({
        model,
        file: challengeFileName(model, 'submission'),
        rows: labels.count,
        run,
        dataset,
        epochs: listEpochMetrics(this.context.db, run.id),
        validation: await this.validationOf(run, arrays),
        score,
      });
      entries[model] = {
        file: challengeFileName(model, 'submission'),
        uncertaintyFile,
        rows: labels.count,
        run: {
          id: run.id,
          preset: run.preset,
          hyperparameters: run.hyperparameters,
          seed: run.seed,
          backend: run.backend,
          backendNotes: run.backendNotes,
          epochs: run.epochs,
          bestEpoch: run.bestEpoch,
          finishedAt: run.finishedAt,
          parentRunId: run.parentRunId,
        },
        validation: { bestValLoss: run.bestValLoss, bestValMse: run.bestValMse, err: run.valErr, perElement: run.valPerElement },
        dataset: { id: dataset.id, name: dataset.name, source: dataset.source, provenance: dataset.provenance, modelCount: dataset.modelCount, evalCount: dataset.evalCount },
        score,
      };
      progress();
    }
    const program = { name: productName, version: programVersion };
    const summary = { format: 'spin-echo-export/1', program, exportId: id, createdAt, models: entries };
    const report = renderExportReport({ exportId: id, createdAt, program, directory: outDir, models: reported });

    const staged = await StagedFolder.open(outDir, limits);
    try {
      for (const file of files) {
        const write = async () => {
          if (file.expectedCount === undefined) await writeLabelFile(staged.pathOf(file.name), file.labels);
          else await writeSubmission(staged.staging, file.model, file.labels, { expectedCount: file.expectedCount });
        };
        await withinLimits(`writing ${file.name} for ${outDir}`, write, limits);
      }
      await withinLimits(`writing ${SUMMARY_FILE} for ${outDir}`, () => writeFileAtomic(staged.pathOf(SUMMARY_FILE), JSON.stringify(summary, null, 2) + '\n'), limits);
      progress();
      await withinLimits(`writing ${REPORT_FILE} for ${outDir}`, () => writeFileAtomic(staged.pathOf(REPORT_FILE), report), limits);
      progress();
    } catch (error) {
      await staged.abort();
      throw error;
    }
    const paths = await staged.commit();
    progress();

    const anyScore = Object.values(scores).some((score) => score !== null);
    const record = insertExport(this.context.db, {
      id,
      directory: outDir,
      gaussRun: chosen.get('gauss')?.id ?? null,
      rkkyRun: chosen.get('RKKY')?.id ?? null,
      files: paths.map((path) => path.slice(outDir.length + 1)),
      score: anyScore ? scores : null,
    });
    return { record, paths, summary };
  }

  /** Stops the exports under way (the workspace is closing): each leaves its folder as it was. */
  close(): void {
    this.closing.abort();
  }
}
