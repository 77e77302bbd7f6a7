// Parse speed of challenge-sized echo files (6000 x 471): one file and an r/i pair, in numpy's
// '%.18e' spelling and in plain decimals, best of 3. Prints seconds and MB/s for this machine.
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { readEchoPair } from '../../src-main/core/formats/echo-reader.ts';
import { readNumberTable } from '../../src-main/core/formats/number-table.ts';
import { numpyExponential, seededRandom } from '../unit/formats/fixture-numbers.ts';

const CURVES = 6000;
const LENGTH = 471;
const RUNS = 3;
const TARGET_SECONDS = 0.45;

/** Echo-like rows: a decaying oscillation with an echo bump and noise, real or imaginary part. */
async function writeEchoFile(path: string, seed: number, part: 'r' | 'i', format: (value: number) => string, separator: string): Promise<void> {
  const random = seededRandom(seed);
  const stream = createWriteStream(path);
  const row: string[] = new Array(LENGTH);
  for (let curve = 0; curve < CURVES; curve++) {
    const decay = 20 + 80 * random();
    const frequency = 0.05 + 0.2 * random();
    const phase = part === 'r' ? 0 : Math.PI / 2;
    for (let t = 0; t < LENGTH; t++) {
      const echo = 0.3 * Math.exp(-(((t - 313) / 25) ** 2));
      const value = 0.5 * Math.exp(-t / decay) * Math.cos(frequency * t + phase) + echo + 0.002 * (random() - 0.5);
      row[t] = format(value);
    }
    if (!stream.write(row.join(separator) + '\n')) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  }
  stream.end();
  await finished(stream);
}

async function bestOf(runs: number, job: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await job();
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  return best;
}

function report(label: string, seconds: number, bytes: number, target?: number): void {
  const verdict = target === undefined ? '' : seconds <= target ? `  (target <= ${target} s: met)` : `  (target <= ${target} s: MISSED)`;
  console.log(`${label.padEnd(50)} ${seconds.toFixed(3)} s  ${(bytes / 1e6 / seconds).toFixed(1).padStart(6)} MB/s${verdict}`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'spin-echo-bench-'));
  try {
    console.log(`parse benchmark: ${CURVES} x ${LENGTH} echo files, best of ${RUNS}`);
    console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`);
    const formats = [
      { name: "numpy '%.18e', space-separated", format: numpyExponential, separator: ' ' },
      { name: "plain '-0.0123456789012345', tabs", format: (value: number) => value.toFixed(16), separator: '\t' },
    ];
    for (const [index, { name, format, separator }] of formats.entries()) {
      const real = join(dir, `f${index}_echos_model_r.txt`);
      const imaginary = join(dir, `f${index}_echos_model_i.txt`);
      await writeEchoFile(real, 1000 + index, 'r', format, separator);
      await writeEchoFile(imaginary, 2000 + index, 'i', format, separator);
      const realBytes = statSync(real).size;
      const pairBytes = realBytes + statSync(imaginary).size;
      console.log(`\n${name}: ${(realBytes / 1e6).toFixed(1)} MB per file`);
      await readNumberTable(real); // warm-up: compile the scanner before timing
      report('one file (readNumberTable)', await bestOf(RUNS, () => readNumberTable(real)), realBytes, TARGET_SECONDS);
      report('r/i pair into one n x T x 2 array (readEchoPair)', await bestOf(RUNS, () => readEchoPair(real, imaginary)), pairBytes);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
