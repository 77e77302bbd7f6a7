// The explorer simulates in a warm worker, newest request first, and refuses bad labels up front.
import { afterAll, describe, expect, it } from 'vitest';
import { CurveExplorer, type CurveRequest } from '../../../src-main/core/workbench/curve-explorer.ts';
import { CancelledError, InputError } from '../../../src-main/core/errors.ts';
import { simulateCurve } from '../../../src-main/core/physics/simulate-curve.ts';

const explorer = new CurveExplorer();
afterAll(() => explorer.close());

// A small lattice keeps each curve to milliseconds.
const base: CurveRequest = { kernel: 'gauss', alpha: 4, xi: 5, d: 7, seed: 3, options: { lattice: 16 } };

describe('CurveExplorer', () => {
  it('gives the same curve as simulating in this thread', async () => {
    const curve = await explorer.simulate(base);
    const direct = simulateCurve('gauss', 4, 5, 7, { lattice: 16, seed: 3 });
    expect(curve.length).toBe(direct.length);
    expect(curve.data).toEqual(direct.data);
  });

  it('runs only the newest of the requests that arrive together', async () => {
    const results = await Promise.allSettled([1, 2, 3].map((alpha) => explorer.simulate({ ...base, alpha })));
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(CancelledError);
    const last = (results[2] as PromiseFulfilledResult<{ data: Float64Array }>).value.data;
    expect(last).toEqual(simulateCurve('gauss', 3, 5, 7, { lattice: 16, seed: 3 }).data);
  });

  it('refuses bad labels and settings with an InputError and keeps working', async () => {
    await expect(explorer.simulate({ ...base, xi: 0 })).rejects.toBeInstanceOf(InputError);
    await expect(explorer.simulate({ ...base, options: { lattice: 1 } })).rejects.toBeInstanceOf(InputError);
    await expect(explorer.simulate({ ...base, kernel: 'rkky', d: Infinity })).resolves.toMatchObject({ length: 471 });
  });
});
