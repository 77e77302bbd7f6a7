import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCodeFor } from '../../src-main/cli/exit-codes.ts';
import { writeChallengeFolder } from './challenge-fixture.ts';
import { runCliProcess, type CliResult } from './cli-process.ts';

const TINY = ['--set', 'hiddenUnits=[8]', '--set', 'activations=["relu"]', '--set', 'batchSize=16', '--backend', 'cpu'];

function cli(args: readonly string[], onStderr?: (text: string, pid: number) => void): Promise<CliResult> {
  return runCliProcess(args, { onStderr, detached: true });
}

function rowsOf(path: string): number[][] {
  return readFileSync(path, 'utf8').trim().split('\n').map((line) => line.split('\t').map(Number));
}

let workspace: string;
let folder: string;
let gaussDataset: string;
let rkkyDataset: string;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'spin-echo-cli-'));
  workspace = join(root, 'workspace');
  folder = join(root, 'challenge');
  mkdirSync(folder);
  await writeChallengeFolder(folder, 'gauss', { modelCount: 40, evalCount: 10, truth: true, seed: 1 });
  await writeChallengeFolder(folder, 'RKKY', { modelCount: 40, evalCount: 7, truth: false, seed: 2 });
});

describe('spin-echo workspace commands', () => {
  let gaussRun: string;
  let rkkyRun: string;

  it('import a challenge folder, one data set per model', async () => {
    const imported = await cli(['datasets', 'import', folder, '--workspace', workspace, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    const listed = await cli(['datasets', '--json', '--workspace', workspace]);
    expect(listed.code, listed.stderr).toBe(0);
    const datasets = JSON.parse(listed.stdout) as { id: string; model: string; evalCount: number; hasEvalTruth: boolean; provenance: { folder: string } }[];
    expect(datasets.map((dataset) => [dataset.model, dataset.evalCount, dataset.hasEvalTruth]).sort()).toEqual([['RKKY', 7, false], ['gauss', 10, true]]);
    expect(datasets[0].provenance.folder).toBe(folder);
    gaussDataset = datasets.find((dataset) => dataset.model === 'gauss')!.id;
    rkkyDataset = datasets.find((dataset) => dataset.model === 'RKKY')!.id;
  });

  it('train two epochs with a progress line, by data set id and by folder', async () => {
    const gauss = await cli(['train', '--dataset', gaussDataset, '--model', 'seed-mlp', '--epochs', '2', ...TINY, '--json', '--workspace', workspace]);
    expect(gauss.code, gauss.stderr).toBe(0);
    expect(gauss.stderr).toMatch(/epoch 1\/2 +loss \S+ +val \S+ +lr \S+ +\S+ s\/epoch +ETA \d+:\d\d +cpu/);
    expect(gauss.stderr).toMatch(/epoch 2\/2 /);
    const run = JSON.parse(gauss.stdout) as { id: string; status: string; backend: string; datasetId: string };
    expect(run).toMatchObject({ status: 'finished', backend: 'cpu', datasetId: gaussDataset });
    gaussRun = run.id;

    // A folder names its data set: the one imported earlier, since its files have not changed.
    const rkky = await cli(['train', '--dataset', folder, '--kernel', 'rkky', '--model', 'seed-mlp', '--epochs', '2', ...TINY, '--set', 'learningRate=0.01', '--json', '--workspace', workspace]);
    expect(rkky.code, rkky.stderr).toBe(0);
    expect(rkky.stderr).toContain(`using ${rkkyDataset}`);
    rkkyRun = (JSON.parse(rkky.stdout) as { id: string }).id;
  });

  it('train --model auto: a study of every preset within the budget, the presets\' defaults first', async () => {
    const result = await cli(['train', '--dataset', gaussDataset, '--model', 'auto', '--budget', '4s', ...TINY, '--json', '--workspace', workspace]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/study-\w+: the auto preset is a study of ds-\w+ .*budget 4s/);
    const { study, trials } = JSON.parse(result.stdout) as { study: { id: string; datasetId: string; status: string; elapsedSeconds: number }; trials: { run: { preset: string; tags: string[]; hyperparameters: Record<string, unknown> } }[] };
    expect(study).toMatchObject({ datasetId: gaussDataset, status: 'finished' });
    expect(study.elapsedSeconds).toBeGreaterThanOrEqual(4);
    expect(trials[0].run).toMatchObject({ preset: 'mlp', hyperparameters: { hiddenUnits: [8], batchSize: 16, earlyStopping: false } });
    expect(trials.every((trial) => trial.run.tags.includes(`study:${study.id}`))).toBe(true);
  });

  it('list, show and compare runs, with the backend in every summary', async () => {
    const list = await cli(['runs', 'list', '--workspace', workspace]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${gaussRun} +${gaussDataset} +seed-mlp +finished +cpu +2/2`));
    const filtered = await cli(['runs', 'list', '--where', 'hp.learningRate>0.005', '--json', '--workspace', workspace]);
    expect((JSON.parse(filtered.stdout) as { id: string }[]).map((run) => run.id)).toEqual([rkkyRun]);

    const show = await cli(['runs', 'show', gaussRun, '--workspace', workspace]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/backend +cpu/);
    expect(show.stdout).toMatch(/hiddenUnits +\[8\]/);
    expect(show.stdout).toMatch(/eval-predictions +runs\/.+ float64 \[10 x 3\]/);

    const compare = await cli(['runs', 'compare', gaussRun, rkkyRun, '--workspace', workspace]);
    expect(compare.code, compare.stderr).toBe(0);
    expect(compare.stdout).toMatch(/backend +cpu +cpu/);
    expect(compare.stdout).toMatch(/hp\.learningRate +0\.001 +0\.01/);
    expect(compare.stdout).not.toMatch(/hp\.hiddenUnits/);
    const compareJson = JSON.parse((await cli(['runs', 'compare', gaussRun, rkkyRun, '--json', '--workspace', workspace])).stdout);
    expect(Object.keys(compareJson.hyperparameters)).toEqual(['learningRate']);
    expect(compareJson.metrics.bestValLoss).toHaveLength(2);
  });

  it('predict and export: rows x 3 for every eval curve, a summary, and the score where the truth is known', async () => {
    const predicted = join(workspace, '..', 'gauss-predictions.txt');
    const predict = await cli(['predict', '--run', gaussRun, '--out', predicted, '--workspace', workspace]);
    expect(predict.code, predict.stderr).toBe(0);
    const rows = rowsOf(predicted);
    expect(rows).toHaveLength(10);
    expect(rows.every((row) => row.length === 3 && row.every(Number.isFinite))).toBe(true);
    // An --out that is no regular file (a named pipe here, as /dev/full would be for root) is refused and left alone.
    const pipe = join(workspace, '..', 'pipe');
    execFileSync('mkfifo', [pipe]);
    const refused = await cli(['predict', '--run', gaussRun, '--out', pipe, '--workspace', workspace]);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr.trim()).toBe(`spin-echo: ${pipe} is a named pipe, not a regular file: it is left as it is; choose another name`);
    expect(lstatSync(pipe).isFIFO()).toBe(true);

    const out = join(workspace, '..', 'submission');
    const exported = await cli(['export', '--gauss', gaussRun, '--rkky', rkkyRun, '--out', out, '--workspace', workspace]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(rowsOf(join(out, 'gauss_mat_info_eval.txt'))).toEqual(rows);
    const rkkyRows = rowsOf(join(out, 'RKKY_mat_info_eval.txt'));
    expect(rkkyRows).toHaveLength(7);
    expect(rkkyRows.every((row) => row.length === 3)).toBe(true);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.models.gauss.run).toMatchObject({ id: gaussRun, preset: 'seed-mlp', backend: 'cpu' });
    expect(summary.models.RKKY.run.hyperparameters.learningRate).toBe(0.01);
    expect(summary.models.RKKY.dataset.provenance.folder).toBe(folder);
    expect(summary.models.gauss.score.count).toBe(10);
    expect(summary.models.gauss.score.perElement).toBeCloseTo(summary.models.gauss.score.err / 30, 12);
    expect(summary.models.RKKY.score).toBeNull();
    expect(exported.stdout).toMatch(/gauss score against the answer key: Err \S+, per-element \S+ \(10 curves\)/);
  });

  it('cancel a run cleanly on Ctrl-C, even when the terminal interrupts the trainer too', async () => {
    let sent = false;
    const result = await cli(['train', '--dataset', gaussDataset, '--model', 'seed-mlp', '--epochs', '1000', ...TINY, '--json', '--workspace', workspace], (stderr, pid) => {
      if (!sent && /epoch 2\//.test(stderr)) {
        sent = true;
        process.kill(-pid, 'SIGINT');
      }
    });
    expect(result.code, result.stderr).toBe(130);
    const run = JSON.parse(result.stdout) as { status: string };
    expect(run.status).toBe('cancelled');
  });

  it('refuse bad flags with exit code 2 and one clear line', async () => {
    // Through the real CLI: exit code and the one line on stderr.
    const spawned: [string[], RegExp][] = [
      [['train', '--model', 'seed-mlp'], /--dataset is required/],
      [['train', '--dataset', 'ds-00000000', '--model', 'seed-mlp', '--backend', 'gpu'], /unknown backend 'gpu'/],
      [['runs', 'list', '--where', 'learningRate'], /expected FIELD OP VALUE/],
      [['export', '--gauss', 'best'], /--out is required/],
      [['predict', '--run', 'run-00000000', '--out', '/tmp/x'], /no run 'run-00000000'/],
    ];
    const results = await Promise.all(spawned.map(([args]) => cli([...args, '--workspace', workspace])));
    results.forEach((result, index) => {
      const [args, message] = spawned[index];
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr).toMatch(/^spin-echo: /);
    });

    // The other refusals in this process: each an InputError, which the CLI turns into exit code 2.
    const commands = {
      train: await import('../../src-main/cli/commands/train.ts'),
      runs: await import('../../src-main/cli/commands/runs.ts'),
      datasets: await import('../../src-main/cli/commands/datasets.ts'),
      export: await import('../../src-main/cli/commands/export.ts'),
    };
    const refused: [keyof typeof commands, string[], RegExp][] = [
      ['train', ['--dataset', 'ds-00000000', '--model', 'seed-mlp', '--epochs', '0'], /--epochs: 0 is outside/],
      ['train', ['--dataset', 'ds-00000000', '--model', 'no-such'], /unknown preset 'no-such'/],
      ['train', ['--dataset', 'ds-00000000', '--model', 'seed-mlp', '--set', 'learningRate'], /expected key=value/],
      ['train', ['--dataset', 'ds-00000000', '--model', 'seed-mlp', '--bogus'], /Unknown option '--bogus'/],
      ['train', ['--dataset', '/no/such/folder', '--model', 'seed-mlp'], /neither a data set id .* nor a folder/],
      ['train', ['--dataset', gaussDataset, '--model', 'seed-mlp', '--set', 'learningRate=-1'], /learningRate: must be a number > 0/],
      ['train', ['--dataset', gaussDataset, '--model', 'seed-mlp', '--budget', '5m'], /--budget goes with --model auto/],
      ['train', ['--dataset', gaussDataset, '--model', 'auto', '--epochs', '3'], /rungs set the epochs/],
      ['train', ['--dataset', gaussDataset, '--model', 'auto', '--budget', 'soon'], /neither a time/],
      ['train', ['--dataset', gaussDataset, '--model', 'auto', '--set', 'epochs=3'], /rungs set the epochs/],
      ['runs', ['list', '--status', 'sleeping'], /unknown status 'sleeping'/],
      ['runs', ['list', '--sort', 'nonsense'], /unknown run field 'nonsense'/],
      ['runs', ['show'], /takes one run id/],
      ['runs', ['compare', 'run-00000000'], /two run ids or more/],
      ['export', ['--out', '/tmp/x'], /--gauss or --rkky/],
      ['datasets', ['import', '/no/such/folder'], /no such folder/],
      ['datasets', ['import', folder, '--model', 'lorentz'], /unknown model 'lorentz'/],
    ];
    for (const [command, args, message] of refused) {
      const attempt = commands[command].run([...args, '--workspace', workspace]);
      await expect(attempt, `${command} ${args.join(' ')}`).rejects.toThrow(message);
      expect(exitCodeFor(await attempt.catch((error: unknown) => error)), `${command} ${args.join(' ')}`).toBe(2);
    }
  });
});
