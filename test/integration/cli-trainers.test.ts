// --trainers on the commands that train: an integer from 1 to the contract's bound, else exit 2
// with one plain line; refused where a command trains nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_TRAINERS } from '../../src-main/core/contract.ts';
import { runCliProcess } from './cli-process.ts';

const root = mkdtempSync(join(tmpdir(), 'spin-echo-cli-trainers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('spin-echo --trainers', () => {
  let made = 0;
  const workspace = () => join(root, `workspace-${++made}`);
  const bad = (value: string) => new RegExp(`^spin-echo: --trainers must be an integer from 1 to ${MAX_TRAINERS}, not ${value}$`);
  const cases: [string[], RegExp][] = [
    [['train', '--dataset', 'ds-00000000', '--model', 'mlp', '--trainers', '0', '--workspace', workspace()], bad('0')],
    [['train', '--dataset', 'ds-00000000', '--model', 'mlp', '--trainers', 'two', '--workspace', workspace()], bad("'two'")],
    [['study', '--dataset', 'ds-00000000', '--budget', '2trials', '--trainers', String(MAX_TRAINERS + 1), '--workspace', workspace()], bad(String(MAX_TRAINERS + 1))],
    [['study', 'resume', 'study-00000000', '--trainers', '1.5', '--workspace', workspace()], bad("'1.5'")],
    [['runs', 'resume', 'run-00000000', '--trainers=-2', '--workspace', workspace()], bad("'-2'")],
    [['serve', '--trainers', '', '--workspace', workspace()], bad("''")],
    [['runs', 'list', '--trainers', '2', '--workspace', workspace()], /^spin-echo: --trainers does not go with runs list$/],
    [['study', 'list', '--trainers', '2', '--workspace', workspace()], /^spin-echo: --trainers goes with a study that trains \(a new one, or study resume\), not with study list$/],
    // A good count is taken: the command gets as far as the run it names.
    [['runs', 'resume', 'run-00000000', '--trainers', '2', '--workspace', workspace()], /^spin-echo: .*run-00000000/],
  ];

  it('exits 2 with one plain line for each bad count or misplaced flag', async () => {
    const results = await Promise.all(cases.map(([args]) => runCliProcess(args)));
    results.forEach((result, index) => {
      const [args, message] = cases[index];
      const label = args.join(' ');
      expect(result.code, `${label}: ${result.stderr}`).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines, label).toHaveLength(1);
      expect(lines[0], label).toMatch(message);
    });
  });
});
