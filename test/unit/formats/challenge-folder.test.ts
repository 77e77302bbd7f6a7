import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError, InputError } from '../../../src-main/core/errors.ts';
import { challengeFileName, findChallengeFiles, parseModelName } from '../../../src-main/core/formats/challenge-files.ts';
import { importChallengeFolder } from '../../../src-main/core/formats/challenge-import.ts';
import { inspectChallengeFolder } from '../../../src-main/core/formats/challenge-inspect.ts';
import type { Progress } from '../../../src-main/core/progress.ts';
import {
  challengeFixture,
  expectFileError,
  matrixText,
  numpyExponential,
  removeFolder,
  temporaryFolder,
  writeChallengeFiles,
  writeFixture,
} from './fixtures.ts';

const folders: string[] = [];
function folder(): string {
  const dir = temporaryFolder();
  folders.push(dir);
  return dir;
}
afterAll(() => folders.forEach(removeFolder));

describe('findChallengeFiles', () => {
  it('recognises the six standard names and a submission, per model, in any case', async () => {
    const dir = folder();
    writeChallengeFiles(dir, 'gauss', challengeFixture(1, 3, 4, 2));
    writeFixture(dir, 'gauss_mat_info_eval.txt', '1 2 3\n4 5 6\n');
    writeFixture(dir, 'rkky_echos_model_r.txt', '1\n');
    writeFixture(dir, 'Rkky_Mat_Info_Model.TXT', '1 2 3\n');
    writeFixture(dir, 'notes.txt', 'unrelated\n');
    const found = await findChallengeFiles(dir);

    const gauss = found.models.gauss;
    expect(gauss.present).toBe(true);
    expect(gauss.importable).toBe(true);
    expect(gauss.missing).toEqual([]);
    expect(gauss.problems).toEqual([]);
    expect(gauss.files).toEqual({
      modelReal: join(dir, 'gauss_echos_model_r.txt'),
      modelImaginary: join(dir, 'gauss_echos_model_i.txt'),
      modelLabels: join(dir, 'gauss_mat_info_model.txt'),
      evalReal: join(dir, 'gauss_echos_eval_r.txt'),
      evalImaginary: join(dir, 'gauss_echos_eval_i.txt'),
      evalTruth: join(dir, 'gauss_mat_info_eval_truth.txt'),
      submission: join(dir, 'gauss_mat_info_eval.txt'),
    });

    const rkky = found.models.RKKY;
    expect(rkky.files).toEqual({ modelReal: join(dir, 'rkky_echos_model_r.txt'), modelLabels: join(dir, 'Rkky_Mat_Info_Model.TXT') });
    expect(rkky.importable).toBe(false);
    expect(rkky.missing).toEqual(['modelImaginary', 'evalReal', 'evalImaginary', 'evalTruth']);
    expect(rkky.problems).toEqual(['missing RKKY_echos_model_i.txt']);
  });

  it('flags half an eval pair and an answer key without eval curves, and prefers the exact spelling', async () => {
    const dir = folder();
    writeFixture(dir, 'gauss_echos_eval_r.txt', '1\n');
    writeFixture(dir, 'RKKY_mat_info_eval_truth.txt', '1 2 3\n');
    writeFixture(dir, 'RKKY_echos_model_r.txt', '1\n');
    writeFixture(dir, 'rkky_echos_model_r.txt', '1\n');
    const found = await findChallengeFiles(dir);
    expect(found.models.gauss.problems).toContain('missing gauss_echos_eval_i.txt to go with gauss_echos_eval_r.txt');
    expect(found.models.RKKY.problems).toContain('RKKY_mat_info_eval_truth.txt has no eval curves to go with');
    expect(found.models.RKKY.files.modelReal).toBe(join(dir, 'RKKY_echos_model_r.txt'));
    expect(found.models.RKKY.warnings).toEqual(['several files name RKKY_echos_model_r.txt: using RKKY_echos_model_r.txt, ignoring rkky_echos_model_r.txt']);
  });

  it('reports an absent model as absent, and a missing folder as an InputError', async () => {
    const dir = folder();
    const found = await findChallengeFiles(dir);
    expect(found.models.gauss).toMatchObject({ present: false, importable: false, problems: [] });
    await expect(findChallengeFiles(join(dir, 'nope'))).rejects.toBeInstanceOf(InputError);
  });

  it('spells names as the challenge does', () => {
    expect(challengeFileName('RKKY', 'modelReal')).toBe('RKKY_echos_model_r.txt');
    expect(challengeFileName('gauss', 'evalTruth')).toBe('gauss_mat_info_eval_truth.txt');
    expect(parseModelName('rkky')).toBe('RKKY');
    expect(parseModelName('GAUSS')).toBe('gauss');
    expect(() => parseModelName('lorentz')).toThrow(InputError);
  });
});

