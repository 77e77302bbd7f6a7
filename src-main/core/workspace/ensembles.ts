// Ensemble runs: the averaged predictions of chosen finished runs of one data set, stored as a run
// of its own (preset 'ensemble'), scored, listed, compared and exported like any other.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError, InputError } from '../errors.ts';
import { combinePredictions, selectMembersGreedily, type EnsemblePredictions } from '../learn/ensemble.ts';
import { scoreWithScaler, type ChallengeScore } from '../learn/score.ts';
import type { StandardScaler } from '../learn/standard-scaler.ts';
import { writeArrayFile } from '../formats/array-file.ts';
import { recordArtifact } from '../store/artifacts.ts';
import { readDatasetArrays } from '../formats/dataset-files.ts';
import { requireDataset } from '../store/datasets.ts';
import { newId } from '../store/ids.ts';
import { insertRun, requireRun, setRunResult, setRunScore, setRunStatus, type RunRecord } from '../store/runs.ts';
import { readRunPredictions } from './run-predictions.ts';
import type { WorkspaceContext } from './workspace-context.ts';

export const ENSEMBLE_PRESET = 'ensemble';

export interface CreateEnsembleRequest {
  /** Finished runs of one data set, trained on the same validation split. */
  readonly members: readonly string[];
  /**
   * 'all' averages every member; 'greedy' treats them as candidates and keeps those that greedy
   * forward selection on the validation split picks (learn/ensemble.ts).
   */
  readonly select?: 'all' | 'greedy';
  readonly tags?: readonly string[];
  readonly notes?: string;
}

interface LabelScalerSummary {
  readonly mean: readonly number[];
  readonly scale: readonly number[];
}

function labelScalerOf(run: RunRecord): LabelScalerSummary {
  const scaler = run.result?.labelScaler as LabelScalerSummary | undefined;
  if (!scaler || !Array.isArray(scaler.mean) || !Array.isArray(scaler.scale) || scaler.scale.length !== 3) {
    throw new InputError(`run '${run.id}' has no label scaler in its result: it cannot be scored in an ensemble`);
  }
  return scaler;
}

/** The scoring scaler of a run summary; scoring reads only the scale. */
function asScaler(summary: LabelScalerSummary): StandardScaler {
  return { mean: Float64Array.from(summary.mean), scale: Float64Array.from(summary.scale), variance: Float64Array.from(summary.scale, (s) => s * s), count: 0 };
}

/** The true labels of the model curves at `indices`, 3 per row. */
function labelsAt(labels: Float64Array, indices: Int32Array): Float64Array {
  const out = new Float64Array(indices.length * 3);
  indices.forEach((k, row) => out.set(labels.subarray(3 * k, 3 * k + 3), 3 * row));
  return out;
}

function sameIndices(a: Int32Array, b: Int32Array): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

export class Ensembles {
  constructor(private readonly context: WorkspaceContext) {}

