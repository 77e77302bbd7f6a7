// Bad input given to the real CLI, of the kinds that once reached the user as a raw SqliteError or
// errno text with exit code 1: each now ends with exit code 2 and one plain line naming what to fix.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_TRAINERS } from '../../src-main/core/learn/trainer-pool.ts';
import { runCliProcess } from './cli-process.ts';

const root = mkdtempSync(join(tmpdir(), 'spin-echo-cli-input-'));
const file = join(root, 'a-file.txt');
writeFileSync(file, 'not a folder\n');

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('spin-echo given bad input', () => {
  // A workspace per command: commands started together on one new workspace would race to create it.
  let made = 0;
  const workspace = () => join(root, `workspace-${++made}`);
  const badTrainers = (value: string) => new RegExp(`^spin-echo: --trainers must be an integer from 1 to ${MAX_TRAINERS}, not ${value}$`);
  const cases: [string[], RegExp][] = [
    [['runs', 'list', '--sort', 'constructor', '--workspace', workspace()], /^spin-echo: unknown run field 'constructor': use one of id, /],
    [['runs', 'list', '--where', '__proto__=1', '--workspace', workspace()], /^spin-echo: unknown run field '__proto__'/],
    [['runs', 'list', '--limit', '1e20', '--workspace', workspace()], /^spin-echo: --limit: 1e20 is too large/],
    [['runs', 'list', '--workspace', join(file, 'inside')], new RegExp(`^spin-echo: ${join(file, 'inside')}: a part of this path is a file, not a folder; check the path$`)],
    [['serve', '--workspace', file], new RegExp(`^spin-echo: --workspace: ${file} is not a folder$`)],
    [['study', '--dataset', 'ds-00000000', '--budget', '99999999h', '--workspace', workspace()], /^spin-echo: --budget: '99999999h' is longer than the 168h a study may run$/],
    [['simulate', '--kernel', 'gauss', '--seed', '1', '--n-model', '2', '--n-eval', '0', '--lattice', '4', '--out', join(file, 'out')], /^spin-echo: cannot write into the output folder: .*a-file\.txt\/out: a part of this path is a file, not a folder; check the path$/],
    // --trainers on the commands that train: an integer from 1 to the contract's bound, refused where nothing trains.
    [['train', '--dataset', 'ds-00000000', '--model', 'mlp', '--trainers', '0', '--workspace', workspace()], badTrainers('0')],
    [['train', '--dataset', 'ds-00000000', '--model', 'mlp', '--trainers', 'two', '--workspace', workspace()], badTrainers("'two'")],
    [['study', '--dataset', 'ds-00000000', '--budget', '2trials', '--trainers', String(MAX_TRAINERS + 1), '--workspace', workspace()], badTrainers(String(MAX_TRAINERS + 1))],
    [['study', 'resume', 'study-00000000', '--trainers', '1.5', '--workspace', workspace()], badTrainers("'1.5'")],
    [['runs', 'resume', 'run-00000000', '--trainers=-2', '--workspace', workspace()], badTrainers("'-2'")],
    [['serve', '--trainers', '', '--workspace', workspace()], badTrainers("''")],
    [['runs', 'list', '--trainers', '2', '--workspace', workspace()], /^spin-echo: --trainers does not go with runs list$/],
    [['study', 'list', '--trainers', '2', '--workspace', workspace()], /^spin-echo: --trainers goes with a study that trains \(a new one, or study resume\), not with study list$/],
    // A good count is taken: the command gets as far as the run it names.
    [['runs', 'resume', 'run-00000000', '--trainers', '2', '--workspace', workspace()], /^spin-echo: .*run-00000000/],
  ];

  it('exits 2 with one plain line for each', async () => {
    const results = await Promise.all(cases.map(([args]) => runCliProcess(args)));
    results.forEach((result, index) => {
      const [args, message] = cases[index];
      const label = args.join(' ');
      expect(result.code, `${label}: ${result.stderr}`).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines, label).toHaveLength(1);
      expect(lines[0], label).toMatch(message);
      expect(lines[0], label).not.toMatch(/\b(E[A-Z]{3,}|SqliteError|RangeError|Error):/);
    });
  });
});
