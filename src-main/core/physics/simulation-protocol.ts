// Messages between the simulation pool and its worker threads.
import type { SimulationPlan } from './simulate-curve.ts';

export interface PoolWorkerData {
  readonly plan: SimulationPlan;
}

/** Simulate the curves labelled by `labels` (rows of alpha, xi, d), indices firstIndex on. */
export interface PoolTask {
  readonly id: number;
  readonly firstIndex: number;
  readonly labels: Float64Array;
}

export type PoolReply =
  | { readonly type: 'curve'; readonly id: number }
  | { readonly type: 'done'; readonly id: number; readonly data: Float64Array }
  | { readonly type: 'error'; readonly id: number; readonly name: string; readonly message: string };
