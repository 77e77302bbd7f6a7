// Temporary folders, fixture files and error assertions shared by the format, score and CLI tests.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { EchoFileError } from '../../../src-main/core/errors.ts';
import { numpyExponential, seededRandom } from './fixture-numbers.ts';

export { numpyExponential, seededRandom };

/** A fresh folder under the system's temporary directory. */
export function temporaryFolder(): string {
  return mkdtempSync(join(tmpdir(), 'spin-echo-formats-'));
}

export function removeFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Writes text (or bytes) as a file in dir and returns its path. */
export function writeFixture(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Awaits a rejection and checks that it is an EchoFileError at exactly this place. */
export async function expectFileError(
  promise: Promise<unknown>,
  where: { path: string; line: number; column: number; reason?: RegExp },
): Promise<EchoFileError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, 'expected an EchoFileError').toBeInstanceOf(EchoFileError);
  const fileError = error as EchoFileError;
  expect({ path: fileError.path, line: fileError.line, column: fileError.column }).toEqual({
    path: where.path,
    line: where.line,
    column: where.column,
  });
  if (where.reason) expect(fileError.reason).toMatch(where.reason);
  expect(fileError.message).toBe(`${where.path}:${where.line}:${where.column}: ${fileError.reason}`);
  return fileError;
}

/** Text of a matrix: rows joined by newline, values by the separator, each value by format. */
export function matrixText(rows: number[][], format: (value: number) => string = String, separator = '\t'): string {
  return rows.map((row) => row.map(format).join(separator)).join('\n') + '\n';
}

export interface ChallengeFixture {
  readonly modelReal: number[][];
  readonly modelImaginary: number[][];
  readonly labels: number[][];
  readonly evalReal: number[][];
  readonly evalImaginary: number[][];
  readonly evalTruth: number[][];
}

/** Random curves and labels of one model: count x length model curves, evalCount eval curves. */
export function challengeFixture(seed: number, count: number, length: number, evalCount: number): ChallengeFixture {
  const random = seededRandom(seed);
  const matrix = (rows: number, columns: number, scale: number, offset: number) =>
    Array.from({ length: rows }, () => Array.from({ length: columns }, () => offset + scale * random()));
  return {
    modelReal: matrix(count, length, 0.4, -0.2),
    modelImaginary: matrix(count, length, 0.4, -0.2),
    labels: matrix(count, 3, 9, 1),
    evalReal: matrix(evalCount, length, 0.4, -0.2),
    evalImaginary: matrix(evalCount, length, 0.4, -0.2),
    evalTruth: matrix(evalCount, 3, 9, 1),
  };
}

/** Writes the six standard files of `model` (prefix spelled as given, e.g. 'rkky'); returns their paths. */
export function writeChallengeFiles(dir: string, prefix: string, data: ChallengeFixture): Record<keyof ChallengeFixture, string> {
  return {
    modelReal: writeFixture(dir, `${prefix}_echos_model_r.txt`, matrixText(data.modelReal, numpyExponential, ' ')),
    modelImaginary: writeFixture(dir, `${prefix}_echos_model_i.txt`, matrixText(data.modelImaginary, numpyExponential, ' ')),
    labels: writeFixture(dir, `${prefix}_mat_info_model.txt`, matrixText(data.labels)),
    evalReal: writeFixture(dir, `${prefix}_echos_eval_r.txt`, matrixText(data.evalReal, (v) => v.toFixed(16))),
    evalImaginary: writeFixture(dir, `${prefix}_echos_eval_i.txt`, matrixText(data.evalImaginary, (v) => v.toFixed(16))),
    evalTruth: writeFixture(dir, `${prefix}_mat_info_eval_truth.txt`, matrixText(data.evalTruth)),
  };
}
