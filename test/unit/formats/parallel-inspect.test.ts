// Inspecting a folder with its echo files prefetched on two threads must give the very report of a
// plain, one-thread inspection: the same shapes, the same problems, word for word.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src-main/core/errors.ts';
import { inspectChallengeFolder } from '../../../src-main/core/formats/challenge-inspect.ts';
import { prefetchTableShapes } from '../../../src-main/core/formats/table-prefetch.ts';
import { ProgressMeter, type Progress } from '../../../src-main/core/progress.ts';
import { challengeFixture, removeFolder, temporaryFolder, writeChallengeFiles, writeFixture } from './fixtures.ts';

const root = temporaryFolder();
afterAll(() => removeFolder(root));
const folder = () => mkdtempSync(join(root, 'folder-'));

const PARALLEL = { parallelMinBytes: 0 };
/** Pieces of a few rows: every file is cut many times, and both threads take pieces of each. */
const PIECES = { parallelMinBytes: 0, parallelPieceBytes: 64 };
const ONE_THREAD = { parallelMinBytes: Infinity };

/** A gauss folder of 6 model and 4 eval curves of 5 points, with `damage` applied file by file. */
function damagedFolder(damage: Partial<Record<'modelReal' | 'modelImaginary' | 'evalReal' | 'evalImaginary', string>>): string {
  const dir = folder();
  writeChallengeFiles(dir, 'gauss', challengeFixture(21, 6, 5, 4));
  writeChallengeFiles(dir, 'RKKY', challengeFixture(22, 3, 5, 2));
  const names = { modelReal: 'gauss_echos_model_r.txt', modelImaginary: 'gauss_echos_model_i.txt', evalReal: 'gauss_echos_eval_r.txt', evalImaginary: 'gauss_echos_eval_i.txt' };
  for (const [role, text] of Object.entries(damage)) writeFixture(dir, names[role as keyof typeof names], text);
  return dir;
}

const row = (values: number) => Array.from({ length: values }, (_, k) => (k / 10).toFixed(1)).join(' ');
const rows = (count: number, values = 5) => Array.from({ length: count }, () => row(values)).join('\n') + '\n';

const CASES: [string, Parameters<typeof damagedFolder>[0]][] = [
  ['a clean folder', {}],
  ['an imaginary file with a row too many', { modelImaginary: rows(7) }],
  ['an imaginary file a row short', { modelImaginary: rows(5) }],
  ['eval curves longer than the model curves', { evalReal: rows(4, 6), evalImaginary: rows(4, 6) }],
  ['eval curves of another length when the model curves fail', { modelReal: rows(6) + 'x\n', evalReal: rows(4, 6), evalImaginary: rows(4, 6) }],
  ['a bad token late in an imaginary file that also has too many rows', { modelImaginary: rows(7) + '1 2 nan 4 5\n' }],
  ['an empty real file', { evalReal: '' }],
  ['imaginary rows of another length', { evalImaginary: rows(4, 4) }],
  ['a short row in the middle of a real file', { modelReal: rows(3) + row(4) + '\n' + rows(2) }],
  ['a short last row', { evalImaginary: rows(3) + row(3) + '\n' }],
  ['a long row after the first', { modelImaginary: row(5) + '\n' + row(6) + '\n' + rows(4) }],
  ['CR-only line ends and comments', { modelReal: '# r\r' + rows(6).replaceAll('\n', '\r'), modelImaginary: rows(6).replaceAll('\n', ' # i\r\n') }],
  ['a BOM and blank lines', { evalReal: '\uFEFF\n' + rows(2) + '\n\n' + rows(2) }],
];

describe('inspectChallengeFolder on two threads', () => {
  it.each(CASES)('reports %s as one thread does', async (_name, damage) => {
    const dir = damagedFolder(damage);
    const plain = await inspectChallengeFolder(dir, ONE_THREAD);
    expect(await inspectChallengeFolder(dir, PARALLEL)).toEqual(plain);
    expect(await inspectChallengeFolder(dir, PIECES)).toEqual(plain);
  });

  it('reports a short row near a piece cut at its line and column', async () => {
    const dir = damagedFolder({ modelReal: rows(3) + '0.0 0.1 0.2\n' + rows(2) });
    const report = await inspectChallengeFolder(dir, PIECES);
    const gauss = report.models.find((model) => model.model === 'gauss')!;
    expect(gauss.problems).toEqual([`${join(dir, 'gauss_echos_model_r.txt')}:4:12: only 3 values in row 4; expected 5 like the first row (line 1)`]);
  });

  it.each([
    ['whole files', PARALLEL],
    ['pieces', PIECES],
  ])('reports progress without counting a byte twice, up to the whole folder when it is clean: %s', async (_name, options) => {
    const dir = damagedFolder({});
    const reports: Progress[] = [];
    await inspectChallengeFolder(dir, { ...options, onProgress: (progress) => reports.push(progress) });
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.at(-1)!.done).toBe(reports.at(-1)!.total);
    expect(reports.every((progress) => progress.done <= progress.total)).toBe(true);
  });

  it.each([
    ['whole files', PARALLEL],
    ['pieces', PIECES],
  ])('stops with CancelledError when cancelled: %s', async (_name, options) => {
    const dir = damagedFolder({});
    const controller = new AbortController();
    const inspecting = inspectChallengeFolder(dir, { ...options, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(inspecting).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('prefetchTableShapes', () => {
  it('reads shapes on two threads above the threshold, and nothing below it', async () => {
    const dir = folder();
    const paths = [writeFixture(dir, 'a.txt', rows(3)), writeFixture(dir, 'b.txt', rows(2, 4)), writeFixture(dir, 'c.txt', 'x\n'), writeFixture(dir, 'd.txt', rows(1, 7))];
    const meter = new ProgressMeter(0);
    const prefetch = await prefetchTableShapes(paths, { meter, minBytes: 0 });
    try {
      expect(prefetch.counted).toBe(true);
      expect(await Promise.all(paths.map((path) => prefetch.shapeOf(path)))).toEqual([{ rows: 3, columns: 5 }, { rows: 2, columns: 4 }, null, { rows: 1, columns: 7 }]);
    } finally {
      await prefetch.close();
    }
    const below = await prefetchTableShapes(paths, { meter, minBytes: 1 << 20 });
    expect(below.counted).toBe(false);
    expect(await below.shapeOf(paths[0])).toBeNull();
  });

  it('merges the shapes of pieces taken by both threads, and gives null for a table with a bad piece', async () => {
    const dir = folder();
    const long = rows(200);
    const paths = [writeFixture(dir, 'a.txt', long), writeFixture(dir, 'b.txt', rows(100) + row(4) + '\n' + rows(100)), writeFixture(dir, 'c.txt', rows(150, 7))];
    const prefetch = await prefetchTableShapes(paths, { meter: new ProgressMeter(0), minBytes: 0, pieceBytes: 256 });
    try {
      expect(await Promise.all(paths.map((path) => prefetch.shapeOf(path)))).toEqual([{ rows: 200, columns: 5 }, null, { rows: 150, columns: 7 }]);
    } finally {
      await prefetch.close();
    }
  });
});
