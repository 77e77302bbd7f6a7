// Inspects a challenge folder without stopping at the first problem: per model, which files are
// there, their shapes and label statistics, and every problem found (each file error as one line).
import { basename } from 'node:path';
import { EchoFileError } from '../errors.ts';
import { ProgressMeter, type ProgressListener } from '../progress.ts';
import { totalFileSize } from './chunked-file.ts';
import { findChallengeFiles, type ChallengeRole, type ModelFiles } from './challenge-files.ts';
import { MODEL_NAMES, type ModelName } from './curves.ts';
import { checkEchoPair, pairShapeFrom, type CurveShape } from './echo-reader.ts';
import { readLabelFile, type RowMatch } from './label-reader.ts';
import type { ColumnRule } from './number-table.ts';
import { summariseLabels, type LabelSummary } from './label-stats.ts';
import { prefetchTableShapes, type ShapePrefetch } from './table-prefetch.ts';

export type { CurveShape } from './echo-reader.ts';

export interface LabelFileReport {
  readonly count: number;
  readonly summary: LabelSummary;
}

export interface ModelReport {
  readonly model: ModelName;
  readonly present: boolean;
  readonly files: Partial<Record<ChallengeRole, string>>;
  /** Standard files not found. */
  readonly missing: ChallengeRole[];
  readonly curves: CurveShape | null;
  readonly labels: LabelFileReport | null;
  readonly eval: CurveShape | null;
  readonly evalTruth: LabelFileReport | null;
  readonly submission: LabelFileReport | null;
  /** File errors as `file:line:column: reason`, and missing or inconsistent files. */
  readonly problems: string[];
  readonly warnings: string[];
}

export interface FolderReport {
  readonly dir: string;
  readonly models: ModelReport[];
  /** At least one model is present and no problem was found. */
  readonly ok: boolean;
}

export interface InspectOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
  /** Echo bytes in all from which a worker thread shares the echo files' reading (default: PARALLEL_MIN_BYTES). */
  readonly parallelMinBytes?: number;
  /** Bytes per piece of an echo file that the two threads take in turn (default: PIECE_BYTES). */
  readonly parallelPieceBytes?: number;
}

/**
 * Reads every standard file found in `dir`; problems are collected, cancellation still throws.
 * The echo pairs are checked first on two threads when they are large, then in order, exactly,
 * wherever their shapes do not settle the answer (so every message is what a plain read gives).
 */
export async function inspectChallengeFolder(dir: string, options: InspectOptions = {}): Promise<FolderReport> {
  const folder = await findChallengeFiles(dir);
  const present = MODEL_NAMES.map((model) => folder.models[model]).filter((found) => found.present);
  const paths = present.flatMap((found) => Object.values(found.files));
  const meter = new ProgressMeter(await totalFileSize(paths), options.onProgress);
  const prefetch = await prefetchTableShapes(present.flatMap(echoPairsOf).flat(), {
    meter,
    signal: options.signal,
    minBytes: options.parallelMinBytes,
    pieceBytes: options.parallelPieceBytes,
  });
  const models: ModelReport[] = [];
  try {
    for (const model of MODEL_NAMES) {
      const found = folder.models[model];
      models.push(found.present ? await inspectModel(found, meter, options.signal, prefetch) : absentModel(model));
    }
  } finally {
    await prefetch.close();
  }
  const ok = present.length > 0 && models.every((report) => report.problems.length === 0);
  return { dir, models, ok };
}

/** The model's echo pairs that inspect reads: both halves present. */
function echoPairsOf({ files }: ModelFiles): [string, string][] {
  const pairs: [string, string][] = [];
  if (files.modelReal !== undefined && files.modelImaginary !== undefined) pairs.push([files.modelReal, files.modelImaginary]);
  if (files.evalReal !== undefined && files.evalImaginary !== undefined) pairs.push([files.evalReal, files.evalImaginary]);
  return pairs;
}

function absentModel(model: ModelName): ModelReport {
  return {
    model,
    present: false,
    files: {},
    missing: [],
    curves: null,
    labels: null,
    eval: null,
    evalTruth: null,
    submission: null,
    problems: [],
    warnings: [],
  };
}

async function inspectModel(found: ModelFiles, meter: ProgressMeter, signal: AbortSignal | undefined, prefetch: ShapePrefetch): Promise<ModelReport> {
  const { model, files, missing, warnings } = found;
  const problems = [...found.problems];
  /** Runs one read; a file error becomes a problem line and the result null. */
  const attempt = async <T>(read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof EchoFileError)) throw error;
      problems.push(error.message);
      return null;
    }
  };
  /** The pair's shape from the prefetch when it settles it, else from an exact read (its bytes counted once). */
  const checkPair = async (real: string, imaginary: string, length?: ColumnRule): Promise<CurveShape> => {
    const shape = pairShapeFrom(await prefetch.shapeOf(real), await prefetch.shapeOf(imaginary), length);
    return shape ?? checkEchoPair(real, imaginary, { length, signal, meter: prefetch.counted ? new ProgressMeter(0) : meter });
  };
  const summarise = async (path: string | undefined, rows: RowMatch | undefined): Promise<LabelFileReport | null> => {
    if (path === undefined) return null;
    const labels = await attempt(() => readLabelFile(path, { rows, signal, meter }));
    return labels && { count: labels.count, summary: summariseLabels(labels) };
  };

  let curves: CurveShape | null = null;
  if (files.modelReal !== undefined && files.modelImaginary !== undefined) {
    const [real, imaginary] = [files.modelReal, files.modelImaginary];
    curves = await attempt(() => checkPair(real, imaginary));
  }
  const modelRows = curves && files.modelReal ? { count: curves.count, what: `curves in ${basename(files.modelReal)}` } : undefined;
  const labels = await summarise(files.modelLabels, modelRows);

  let evalCurves: CurveShape | null = null;
  if (files.evalReal !== undefined && files.evalImaginary !== undefined) {
    const [real, imaginary] = [files.evalReal, files.evalImaginary];
    const length = curves && files.modelReal ? { count: curves.length, why: `like the model curves in ${basename(files.modelReal)}` } : undefined;
    evalCurves = await attempt(() => checkPair(real, imaginary, length));
  }
  const evalRows = evalCurves && files.evalReal ? { count: evalCurves.count, what: `curves in ${basename(files.evalReal)}` } : undefined;
  const evalTruth = await summarise(files.evalTruth, evalRows);
  const submission = await summarise(files.submission, evalRows);

  return {
    model,
    present: true,
    files,
    missing,
    curves,
    labels,
    eval: evalCurves,
    evalTruth,
    submission,
    problems,
    warnings,
  };
}
