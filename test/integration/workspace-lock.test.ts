import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const OPENER = fileURLToPath(new URL('./fixtures/lock-opener.ts', import.meta.url));
const OPENERS = 8;
const ROUNDS = 40;

interface Opener {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: AsyncIterator<string>;
  readonly reader: Interface;
}

async function nextLine(opener: Opener): Promise<string> {
  const { value, done } = await opener.lines.next();
  if (done) throw new Error(`opener ${opener.child.pid} ended`);
  return value;
}

const dir = mkdtempSync(join(tmpdir(), 'spin-echo-lock-race-'));
const openers: Opener[] = [];
afterAll(() => {
  for (const { child } of openers) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('the workspace lock, raced by 8 processes at once', () => {
  it('has exactly one owner in every round', async () => {
    for (let i = 0; i < OPENERS; i++) {
      const child = spawn(process.execPath, ['--import', 'tsx', OPENER, dir], { stdio: ['pipe', 'pipe', 'pipe'] });
      const reader = createInterface({ input: child.stdout });
      openers.push({ child, reader, lines: reader[Symbol.asyncIterator]() });
    }
    for (const opener of openers) expect(await nextLine(opener)).toBe('ready');

    const owners: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const { child } of openers) child.stdin.write('go\n');
      const answers = await Promise.all(openers.map(nextLine));
      const owning = answers.flatMap((answer, index) => (answer === 'owner' ? [index] : []));
      expect(answers.filter((answer) => answer !== 'owner' && answer !== 'busy')).toEqual([]);
      expect(owning, `round ${round}: ${answers.join(' ')}`).toHaveLength(1);
      owners.push(owning[0]);
      openers[owning[0]].child.stdin.write('release\n');
      expect(await nextLine(openers[owning[0]])).toBe('released');
    }
    // Not a fixed winner: the race is real.
    expect(new Set(owners).size).toBeGreaterThan(1);
  });
});
