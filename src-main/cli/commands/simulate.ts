// spin-echo simulate: writes a simulated challenge data set for one kernel, from the priors or from
// the rows of a label file, with a progress bar and a clean Ctrl+C.
import { InputError } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';
import { defaultWorkerCount, readLabelRows } from '../../core/workspace/challenge-folders.ts';
import { generateDataset, type DatasetSource } from '../../core/workspace/generate-dataset.ts';
import {
  DEFAULT_SUM_NORMALISATION,
  DEPHASING_MAPS,
  DETUNING_MODES,
  MAX_LATTICE,
  type DephasingMap,
  type DetuningMode,
  type KernelName,
  type KernelNormalisation,
} from '../../core/workspace/vocabulary.ts';
import { numberFlag, parseCommandFlags, requiredFlag } from '../args.ts';

const USAGE = `usage: spin-echo simulate --kernel gauss|rkky --seed S --out DIR [--n-model N] [--n-eval N] [options]
       spin-echo simulate --kernel gauss|rkky --seed S --out DIR --labels FILE [options]

Simulates spin-echo curves (physics.md) and writes them as challenge files into DIR:
<model>_echos_model_r/_i.txt, <model>_mat_info_model.txt, <model>_echos_eval_r/_i.txt,
<model>_mat_info_eval_truth.txt (the eval answer key) and manifest.json. With --labels, the curves
of exactly the rows (alpha, xi, d) of FILE, written as the model set (curves, a copy of the labels,
manifest). Files appear only when every curve is done; Ctrl+C leaves nothing behind.

  --kernel K            gauss or rkky (required)
  --seed S              integer in [0, 2^53): labels and detuning draws (required)
  --out DIR             output folder, created if missing (required)
  --n-model N           model (training) curves, drawn from the priors (default 6000)
  --n-eval N            eval curves, drawn from the priors (default 6000; 0 for none)
  --labels FILE         simulate the rows of this 3-column label file instead of drawing labels
  --lattice L           lattice side, N = L^2 spins (default 100)
  --workers K           worker threads (default: one per core, here ${defaultWorkerCount()})
  --detuning MODE       per-dataset (default: one draw shared by every curve) or per-curve
  --normalisation NORM  none (default), sum, sum:C (default C ${DEFAULT_SUM_NORMALISATION}) or cutoff:R
  --dephasing-map MAP   how d gives Gamma: power-of-ten (default, Gamma = 2.5 10^(-d/2)) or natural-log
  --counter-rotating    add the original code's counter-rotating term (off by default)
  --force               replace existing files of the same names`;

const FLAGS = {
  kernel: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  'n-model': { type: 'string' },
  'n-eval': { type: 'string' },
  labels: { type: 'string' },
  lattice: { type: 'string' },
  workers: { type: 'string' },
  detuning: { type: 'string' },
  normalisation: { type: 'string' },
  'dephasing-map': { type: 'string' },
  'counter-rotating': { type: 'boolean' },
  force: { type: 'boolean' },
} as const;

function parseKernel(value: string): KernelName {
  const kernel = value.toLowerCase();
  if (kernel !== 'gauss' && kernel !== 'rkky') throw new InputError(`--kernel: '${value}' is not gauss or rkky`);
  return kernel;
}

/** none | sum | sum:C | cutoff:R */
export function parseNormalisation(value: string): KernelNormalisation {
  const [kind, parameter, ...rest] = value.split(':');
  const number = (what: string) => {
    const parsed = Number(parameter);
    if (parameter === undefined || parameter.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) {
      throw new InputError(`--normalisation: ${what} in '${value}' must be a positive number`);
    }
    return parsed;
  };
  if (rest.length === 0) {
    if (kind === 'none' && parameter === undefined) return { kind: 'none' };
    if (kind === 'sum') return { kind: 'sum', c: parameter === undefined ? DEFAULT_SUM_NORMALISATION : number('C') };
    if (kind === 'cutoff') return { kind: 'cutoff', radius: number('the radius R') };
  }
  throw new InputError(`--normalisation: '${value}' is not none, sum, sum:C or cutoff:R`);
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new InputError(`--${flag}: '${value}' is not ${allowed.join(' or ')}`);
  return value as T;
}

