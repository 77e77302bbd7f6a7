// The inspect and score commands as a user runs them: real processes, fixture folders made here,
// output, the one-line error on stderr and the exit codes.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LABEL_NAMES } from '../../src-main/core/formats/curves.ts';
import {
  challengeFixture,
  matrixText,
  removeFolder,
  temporaryFolder,
  writeChallengeFiles,
  writeFixture,
} from '../unit/formats/fixtures.ts';
import { execCli as runCli } from './cli-process.ts';

const folders: string[] = [];
afterAll(() => folders.forEach(removeFolder));

function folder(): string {
  const dir = temporaryFolder();
  folders.push(dir);
  return dir;
}

/** Six significant digits, as the CLI prints statistics. */
const sixDigits = (value: number) => String(Number(value.toPrecision(6)));

describe('spin-echo inspect', () => {
  it('summarises a folder with the six files of one model', async () => {
    const dir = folder();
    const data = challengeFixture(21, 4, 5, 3);
    writeChallengeFiles(dir, 'gauss', data);
    const { code, stdout, stderr } = await runCli(['inspect', dir]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('gauss_echos_model_r.txt, gauss_echos_model_i.txt, gauss_mat_info_model.txt, gauss_echos_eval_r.txt, gauss_echos_eval_i.txt, gauss_mat_info_eval_truth.txt');
    expect(stdout).toMatch(/missing: +none/);
    expect(stdout).toMatch(/model curves: 4 x 5/);
    expect(stdout).toMatch(/eval curves: +3 x 5/);
    expect(stdout).toMatch(/labels: +4 rows/);
    expect(stdout).toMatch(/eval truth: +3 rows/);
    LABEL_NAMES.forEach((name, column) => {
      const values = data.labels.map((row) => row[column]);
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      const line = stdout.split('\n').find((text) => text.trim().startsWith(`${name} `) && text.includes(sixDigits(Math.min(...values))));
      expect(line, `statistics of ${name}`).toBeDefined();
      expect(line).toContain(`max ${sixDigits(Math.max(...values))}`);
      expect(line).toContain(`mean ${sixDigits(mean)}`);
    });
    expect(stdout).toContain('RKKY: no files');
    expect(stdout).toContain('OK: every file found reads cleanly.');
  });

  it('prints the report as JSON with --json', async () => {
    const dir = folder();
    writeChallengeFiles(dir, 'RKKY', challengeFixture(22, 2, 3, 2));
    const { code, stdout } = await runCli(['inspect', dir, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(true);
    const rkky = report.models.find((model: { model: string }) => model.model === 'RKKY');
    expect(rkky.curves).toEqual({ count: 2, length: 3 });
    expect(rkky.eval).toEqual({ count: 2, length: 3 });
    expect(rkky.problems).toEqual([]);
  });

  it('lists each file error as file:line:column: reason and exits 2', async () => {
    const dir = folder();
    const files = writeChallengeFiles(dir, 'gauss', challengeFixture(23, 3, 4, 2));
    writeFixture(dir, 'gauss_mat_info_model.txt', '1 2 3\n4 5 6 7\n8 9 10\n');
    const { code, stdout } = await runCli(['inspect', dir]);
    expect(code).toBe(2);
    expect(stdout).toContain(`problem: ${files.labels}:2:7: more than 3 values in row 2; expected 3 (alpha, xi, d)`);
    expect(stdout).toContain('1 problem(s) found.');
  });

  it('refuses a missing folder with one line on stderr and exit 2', async () => {
    const missing = join(folder(), 'absent');
    const { code, stdout, stderr } = await runCli(['inspect', missing]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`spin-echo: ${missing}: no such folder\n`);
  });
});

describe('spin-echo score', () => {
  const dir = folder();
  const train = writeFixture(dir, 'train.txt', matrixText([[0, 0, 0], [2, 4, 6]]));
  const truth = writeFixture(dir, 'truth.txt', matrixText([[1, 1, 1], [2, 2, 2]]));

  it('prints Err = 0 for a prediction equal to the truth', async () => {
    const { code, stdout, stderr } = await runCli(['score', '--pred', truth, '--truth', truth, '--train-labels', train]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n')).toContain('Err = 0');
  });

  it('prints the hand-computed score of a small case, in text and in JSON', async () => {
    // Training means (1, 2, 3) and population stds (1, 2, 3): standardised errors 1, 0, 1 / 0, 2, 0.
    const pred = writeFixture(dir, 'pred.txt', matrixText([[2, 1, 4], [2, 6, 2]]));
    const args = ['score', '--pred', pred, '--truth', truth, '--train-labels', train];
    const text = await runCli(args);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe('Err = 6\nper-element = 1\nalpha = 0.5\nxi = 2\nd = 0.5\ncurves = 2\n');
    const json = await runCli([...args, '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ err: 6, perElement: 1, perParameter: { alpha: 0.5, xi: 2, d: 0.5 }, count: 2 });
  });

  it('reports a bad prediction file as one line file:line:column: reason, exit 2, no stack trace', async () => {
    const pred = writeFixture(dir, 'ragged.txt', '1 2 3\n4 5\n');
    const { code, stdout, stderr } = await runCli(['score', '--pred', pred, '--truth', truth, '--train-labels', train]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${pred}:2:4: only 2 values in row 2; expected 3 (alpha, xi, d)\n`);
  });

  it('reports a prediction with more rows than the truth at its first extra row', async () => {
    const pred = writeFixture(dir, 'long.txt', '1 2 3\n4 5 6\n7 8 9\n');
    const { code, stderr } = await runCli(['score', '--pred', pred, '--truth', truth, '--train-labels', train]);
    expect(code).toBe(2);
    expect(stderr).toBe(`${pred}:3:1: more rows than the 2 rows of truth.txt\n`);
  });

  it('reports a missing flag as one line and exit 2', async () => {
    const { code, stderr } = await runCli(['score', '--pred', truth, '--train-labels', train]);
    expect(code).toBe(2);
    expect(stderr).toBe('spin-echo: --truth is required\n');
  });
});
