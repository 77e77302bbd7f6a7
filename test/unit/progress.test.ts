// Progress reports of long jobs keep to the contract's jobProgress event (done, total and ETA never
// negative), even when the work outgrows its estimate, so that no report is dropped on the way out.
import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JobProgress } from '../../src-main/core/api/contract.ts';
import { importChallengeFolder } from '../../src-main/core/formats/challenge-import.ts';
import { ProgressMeter, type Progress } from '../../src-main/core/progress.ts';
import { challengeFixture, removeFolder, temporaryFolder, writeChallengeFiles } from './formats/fixtures.ts';

function asEvent(progress: Progress) {
  return JobProgress.safeParse({ jobId: 'import-1', done: progress.done, total: progress.total, etaSeconds: progress.etaSeconds });
}

describe('ProgressMeter', () => {
  it('reports done, total and an ETA the contract accepts, from the first unit to the last', async () => {
    const seen: Progress[] = [];
    const meter = new ProgressMeter(4, (progress) => seen.push(progress));
    expect(meter.snapshot()).toMatchObject({ done: 0, total: 4, etaSeconds: null });
    for (let k = 0; k < 4; k++) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      meter.advance();
    }
    expect(seen.map((progress) => progress.done)).toEqual([1, 2, 3, 4]);
    expect(seen.at(-1)?.etaSeconds).toBe(0);
    for (const progress of seen) expect(asEvent(progress).success).toBe(true);
  });

  it('stretches the total, with an ETA of 0, when the work outgrows its estimate (a file that grew after it was measured)', async () => {
    const meter = new ProgressMeter(10);
    meter.advance(6);
    await new Promise((resolve) => setTimeout(resolve, 2));
    const beyond = meter.advance(7);
    expect(beyond).toMatchObject({ done: 13, total: 13, etaSeconds: 0 });
    expect(asEvent(beyond).success).toBe(true);
  });

  it('refuses to go back or by a non-number, instead of reporting a negative done', () => {
    const meter = new ProgressMeter(10);
    expect(() => meter.advance(-1)).toThrow(RangeError);
    expect(() => meter.advance(Number.NaN)).toThrow(RangeError);
    expect(() => meter.advance(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(meter.snapshot().done).toBe(0);
  });
});

describe('an import whose file grows while it reads', () => {
  it('reports only progress the contract accepts', async () => {
    const dir = temporaryFolder();
    try {
      const files = writeChallengeFiles(dir, 'gauss', challengeFixture(3, 12, 471, 4));
      const seen: Progress[] = [];
      await importChallengeFolder(dir, 'gauss', {
        onProgress: (progress) => {
          // After the sizes were summed for the total: comments are valid, so the read still succeeds.
          if (seen.length === 0) appendFileSync(files.evalTruth, `${'# appended after the sizes were measured\n'.repeat(2000)}`);
          seen.push(progress);
        },
      });
      const last = seen.at(-1)!;
      expect(last.done).toBeGreaterThan(seen[0].total);
      for (const progress of seen) expect(asEvent(progress).error).toBeUndefined();
    } finally {
      removeFolder(dir);
    }
  });
});
