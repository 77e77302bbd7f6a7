import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDatasetRecipe } from '../../src-main/core/fit/dataset-recipe.ts';
import { MANIFEST_FILE } from '../../src-main/core/formats/dataset-manifest.ts';
import { generateDataset } from '../../src-main/core/workspace/generate-dataset.ts';
import { openWorkspace } from '../../src-main/core/workspace/workspace.ts';
import { runCliProcess, type CliResult } from './cli-process.ts';

function cli(args: readonly string[], onStderr?: (text: string, pid: number) => void): Promise<CliResult> {
  return runCliProcess(args, { onStderr });
}

// Two curves of known labels on a 24 x 24 lattice: a few milliseconds per simulation.
const LABELS = [
  [8, 6, 7],
  [15, 5, 6.5],
];
let workspaceDir: string;
let simulated: string;
let foreign: string;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'spin-echo-fit-'));
  const folder = join(root, 'simulated');
  await generateDataset({
    kernel: 'gauss',
    seed: 4,
    outDir: folder,
    source: { kind: 'labels', labels: { count: 2, data: Float64Array.from(LABELS.flat()) } },
    options: { lattice: 24 },
    workers: 1,
  });
  // The same files without their manifest: curves from elsewhere, whose recipe nobody knows.
  const copy = join(root, 'foreign');
  mkdirSync(copy);
  for (const name of readdirSync(folder)) if (name !== MANIFEST_FILE) copyFileSync(join(folder, name), join(copy, name));
  workspaceDir = join(root, 'workspace');
  const workspace = await openWorkspace(workspaceDir);
  try {
    [simulated, foreign] = [(await workspace.datasets.importFolder(folder))[0].id, (await workspace.datasets.importFolder(copy))[0].id];
    expect(await readDatasetRecipe(workspace.datasets.get(simulated))).toMatchObject({ kernel: 'gauss', seed: 4, options: { lattice: 24 } });
    expect(await readDatasetRecipe(workspace.datasets.get(foreign))).toBeNull();
  } finally {
    await workspace.close();
  }
});


describe('spin-echo fit', () => {
  it("recovers a curve's alpha and d with the recipe of the data set's manifest, and prints start, fit and truth", async () => {
    const json = await cli(['fit', '--dataset', simulated, '--curve', '0', '--start', '10,8,7.6', '--max-evals', '200', '--json', '--workspace', workspaceDir]);
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as { best: { alpha: number; d: number; distance: number }; start: { distance: number }; truth: { alpha: number }; recipe: { from: string } };
    expect(Math.abs(result.best.alpha - 8)).toBeLessThan(1);
    expect(Math.abs(result.best.d - 7)).toBeLessThan(0.4);
    expect(result.best.distance).toBeLessThan(result.start.distance);
    expect(result.truth.alpha).toBe(8);
    expect(result.recipe.from).toMatch(/manifest\.json$/);

    const text = await cli(['fit', '--dataset', simulated, '--curve', '1', '--max-evals', '6', '--workspace', workspaceDir]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/start: prior centre/);
    expect(text.stderr).toMatch(/start: the centre of the recipe's priors/);
    expect(text.stdout).toMatch(/^fit /m);
    expect(text.stdout).toMatch(/^truth\s+15\s+5\s+6\.5/m);
    expect(text.stdout).toMatch(/6 simulations .* stopped at the budget/);
    expect(text.stderr).toMatch(/fit 6\/6/);
  });

  it("fits a data set without a known recipe with the physics defaults, saying so, or with the settings given; refuses bad flags", async () => {
    // The Explorer's rule: no recipe known, the physics defaults (L = 100, seed 0) stand in and are named.
    const assumed = await cli(['fit', '--dataset', foreign, '--curve', '0', '--max-evals', '2', '--workspace', workspaceDir]);
    expect(assumed.code, assumed.stderr).toBe(0);
    expect(assumed.stderr).toMatch(/L = 100, .* seed 0 \(recipe: the physics defaults: no recipe is known for these curves\)/);
    const spelled = await cli(['fit', '--dataset', foreign, '--curve', '0', '--lattice', '24', '--sim-seed', '4', '--max-evals', '4', '--json', '--workspace', workspaceDir]);
    expect(spelled.code, spelled.stderr).toBe(0);
    expect(spelled.stderr).toMatch(/L = 24, .* seed 4 \(recipe: the settings given: no recipe is known for these curves\)/);
    // With the recipe spelled out right, the truth reproduces the curve (up to its float32 rounding).
    expect((JSON.parse(spelled.stdout) as { truthDistance: number }).truthDistance).toBeLessThan(1e-6);
    for (const [flags, message] of [
      [['--curve', '2'], /curve 2 is outside the model curves .* \(2\)/],
      [['--curve', '0', '--start', '1,2'], /three numbers/],
      [['--curve', '0', '--start', '1,2,3', '--run', 'run-00000000'], /--start or --run/],
      [['--curve', '0', '--eval'], /outside the eval curves .* \(0\)/],
      [['--curve', '0', '--run', 'run-00000000'], /run-00000000/],
    ] as const) {
      const bad = await cli(['fit', '--dataset', simulated, ...flags, '--workspace', workspaceDir]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(message);
    }
  });

  it('stops on Ctrl-C with the best point so far', async () => {
    let sent = false;
    const cancelled = await cli(['fit', '--dataset', simulated, '--curve', '0', '--start', '10,8,7.6', '--workspace', workspaceDir], (stderr, pid) => {
      if (!sent && /fit \d+\/250/.test(stderr)) {
        sent = true;
        process.kill(pid, 'SIGINT');
      }
    });
    expect(cancelled.code).toBe(130);
    expect(cancelled.stderr).toMatch(/fit cancelled; best so far: alpha/);
  });
});
