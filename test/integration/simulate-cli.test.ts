// spin-echo simulate as a user runs it: a real process, the files it writes, its progress lines,
// the one-line errors with exit code 2, and Ctrl+C leaving nothing behind (exit code 130).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { execCli, type BoundedCliResult } from './cli-process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const work = await mkdtemp(join(tmpdir(), 'spin-echo-simulate-cli-'));
afterAll(() => rm(work, { recursive: true, force: true }));

function runCli(args: string[]): Promise<BoundedCliResult> {
  return execCli(['simulate', ...args]);
}

describe('spin-echo simulate', () => {
  it('writes a small data set with progress lines on a non-terminal stderr', async () => {
    const out = join(work, 'small');
    const { code, stdout, stderr } = await runCli(['--kernel', 'gauss', '--seed', '5', '--out', out, '--n-model', '4', '--n-eval', '2', '--lattice', '8', '--workers', '2']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/4 model and 2 eval curves/);
    expect(stderr).toMatch(/simulate: 6\/6 curves \(100%\)/);
    expect((await readdir(out)).sort()).toEqual(
      [
        'gauss_echos_eval_i.txt',
        'gauss_echos_eval_r.txt',
        'gauss_echos_model_i.txt',
        'gauss_echos_model_r.txt',
        'gauss_mat_info_eval_truth.txt',
        'gauss_mat_info_model.txt',
        'manifest.json',
      ].sort(),
    );
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ seed: 5, kernel: 'gauss', counts: { model: 4, eval: 2 }, options: { lattice: 8 }, timing: { workers: 2 } });

    // The model labels file, simulated again with --labels and the same seed, gives the same curves.
    const again = join(work, 'again');
    const labels = await runCli(['--kernel', 'gauss', '--seed', '5', '--out', again, '--labels', join(out, 'gauss_mat_info_model.txt'), '--lattice', '8']);
    expect(labels.code).toBe(0);
    expect(await readFile(join(again, 'gauss_echos_model_i.txt'), 'utf8')).toBe(await readFile(join(out, 'gauss_echos_model_i.txt'), 'utf8'));
  });

  it('rejects bad flags and bad label files with one line and exit code 2', async () => {
    const badLabels = join(work, 'bad_labels.txt');
    await writeFile(badLabels, '1\t2\t7\n1\t2\n');
    const cases: [string[], RegExp][] = [
      [['--kernel', 'lorentz', '--seed', '1', '--out', work], /--kernel/],
      [['--kernel', 'gauss', '--out', work], /--seed is required/],
      [['--kernel', 'gauss', '--seed', '-3', '--out', work], /--seed/],
      [['--kernel', 'gauss', '--seed', '1', '--out', work, '--lattice', '1'], /--lattice/],
      [['--kernel', 'gauss', '--seed', '1', '--out', work, '--normalisation', 'cutoff'], /--normalisation/],
      [['--kernel', 'gauss', '--seed', '1', '--out', work, '--detuning', 'never'], /--detuning/],
      [['--kernel', 'gauss', '--seed', '1', '--out', work, '--labels', badLabels, '--n-model', '3'], /--labels/],
      [['--kernel', 'gauss', '--seed', '1', '--out', join(work, 'x'), '--labels', badLabels], /bad_labels\.txt:2/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runCli(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.trim().split('\n').at(-1), args.join(' ')).toMatch(message);
    }
  });

  it('stops cleanly on Ctrl+C: exit code 130 and no files, not even temporaries', async () => {
    const out = join(work, 'interrupted');
    const child = spawn(process.execPath, ['bin/spin-echo.mjs', 'simulate', '--kernel', 'rkky', '--seed', '2', '--out', out, '--n-model', '200', '--n-eval', '0', '--lattice', '40', '--workers', '2'], { cwd: ROOT });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // The first progress line: curves are being written to temporary files.
        if (/simulate: \d+\/200/.test(stderr)) resolve();
      });
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/cancelled/);
    expect(existsSync(out)).toBe(false);
  });
});
