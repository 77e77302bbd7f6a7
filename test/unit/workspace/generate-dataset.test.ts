import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError, InputError } from '../../../src-main/core/errors.ts';
import { generateDataset } from '../../../src-main/core/workspace/generate-dataset.ts';
import { programVersion } from '../../../src-main/core/version.ts';

const root = await mkdtemp(join(tmpdir(), 'spin-echo-generate-'));
afterAll(() => rm(root, { recursive: true, force: true }));

async function readRows(path: string): Promise<number[][]> {
  const text = await readFile(path, 'utf8');
  return text
    .trimEnd()
    .split('\n')
    .map((line) => line.split('\t').map(Number));
}

const options = { lattice: 8 } as const;

describe('data-set generator', () => {
  it('writes curves, labels, the eval answer key and a manifest', async () => {
    const dir = join(root, 'full');
    const result = await generateDataset({
      kernel: 'rkky',
      seed: 12,
      outDir: dir,
      source: { kind: 'priors', modelCount: 5, evalCount: 3 },
      options,
      workers: 2,
      batchSize: 2,
      collect: 'float64',
    });
    expect((await readdir(dir)).sort()).toEqual(
      [
        'RKKY_echos_eval_i.txt',
        'RKKY_echos_eval_r.txt',
        'RKKY_echos_model_i.txt',
        'RKKY_echos_model_r.txt',
        'RKKY_mat_info_eval_truth.txt',
        'RKKY_mat_info_model.txt',
        'manifest.json',
      ].sort(),
    );
    const real = await readRows(join(dir, 'RKKY_echos_model_r.txt'));
    const imaginary = await readRows(join(dir, 'RKKY_echos_model_i.txt'));
    expect(real).toHaveLength(5);
    expect(real.every((row) => row.length === 471)).toBe(true);
    // The text round-trips: the file holds exactly the returned float64 curves.
    const model = result.model!;
    for (let curve = 0; curve < 5; curve++) {
      for (let t = 0; t < 471; t++) {
        expect(real[curve][t]).toBe(model.data[(curve * 471 + t) * 2]);
        expect(imaginary[curve][t]).toBe(model.data[(curve * 471 + t) * 2 + 1]);
      }
    }
    expect((await readRows(join(dir, 'RKKY_echos_eval_r.txt'))).length).toBe(3);
    expect((await readRows(join(dir, 'RKKY_mat_info_model.txt'))).flat()).toEqual(Array.from(result.labels.data));
    expect((await readRows(join(dir, 'RKKY_mat_info_eval_truth.txt'))).flat()).toEqual(Array.from(result.evalTruth!.data));
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'spin-echo-dataset/1',
      program: { version: programVersion },
      kernel: 'rkky',
      model: 'RKKY',
      seed: 12,
      source: 'priors',
      counts: { model: 5, eval: 3 },
      samplesPerCurve: 471,
      detuning: 'per-dataset',
      options: { lattice: 8, dt: 2, nTau: 157, normalisation: { kind: 'none' } },
      timing: { workers: 2, batchSize: 2 },
    });
    expect(manifest.timing.elapsedSeconds).toBeGreaterThan(0);
  });

  it('writes the same bytes for the same seed with 1 or 2 workers, and reproduces the model set from its label file', async () => {
    const one = join(root, 'one');
    const two = join(root, 'two');
    const request = { kernel: 'gauss' as const, seed: 99, source: { kind: 'priors' as const, modelCount: 4, evalCount: 2 }, options };
    await generateDataset({ ...request, outDir: one, workers: 1, batchSize: 1 });
    await generateDataset({ ...request, outDir: two, workers: 2, batchSize: 3 });
    for (const name of ['gauss_echos_model_r.txt', 'gauss_echos_model_i.txt', 'gauss_echos_eval_r.txt', 'gauss_mat_info_eval_truth.txt']) {
      expect(await readFile(join(two, name), 'utf8')).toBe(await readFile(join(one, name), 'utf8'));
    }
    const labelsPath = join(one, 'gauss_mat_info_model.txt');
    const rows = await readRows(labelsPath);
    const again = join(root, 'again');
    await generateDataset({
      kernel: 'gauss',
      seed: 99,
      outDir: again,
      source: { kind: 'labels', labels: { count: rows.length, data: Float64Array.from(rows.flat()) }, labelsPath },
      options,
      workers: 2,
    });
    expect(await readFile(join(again, 'gauss_echos_model_r.txt'), 'utf8')).toBe(await readFile(join(one, 'gauss_echos_model_r.txt'), 'utf8'));
    expect(JSON.parse(await readFile(join(again, 'manifest.json'), 'utf8')).source).toEqual({ labelsFile: labelsPath });
  });

  it('leaves no file behind when cancelled, not even temporaries, and removes a folder it created', async () => {
    const existing = join(root, 'existing');
    await mkdir(existing);
    const created = join(root, 'created', 'deeper');
    for (const dir of [existing, created]) {
      const controller = new AbortController();
      const run = generateDataset({
        kernel: 'gauss',
        seed: 1,
        outDir: dir,
        source: { kind: 'priors', modelCount: 40, evalCount: 40 },
        options: { lattice: 30 },
        workers: 2,
        batchSize: 2,
        signal: controller.signal,
        // After a few curves: batches have been written to the temporary files by then.
        onProgress: (progress) => progress.done >= 5 && controller.abort(),
      });
      await expect(run).rejects.toBeInstanceOf(CancelledError);
    }
    expect(await readdir(existing)).toEqual([]);
    expect(await readdir(root)).not.toContain('created');
  });

  it('refuses to replace files unless asked, and names a bad label row', async () => {
    const dir = join(root, 'full');
    const request = { kernel: 'rkky' as const, seed: 12, outDir: dir, source: { kind: 'priors' as const, modelCount: 1, evalCount: 0 }, options, workers: 1 };
    await expect(generateDataset(request)).rejects.toThrow(/already exists/);
    await generateDataset({ ...request, overwrite: true });
    const bad = { count: 2, data: Float64Array.of(1, 5, 7, 1, -5, 7) };
    await expect(
      generateDataset({ ...request, outDir: join(root, 'bad'), source: { kind: 'labels', labels: bad, labelsPath: 'x.txt' } }),
    ).rejects.toThrow(InputError);
    await expect(
      generateDataset({ ...request, outDir: join(root, 'bad'), source: { kind: 'labels', labels: bad, labelsPath: 'x.txt' } }),
    ).rejects.toThrow(/x\.txt, row 2: xi/);
    const file = join(root, 'a-file');
    await writeFile(file, '');
    await expect(generateDataset({ ...request, outDir: join(file, 'sub') })).rejects.toThrow(/cannot write into the output folder/);
  });
});
