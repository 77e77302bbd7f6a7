// Cached augmentation curves on disk: parts of simulated curves and their labels, each written as
// the arrays of a data set (header last, so a part without one is incomplete), read back as one set.
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { CurveSet, LabelSet } from './curves.ts';
import { DATASET_FILES, readDatasetArrays, writeDatasetArrays } from './dataset-files.ts';

const PART_PREFIX = 'part-';

function partName(firstRow: number): string {
  return `${PART_PREFIX}${String(firstRow).padStart(9, '0')}`;
}

/** The complete parts of a cache folder, in row order, with their first row and size. */
async function listParts(dir: string): Promise<{ name: string; firstRow: number; count: number }[]> {
  if (!existsSync(dir)) return [];
  const parts: { name: string; firstRow: number; count: number }[] = [];
  for (const name of (await fs.readdir(dir)).filter((entry) => entry.startsWith(PART_PREFIX)).sort()) {
    const header = join(dir, name, DATASET_FILES.header);
    if (!existsSync(header)) continue;
    const { modelCount } = JSON.parse(await fs.readFile(header, 'utf8')) as { modelCount: number };
    parts.push({ name, firstRow: Number(name.slice(PART_PREFIX.length)), count: modelCount });
  }
  return parts;
}

/** Rows cached from row 0 without a gap: what a run can use. */
export async function cachedAugmentationRows(dir: string): Promise<number> {
  let rows = 0;
  for (const part of await listParts(dir)) {
    if (part.firstRow !== rows) break;
    rows += part.count;
  }
  return rows;
}

/** Writes rows firstRow.. of the cache as one part; incomplete parts left by a crash are replaced. */
export async function writeAugmentationPart(dir: string, firstRow: number, curves: CurveSet, labels: LabelSet): Promise<void> {
  const part = join(dir, partName(firstRow));
  await fs.rm(part, { recursive: true, force: true });
  await fs.mkdir(part, { recursive: true });
  await writeDatasetArrays(part, { model: curves, labels });
}

/** The first `count` cached rows as one curve set and its labels; throws when fewer are cached. */
export async function readAugmentation(dir: string, count: number): Promise<{ curves: CurveSet; labels: Float64Array }> {
  const available = await cachedAugmentationRows(dir);
  if (available < count) throw new RangeError(`${dir}: ${available} augmentation curves cached, ${count} asked for`);
  let length = 0;
  let data = new Float32Array(0);
  const labels = new Float64Array(count * 3);
  for (const part of await listParts(dir)) {
    if (part.firstRow >= count) break;
    const arrays = await readDatasetArrays(join(dir, part.name), `remove the folder ${dir} and its curves are simulated again`);
    if (length === 0) {
      length = arrays.header.length;
      data = new Float32Array(count * length * 2);
    }
    if (arrays.header.length !== length) throw new RangeError(`${dir}: parts of curves of ${length} and ${arrays.header.length} samples`);
    const rows = Math.min(part.count, count - part.firstRow);
    data.set(arrays.model.data.subarray(0, rows * length * 2), part.firstRow * length * 2);
    labels.set(arrays.labels.data.subarray(0, rows * 3), part.firstRow * 3);
  }
  return { curves: { count, length, data }, labels };
}
