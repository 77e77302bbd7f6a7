// Simulator speed and memory on this machine: ms per curve at L = 100 (471 steps) in one thread,
// through the pool with 1 and 2 workers, and the peak RSS of data-set generation runs (each in a
// child process of its own, so that its maxRSS is its own). Prints figures; asserts nothing.
// Other processes on the machine skew wall times: the load average is printed with them, each pool
// figure is the better of two runs, the in-thread one the median curve, and every figure comes
// with the CPU time this process spent per curve (all its threads), which time-sharing with
// other processes does not inflate.
//   node --import tsx test/bench/sim.bench.ts [--curves K] [--big]
// --big adds a 12 000-curve run (6000 model + 6000 eval, L = 10) to show that memory stays bounded.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gammaFromD } from '../../src-main/core/physics/dephasing-map.ts';
import { detuningForCurve } from '../../src-main/core/physics/detuning.ts';
import { EchoSimulator } from '../../src-main/core/physics/echo-simulator.ts';
import { generateDataset } from '../../src-main/core/workspace/generate-dataset.ts';
import { computeKernelSpectrum } from '../../src-main/core/physics/kernel-spectrum.ts';
import type { KernelName } from '../../src-main/core/physics/kernels.ts';
import { curveLength, DEFAULT_PRIORS, resolveSimulationOptions } from '../../src-main/core/physics/options.ts';
import { drawCurveLabels } from '../../src-main/core/physics/priors.ts';
import { randomStream, STREAM_PURPOSE } from '../../src-main/core/physics/random-streams.ts';
import { simulateLabelledCurves, type SimulationPlan } from '../../src-main/core/physics/simulate-curve.ts';
import { SimulationPool } from '../../src-main/core/physics/simulation-pool.ts';
import type { StepEngineName } from '../../src-main/core/physics/step-engine.ts';

const { values } = parseArgs({
  options: {
    curves: { type: 'string', default: '8' },
    big: { type: 'boolean', default: false },
    'generate-child': { type: 'string' },
  },
});

/** Labels drawn from the priors, as a generated data set would have them. */
function priorLabels(count: number, seed: number): Float64Array {
  const labels = new Float64Array(count * 3);
  for (let row = 0; row < count; row++) {
    const { alpha, xi, d } = drawCurveLabels(randomStream(seed, STREAM_PURPOSE.labels, row), DEFAULT_PRIORS, 'power-of-ten');
    labels.set([alpha, xi, d], row * 3);
  }
  return labels;
}

function megabytes(kilobytes: number): string {
  return `${(kilobytes / 1024).toFixed(0)} MB`;
}

/** Child mode: one generation run, then its own peak RSS on stdout as JSON. */
async function generateChild(spec: string): Promise<void> {
  const [lattice, modelCount, evalCount, workers] = spec.split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'spin-echo-sim-bench-'));
  try {
    const started = performance.now();
    await generateDataset({
      kernel: 'gauss',
      seed: 1,
      outDir: dir,
      source: { kind: 'priors', modelCount, evalCount },
      options: { lattice },
      workers,
    });
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(JSON.stringify({ seconds, maxRssKilobytes: process.resourceUsage().maxRSS }) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runGenerationChild(lattice: number, modelCount: number, evalCount: number, workers: number): Promise<{ seconds: number; maxRssKilobytes: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--generate-child', `${lattice},${modelCount},${evalCount},${workers}`], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output)) : reject(new Error(`generation child exited with ${code}`))));
  });
}

interface Timing {
  /** Wall milliseconds for the timed curves. */
  readonly wall: number;
  /** CPU milliseconds of the whole process (every thread) for them. */
  readonly cpu: number;
}

function cpuMilliseconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The timed curves, the better of two runs (warm-up first: one curve per worker). */
async function timePool(plan: SimulationPlan, labels: Float64Array, workers: number): Promise<Timing> {
  const pool = new SimulationPool(plan, workers);
  try {
    await pool.run({ firstIndex: 0, labels: labels.subarray(0, 3 * workers), batchSize: 1, onBatch: () => {} });
    let best: Timing = { wall: Infinity, cpu: Infinity };
    for (let run = 0; run < 2; run++) {
      const wallStart = performance.now();
      const cpuStart = cpuMilliseconds();
      await pool.run({ firstIndex: workers, labels: labels.subarray(3 * workers), batchSize: 1, onBatch: () => {} });
      const timing = { wall: performance.now() - wallStart, cpu: cpuMilliseconds() - cpuStart };
      if (timing.wall < best.wall) best = timing;
    }
    return best;
  } finally {
    await pool.close();
  }
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median CPU ms per curve of one step engine in this thread (both engines give the same bits). */
function timeEngine(engine: StepEngineName, plan: SimulationPlan, labels: Float64Array, curves: number): number {
  const { options } = plan;
  const simulator = new EchoSimulator(options.lattice, engine);
  const delta = detuningForCurve(plan.seed, 0, options);
  const out = new Float64Array(curveLength(options) * 2);
  const cpuTimes: number[] = [];
  for (let curve = 0; curve <= curves; curve++) {
    const [alpha, xi, d] = labels.subarray(3 * curve, 3 * curve + 3);
    const spectrum = computeKernelSpectrum(plan.kernel, xi, options.lattice, options.normalisation);
    const cpuStart = cpuMilliseconds();
    simulator.simulate({ alpha, Gamma: gammaFromD(d, options.dephasingMap), spectrum, delta }, options, out);
    // Curve 0 warms the JIT up.
    if (curve > 0) cpuTimes.push(cpuMilliseconds() - cpuStart);
  }
  return median(cpuTimes);
}

async function main(): Promise<void> {
  const curves = Number(values.curves);
  console.log(`simulator benchmark: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`);
  console.log(`L = 100, 471 steps per curve, labels from the priors; ${curves} timed curves per figure`);
  console.log(`load average before: ${loadavg()[0].toFixed(2)} (1 min)\n`);

  for (const kernel of ['gauss', 'rkky'] as KernelName[]) {
    const plan: SimulationPlan = { kernel, options: resolveSimulationOptions(), seed: 7 };
    const length = curveLength(plan.options);
    const labels = priorLabels(curves + 2, 3);
    // One thread, no pool: the simulator alone, curve by curve.
    const out = new Float64Array(length * 2);
    simulateLabelledCurves(plan, 0, labels.subarray(0, 3), out);
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let curve = 1; curve <= curves; curve++) {
      const wallStart = performance.now();
      const cpuStart = cpuMilliseconds();
      simulateLabelledCurves(plan, curve, labels.subarray(3 * curve, 3 * curve + 3), out);
      times.push(performance.now() - wallStart);
      cpuTimes.push(cpuMilliseconds() - cpuStart);
    }
    const one = await timePool(plan, labels.subarray(0, 3 * (curves + 1)), 1);
    const two = await timePool(plan, priorLabels(2 * curves + 2, 4), 2);
    const engines = (['wasm-simd', 'typescript'] as const).map((engine) => `${engine} ${timeEngine(engine, plan, labels, curves).toFixed(0)} ms`);
    console.log(`${kernel} (pool engine: ${new EchoSimulator(plan.options.lattice).engineName}):`);
    console.log(`  engines, one thread: ${engines.join(', ')} CPU per curve (median)`);
    console.log(`  one thread, no pool: ${median(times).toFixed(0)} ms/curve wall (median; best ${Math.min(...times).toFixed(0)}), ${median(cpuTimes).toFixed(0)} ms CPU`);
    console.log(`  pool, 1 worker:      ${(one.wall / curves).toFixed(0)} ms/curve wall, ${(one.cpu / curves).toFixed(0)} ms CPU per curve`);
    console.log(
      `  pool, 2 workers:     ${(two.wall / (2 * curves)).toFixed(0)} ms/curve wall, ${(two.cpu / (2 * curves)).toFixed(0)} ms CPU per curve ` +
        `(wall x 2 workers: ${(two.wall / curves).toFixed(0)} ms per curve per core)`,
    );
  }

  console.log('\npeak RSS of generation runs (gauss, one child process each):');
  const runs: [number, number, number, number][] = [[100, 2 * curves, 2 * curves, 2]];
  if (values.big) runs.push([10, 6000, 6000, 2]);
  for (const [lattice, modelCount, evalCount, workers] of runs) {
    const { seconds, maxRssKilobytes } = await runGenerationChild(lattice, modelCount, evalCount, workers);
    console.log(
      `  L = ${lattice}, ${modelCount} + ${evalCount} curves, ${workers} workers: ${seconds.toFixed(1)} s ` +
        `(${((seconds * 1000) / (modelCount + evalCount)).toFixed(0)} ms/curve wall), maxRSS ${megabytes(maxRssKilobytes)}`,
    );
  }
  console.log(`\nload average after: ${loadavg()[0].toFixed(2)} (1 min)`);
}

if (values['generate-child'] !== undefined) await generateChild(values['generate-child']);
else await main();
