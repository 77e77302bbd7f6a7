// A pool of trainer processes, each training one run at a time: started on demand up to the pool's
// size, replaced when one dies, and trimmed when the size is lowered (a busy trainer ends after its run).
import { availableParallelism } from 'node:os';
import { InputError } from '../errors.ts';
import type { TrainerClient } from './trainer-client.ts';

/** The most trainer processes a workspace may run at once: far above any core count that helps, far below one that exhausts memory. */
export const MAX_TRAINERS = 64;

/** One core is left to the owner (the SQLite writer, the UI, the simulation workers): cores minus one, at least one. */
export function defaultTrainerCount(): number {
  return Math.max(1, Math.min(MAX_TRAINERS, availableParallelism() - 1));
}

/** Checks a trainer count from a flag, a setting or a call: an integer from 1 to MAX_TRAINERS. */
export function checkTrainerCount(value: unknown, what = 'the number of trainers'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_TRAINERS) {
    throw new InputError(`${what} must be an integer from 1 to ${MAX_TRAINERS}, not ${typeof value === 'string' ? `'${value}'` : String(value)}`);
  }
  return value;
}

export class TrainerPool {
  private readonly idle: TrainerClient[] = [];
  private readonly busy = new Set<TrainerClient>();

  constructor(
    private readonly create: () => TrainerClient,
    private count: number,
  ) {}

  /** How many runs may train at once. */
  get size(): number {
    return this.count;
  }

  /** Changes the size: idle trainers beyond it end now, busy ones when their run settles. */
  resize(count: number): void {
    this.count = count;
    while (this.idle.length > 0 && this.idle.length + this.busy.size > count) this.idle.pop()!.dispose();
  }

  /** A trainer for one run: an idle live one, else a new process. The caller keeps at most `size` at once. */
  acquire(): TrainerClient {
    let client = this.idle.pop();
    while (client && !client.alive) client = this.idle.pop();
    client ??= this.create();
    this.busy.add(client);
    return client;
  }

  /** Hands a trainer back after its run settled: kept for the next run while the pool has room, else ended. */
  release(client: TrainerClient): void {
    this.busy.delete(client);
    if (!client.alive) return;
    if (this.idle.length + this.busy.size < this.count) this.idle.push(client);
    else client.dispose();
  }

  /** Ends every trainer process; the runs they trained get their 'exited' event. */
  dispose(): void {
    for (const client of [...this.idle.splice(0), ...this.busy]) client.dispose();
  }
}