function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** A redrawn bar on a terminal; elsewhere a plain line every 5 %. */
function progressPrinter(stream: NodeJS.WriteStream): { update(progress: Progress): void; end(): void } {
  const tty = stream.isTTY === true;
  let lastStep = -1;
  let drawn = false;
  let lastDraw = 0;
  return {
    update({ done, total, etaSeconds }) {
      const fraction = total > 0 ? done / total : 1;
      const eta = etaSeconds === null ? '--' : formatDuration(etaSeconds);
      if (tty) {
        const now = performance.now();
        if (done < total && now - lastDraw < 100) return;
        lastDraw = now;
        const width = 30;
        const filled = Math.round(fraction * width);
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}%  ${done}/${total} curves  ETA ${eta}   `);
        drawn = true;
      } else {
        const step = Math.floor(fraction * 20);
        if (step === lastStep) return;
        lastStep = step;
        stream.write(`simulate: ${done}/${total} curves (${Math.round(fraction * 100)}%), ETA ${eta}\n`);
      }
    },
    end() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandFlags(argv, FLAGS, USAGE);
  if (parsed === null) return 0;
  const { values } = parsed;
  const kernel = parseKernel(requiredFlag('kernel', values.kernel));
  const seed = numberFlag('seed', requiredFlag('seed', values.seed), 0, { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true });
  const outDir = requiredFlag('out', values.out);
  const lattice = numberFlag('lattice', values.lattice, 100, { min: 2, max: MAX_LATTICE, integer: true });
  const workers = numberFlag('workers', values.workers, defaultWorkerCount(), { min: 1, max: 256, integer: true });
  const detuning = oneOf<DetuningMode>('detuning', values.detuning, DETUNING_MODES);
  const dephasingMap = oneOf<DephasingMap>('dephasing-map', values['dephasing-map'], DEPHASING_MAPS);
  const normalisation = values.normalisation === undefined ? undefined : parseNormalisation(values.normalisation);
  if (values.labels !== undefined && (values['n-model'] !== undefined || values['n-eval'] !== undefined)) {
    throw new InputError('--labels simulates the rows of a label file: it does not go with --n-model or --n-eval');
  }
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  const printer = progressPrinter(process.stderr);
  try {
    let source: DatasetSource;
    if (values.labels !== undefined) {
      const labelsPath = requiredFlag('labels', values.labels);
      source = { kind: 'labels', labels: await readLabelRows(labelsPath, controller.signal), labelsPath };
    } else {
      source = {
        kind: 'priors',
        modelCount: numberFlag('n-model', values['n-model'], 6000, { min: 1, max: 10_000_000, integer: true }),
        evalCount: numberFlag('n-eval', values['n-eval'], 6000, { min: 0, max: 10_000_000, integer: true }),
      };
    }
    const result = await generateDataset({
      kernel,
      seed,
      outDir,
      source,
      options: { lattice, detuning, normalisation, dephasingMap, counterRotating: values['counter-rotating'] },
      workers,
      overwrite: values.force === true,
      signal: controller.signal,
      onProgress: (progress) => printer.update(progress),
    });
    printer.end();
    const { counts, timing } = result.manifest;
    process.stdout.write(
      `${counts.model} model and ${counts.eval} eval curves (${kernel}, L = ${lattice}) in ${formatDuration(timing.elapsedSeconds)}, ` +
        `${(timing.secondsPerCurve * 1000).toFixed(0)} ms per curve with ${timing.workers} workers\n` +
        result.paths.map((path) => `  ${path}\n`).join(''),
    );
    return 0;
  } finally {
    printer.end();
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}
