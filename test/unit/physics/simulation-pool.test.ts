import { describe, expect, it } from 'vitest';
import { CancelledError, InputError } from '../../../src-main/core/errors.ts';
import { resolveSimulationOptions } from '../../../src-main/core/physics/options.ts';
import { simulateLabelledCurves, type SimulationPlan } from '../../../src-main/core/physics/simulate-curve.ts';
import { SimulationPool } from '../../../src-main/core/physics/simulation-pool.ts';

const plan: SimulationPlan = { kernel: 'rkky', options: resolveSimulationOptions({ lattice: 12, detuning: 'per-curve' }), seed: 21 };
const labels = Float64Array.from({ length: 7 * 3 }, (_, i) => [3 + (i % 5), 4 + (i % 7), 6.5 + (i % 3)][i % 3]);

async function simulateWith(workers: number, batchSize: number): Promise<{ data: Float64Array; order: number[]; curves: number }> {
  const pool = new SimulationPool(plan, workers);
  const data = new Float64Array(7 * 942);
  const order: number[] = [];
  let curves = 0;
  try {
    await pool.run({
      firstIndex: 100,
      labels,
      batchSize,
      onProgress: (progress) => {
        curves = progress.done;
        expect(progress.total).toBe(7);
      },
      onBatch: async (firstRow, count, batch) => {
        order.push(firstRow);
        expect(batch.length).toBe(count * 942);
        data.set(batch, firstRow * 942);
        // A slow consumer: the pool must still deliver in order and hold results back.
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
    });
  } finally {
    await pool.close();
  }
  return { data, order, curves };
}

describe('simulation worker pool', () => {
  it('gives bit-identical curves with 1 and 2 workers, in row order, equal to an in-thread run', async () => {
    const one = await simulateWith(1, 2);
    const two = await simulateWith(2, 3);
    expect(two.data).toEqual(one.data);
    expect(one.order).toEqual([0, 2, 4, 6]);
    expect(two.order).toEqual([0, 3, 6]);
    expect(one.curves).toBe(7);
    const inThread = new Float64Array(7 * 942);
    simulateLabelledCurves(plan, 100, labels, inThread);
    expect(one.data).toEqual(inThread);
  });

  it('is cancelled by its signal with a CancelledError', async () => {
    const pool = new SimulationPool({ ...plan, options: resolveSimulationOptions({ lattice: 60 }) }, 2);
    const controller = new AbortController();
    const run = pool.run({ firstIndex: 0, labels, batchSize: 1, signal: controller.signal, onProgress: () => controller.abort(), onBatch: () => {} });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    await pool.close();
  });

  it("passes a worker's InputError on as an InputError", async () => {
    const pool = new SimulationPool(plan, 1);
    try {
      await expect(pool.run({ firstIndex: 0, labels: Float64Array.of(1, -3, 7), onBatch: () => {} })).rejects.toBeInstanceOf(InputError);
    } finally {
      await pool.close();
    }
  });
});