  /**
   * Combines the members' stored predictions (learn/ensemble.ts), scores them on the members'
   * shared validation split with their training-label scaler, and on the answer key when the data
   * set has one, and stores the result as a finished run.
   */
  async create(request: CreateEnsembleRequest): Promise<RunRecord> {
    this.context.requireWritable('create an ensemble');
    const { db } = this.context;
    const candidateIds = [...request.members];
    if (candidateIds.length === 0) throw new InputError('an ensemble needs at least one member run');
    const duplicate = candidateIds.find((id, i) => candidateIds.indexOf(id) !== i);
    if (duplicate) throw new InputError(`run '${duplicate}' is named twice`);
    let members = candidateIds.map((id) => requireRun(db, id));
    for (const run of members) {
      if (run.status !== 'finished') throw new InputError(`run '${run.id}' is ${run.status}; only finished runs can join an ensemble`);
      if (run.datasetId !== members[0].datasetId) throw new InputError(`runs '${members[0].id}' and '${run.id}' were trained on different data sets`);
    }
    const dataset = requireDataset(db, members[0].datasetId);
    const scaler = labelScalerOf(members[0]);
    for (const run of members) {
      if (JSON.stringify(labelScalerOf(run)) !== JSON.stringify(scaler)) {
        throw new InputError(`runs '${members[0].id}' and '${run.id}' were trained on different training splits; an ensemble needs one validation split`);
      }
    }
    let validation = await Promise.all(members.map((run) => readRunPredictions(this.context, run, 'validation')));
    for (const [i, predictions] of validation.entries()) {
      if (!sameIndices(predictions.indices, validation[0].indices)) {
        throw new InputError(`runs '${members[0].id}' and '${members[i].id}' have different validation splits; an ensemble needs one`);
      }
    }
    const arrays = await readDatasetArrays(this.context.resolve(dataset.directory));
    const validationTruth = labelsAt(arrays.labels.data, validation[0].indices);
    if (request.select === 'greedy') {
      const chosen = selectMembersGreedily(validation, validationTruth, scaler.scale);
      members = chosen.map((index) => members[index]);
      validation = chosen.map((index) => validation[index]);
    }
    const ids = members.map((run) => run.id);
    const evaluation = dataset.evalCount > 0 ? await Promise.all(members.map((run) => readRunPredictions(this.context, run, 'eval'))) : null;

    const id = newId(db, 'run');
    const directory = `runs/${id}`;
    await mkdir(this.context.resolve(directory), { recursive: true });
    let run = insertRun(db, {
      id,
      datasetId: dataset.id,
      preset: ENSEMBLE_PRESET,
      backendRequested: 'none',
      seed: 0,
      epochs: 1,
      hyperparameters: { members: ids, ...(request.select === 'greedy' ? { candidates: candidateIds } : {}) },
      directory,
      tags: request.tags,
      notes: request.notes ?? `ensemble of ${ids.length} run${ids.length === 1 ? '' : 's'}`,
    });
    this.emit(run);
    this.emit(setRunStatus(db, id, 'running'));
    try {
      const scoring = asScaler(scaler);
      const combinedValidation = combinePredictions(validation);
      const validationScore = scoreWithScaler(
        { count: validationTruth.length / 3, data: combinedValidation.labels },
        { count: validationTruth.length / 3, data: validationTruth },
        scoring,
        combinedValidation.std,
      );
      await this.store(run, 'val-predictions', 'val', combinedValidation, validationScore, { indices: Array.from(validation[0].indices) });

      let evalScore: ChallengeScore | null = null;
      if (evaluation) {
        const combinedEval = combinePredictions(evaluation);
        if (arrays.evalTruth) evalScore = scoreWithScaler({ count: arrays.evalTruth.count, data: combinedEval.labels }, arrays.evalTruth, scoring, combinedEval.std);
        await this.store(run, 'eval-predictions', 'eval', combinedEval, evalScore, {});
      }
      setRunScore(db, id, validationScore);
      setRunResult(db, id, {
        kind: ENSEMBLE_PRESET,
        members: ids,
        membersWithStd: combinedValidation.membersWithStd,
        labelScaler: scaler,
        validationScore,
        evalScore,
      });
      run = setRunStatus(db, id, 'finished');
      this.emit(run);
      return run;
    } catch (error) {
      this.emit(setRunStatus(db, id, 'failed', { errorMessage: describeError(error) }));
      throw error;
    }
  }

  private emit(run: RunRecord): void {
    this.context.events.emit({ type: 'run-state', run });
  }

  /** Writes one split's combined predictions, std and spread, as a run's predictions artifact with the std named in its meta. */
  private async store(
    run: RunRecord,
    kind: 'val-predictions' | 'eval-predictions',
    prefix: string,
    combined: EnsemblePredictions,
    score: ChallengeScore | null,
    meta: Record<string, unknown>,
  ): Promise<void> {
    const write = async (name: string, values: Float64Array) => {
      const stored = `${run.directory}/${name}`;
      return { path: stored, ...(await writeArrayFile(join(this.context.resolve(run.directory), name), values, [values.length / 3, 3])) };
    };
    const predictions = await write(`${prefix}-predictions.f64`, combined.labels);
    const std = await write(`${prefix}-std.f64`, combined.std);
    const spread = await write(`${prefix}-spread.f64`, combined.spread);
    recordArtifact(this.context.db, {
      runId: run.id,
      kind,
      path: predictions.path,
      dtype: predictions.dtype,
      shape: predictions.shape,
      meta: { ...meta, score, weights: ENSEMBLE_PRESET, std, spread },
    });
  }
}
