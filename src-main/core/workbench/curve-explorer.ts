// Simulates single curves for the explorer in a warm worker thread, off the main thread: while one
// curve is computed, only the newest waiting request is kept (a slider sends many).
import { CancelledError } from '../errors.ts';
import { gammaFromD } from '../physics/dephasing-map.ts';
import type { KernelName } from '../physics/kernels.ts';
import { curveLength, resolveSimulationOptions, validateCurveParameters, type SimulationOptionsInput } from '../physics/options.ts';
import { validateSeed } from '../physics/random-streams.ts';
import type { SimulationPlan } from '../physics/simulate-curve.ts';
import { SimulationPool } from '../physics/simulation-pool.ts';

export interface CurveRequest {
  readonly kernel: KernelName;
  readonly alpha: number;
  readonly xi: number;
  /** The label d; Infinity means no dephasing. */
  readonly d: number;
  readonly seed: number;
  readonly options: SimulationOptionsInput;
}

export class CurveExplorer {
  private warm: { key: string; pool: SimulationPool } | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private latest = 0;

  /** The curve (length x 2, Re and Im interleaved); CancelledError if a newer request overtook it. */
  simulate(request: CurveRequest): Promise<{ data: Float64Array; length: number }> {
    const ticket = ++this.latest;
    const result = this.queue.then(() => {
      if (ticket !== this.latest) throw new CancelledError('a newer curve was asked for');
      return this.run(request);
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    this.latest++;
    await this.warm?.pool.close();
    this.warm = null;
  }

  private async run(request: CurveRequest): Promise<{ data: Float64Array; length: number }> {
    validateSeed(request.seed);
    const options = resolveSimulationOptions(request.options);
    // Bad labels are refused here, so that they never cost the warm worker (a failed job ends it).
    validateCurveParameters(request.alpha, request.xi, gammaFromD(request.d, options.dephasingMap), options);
    const plan: SimulationPlan = { kernel: request.kernel, options, seed: request.seed };
    const pool = await this.poolFor(plan);
    let data: Float64Array | null = null;
    try {
      await pool.run({ firstIndex: 0, labels: Float64Array.of(request.alpha, request.xi, request.d), batchSize: 1, onBatch: (_first, _count, batch) => void (data = batch) });
    } catch (error) {
      this.warm = null;
      throw error;
    }
    return { data: data!, length: curveLength(options) };
  }

  private async poolFor(plan: SimulationPlan): Promise<SimulationPool> {
    const key = JSON.stringify(plan);
    if (this.warm?.key === key) return this.warm.pool;
    await this.warm?.pool.close();
    this.warm = { key, pool: new SimulationPool(plan, 1) };
    return this.warm.pool;
  }
}
