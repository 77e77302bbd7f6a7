// Makes the inspect benchmark's challenge folder once, with the project's own writers: one model's
// 6000 model and 6000 eval curves of echo-like random numbers rounded to 5 decimals (about 88 MB),
// their labels and answer key, in .bench-data/ (gitignored) so that later runs reuse it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { challengeFileName, type ChallengeRole } from '../../src-main/core/formats/challenge-files.ts';
import { EchoPairWriter } from '../../src-main/core/formats/echo-writer.ts';
import { writeLabelFile } from '../../src-main/core/formats/label-writer.ts';
import { seededRandom } from '../unit/formats/fixture-numbers.ts';

export const BENCH_DATA_DIR = fileURLToPath(new URL('../../.bench-data/', import.meta.url));

const LENGTH = 471;
const CURVES_PER_SET = 6000;
const CURVES_PER_WRITE = 500;
/** Bumped when the recipe changes, so that an old folder is not reused. */
const RECIPE = 'gauss-6000x2-round5-v1';

/** The four echo files of the folder, the ones numpy is timed on. */
export const ECHO_ROLES: readonly ChallengeRole[] = ['modelReal', 'modelImaginary', 'evalReal', 'evalImaginary'];

/** Echo-like curves: a decaying oscillation, an echo bump and noise, rounded to 5 decimals. */
function echoCurves(count: number, random: () => number): Float64Array {
  const data = new Float64Array(count * LENGTH * 2);
  for (let curve = 0; curve < count; curve++) {
    const decay = 20 + 80 * random();
    const frequency = 0.05 + 0.2 * random();
    for (let t = 0; t < LENGTH; t++) {
      const envelope = 0.5 * Math.exp(-t / decay);
      const echo = 0.3 * Math.exp(-(((t - 313) / 25) ** 2));
      const base = (curve * LENGTH + t) * 2;
      data[base] = Math.round((envelope * Math.cos(frequency * t) + echo + 0.002 * (random() - 0.5)) * 1e5) / 1e5;
      data[base + 1] = Math.round((envelope * Math.sin(frequency * t) + 0.002 * (random() - 0.5)) * 1e5) / 1e5;
    }
  }
  return data;
}

function labels(count: number, random: () => number): Float64Array {
  const data = new Float64Array(count * 3);
  for (let row = 0; row < count; row++) {
    data[row * 3] = 0.1 + 0.9 * random();
    data[row * 3 + 1] = 1 + 9 * random();
    data[row * 3 + 2] = 1 + 4 * random();
  }
  return data;
}

async function writeSet(dir: string, set: 'model' | 'eval', seed: number): Promise<void> {
  const random = seededRandom(seed);
  const [realRole, imaginaryRole, labelRole]: ChallengeRole[] =
    set === 'model' ? ['modelReal', 'modelImaginary', 'modelLabels'] : ['evalReal', 'evalImaginary', 'evalTruth'];
  const writer = new EchoPairWriter(join(dir, challengeFileName('gauss', realRole)), join(dir, challengeFileName('gauss', imaginaryRole)), LENGTH);
  for (let done = 0; done < CURVES_PER_SET; done += CURVES_PER_WRITE) await writer.append(echoCurves(CURVES_PER_WRITE, random), CURVES_PER_WRITE);
  await writer.commit();
  await writeLabelFile(join(dir, challengeFileName('gauss', labelRole)), { count: CURVES_PER_SET, data: labels(CURVES_PER_SET, random) });
}

/** The folder, made on first use (a few seconds); returns its path. */
export async function benchChallengeFolder(): Promise<string> {
  const dir = join(BENCH_DATA_DIR, `inspect-${RECIPE}`);
  const done = join(dir, '.complete');
  if (existsSync(done)) return dir;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeSet(dir, 'model', 1);
  await writeSet(dir, 'eval', 2);
  await writeFile(done, '');
  return dir;
}

/** Total bytes of the regular files in a folder. */
export function folderBytes(dir: string, names: readonly string[] = readdirSync(dir)): number {
  return names.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}