describe('importChallengeFolder', () => {
  it('loads model curves, labels, eval curves and the answer key as typed arrays', async () => {
    const dir = folder();
    const data = challengeFixture(2, 5, 6, 3);
    writeChallengeFiles(dir, 'rkky', data);
    const reports: Progress[] = [];
    const imported = await importChallengeFolder(dir, 'RKKY', { onProgress: (progress) => reports.push(progress) });
    expect(imported.model).toBe('RKKY');
    expect([imported.curves.count, imported.curves.length]).toEqual([5, 6]);
    expect(imported.curves.data[(2 * 6 + 3) * 2]).toBe(Number(numpyExponential(data.modelReal[2][3])));
    expect(imported.curves.data[(2 * 6 + 3) * 2 + 1]).toBe(Number(numpyExponential(data.modelImaginary[2][3])));
    expect(Array.from(imported.labels.data)).toEqual(data.labels.flat());
    expect([imported.eval?.count, imported.eval?.length]).toEqual([3, 6]);
    expect(imported.eval?.data[1]).toBe(Number(data.evalImaginary[0][0].toFixed(16)));
    expect(Array.from(imported.evalTruth?.data ?? [])).toEqual(data.evalTruth.flat());
    expect(imported.files.modelLabels).toBe(join(dir, 'rkky_mat_info_model.txt'));
    const last = reports.at(-1);
    expect(last?.done).toBe(last?.total);
  });

  it('imports without eval files', async () => {
    const dir = folder();
    const files = writeChallengeFiles(dir, 'gauss', challengeFixture(3, 2, 3, 2));
    for (const path of [files.evalReal, files.evalImaginary, files.evalTruth]) rmSync(path);
    const imported = await importChallengeFolder(dir, 'gauss');
    expect(imported.eval).toBeNull();
    expect(imported.evalTruth).toBeNull();
  });

  it('refuses labels that do not match the curve count', async () => {
    const dir = folder();
    const data = challengeFixture(4, 4, 3, 2);
    const files = writeChallengeFiles(dir, 'gauss', { ...data, labels: data.labels.slice(0, 3) });
    await expectFileError(importChallengeFolder(dir, 'gauss'), {
      path: files.labels,
      line: 4,
      column: 1,
      reason: /^only 3 rows for the 4 curves in gauss_echos_model_r.txt$/,
    });
  });

  it('refuses eval curves of another length than the model curves', async () => {
    const dir = folder();
    const data = challengeFixture(5, 2, 4, 2);
    const shortRows = data.evalReal.map((row) => row.slice(0, 3));
    const files = writeChallengeFiles(dir, 'gauss', { ...data, evalReal: shortRows });
    const firstLine = shortRows[0].map((value) => value.toFixed(16)).join('\t');
    await expectFileError(importChallengeFolder(dir, 'gauss'), {
      path: files.evalReal,
      line: 1,
      column: firstLine.length + 1, // just past the third value
      reason: /^only 3 values in row 1; expected 4 like the model curves in gauss_echos_model_r.txt$/,
    });
  });

  it('refuses an answer key that does not match the eval count', async () => {
    const dir = folder();
    const data = challengeFixture(6, 2, 4, 2);
    const files = writeChallengeFiles(dir, 'gauss', data);
    writeFixture(dir, 'gauss_mat_info_eval_truth.txt', matrixText([...data.evalTruth, [1, 2, 3]]));
    await expectFileError(importChallengeFolder(dir, 'gauss'), {
      path: files.evalTruth,
      line: 3,
      column: 1,
      reason: /^more rows than the 2 curves in gauss_echos_eval_r.txt$/,
    });
  });

  it('refuses a model with a required file missing, or half an eval pair, as an InputError', async () => {
    const dir = folder();
    const files = writeChallengeFiles(dir, 'gauss', challengeFixture(7, 2, 3, 2));
    rmSync(files.evalImaginary);
    await expect(importChallengeFolder(dir, 'gauss')).rejects.toThrow(/missing gauss_echos_eval_i.txt to go with gauss_echos_eval_r.txt/);
    rmSync(files.labels);
    await expect(importChallengeFolder(dir, 'gauss')).rejects.toThrow(/missing gauss_mat_info_model.txt/);
    await expect(importChallengeFolder(dir, 'RKKY')).rejects.toThrow(/no RKKY files/);
  });

  it('stops with CancelledError when the signal fires', async () => {
    const dir = folder();
    writeChallengeFiles(dir, 'gauss', challengeFixture(8, 2, 3, 2));
    const controller = new AbortController();
    controller.abort();
    await expect(importChallengeFolder(dir, 'gauss', { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('inspectChallengeFolder', () => {
  it('summarises a clean model and marks the folder ok', async () => {
    const dir = folder();
    const data = challengeFixture(9, 4, 5, 3);
    writeChallengeFiles(dir, 'gauss', data);
    const report = await inspectChallengeFolder(dir);
    expect(report.ok).toBe(true);
    const gauss = report.models.find((model) => model.model === 'gauss');
    expect(gauss?.curves).toEqual({ count: 4, length: 5 });
    expect(gauss?.eval).toEqual({ count: 3, length: 5 });
    const alphas = data.labels.map((row) => row[0]);
    expect(gauss?.labels?.summary.alpha.min).toBe(Math.min(...alphas));
    expect(gauss?.labels?.summary.alpha.max).toBe(Math.max(...alphas));
    expect(gauss?.labels?.summary.alpha.mean).toBeCloseTo(alphas.reduce((a, b) => a + b) / alphas.length, 12);
    expect(gauss?.evalTruth?.count).toBe(3);
    expect(report.models.find((model) => model.model === 'RKKY')?.present).toBe(false);
  });

  it('collects every problem instead of stopping at the first', async () => {
    const dir = folder();
    const files = writeChallengeFiles(dir, 'gauss', challengeFixture(10, 3, 4, 2));
    writeFixture(dir, 'gauss_echos_model_i.txt', '0 0 0 0\n0 0 nan 0\n0 0 0 0\n');
    writeFixture(dir, 'gauss_mat_info_eval_truth.txt', '1 2 3\n4 5\n');
    const report = await inspectChallengeFolder(dir);
    expect(report.ok).toBe(false);
    expect(report.models[0].problems).toEqual([
      `${files.modelImaginary}:2:5: 'nan' is not a finite number`,
      `${files.evalTruth}:2:4: only 2 values in row 2; expected 3 (alpha, xi, d)`,
    ]);
    expect(report.models[0].labels?.count).toBe(3);
  });
});
