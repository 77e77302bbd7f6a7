import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TrainerClient } from '../../../src-main/core/learn/trainer-client.ts';
import type { TrainerEvent, TrainJob } from '../../../src-main/core/learn/trainer-protocol.ts';
import { writeSyntheticDataset } from './synthetic-data.ts';

let datasetDir: string;
const clients: TrainerClient[] = [];

beforeAll(async () => {
  datasetDir = await writeSyntheticDataset(80, 40, 3, 8);
});

afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
});

function job(runId: string, hyperparameters: Record<string, unknown>): TrainJob {
  return { runId, datasetDir, checkpointDir: mkdtempSync(join(tmpdir(), 'trainer-run-')), preset: 'mlp', hyperparameters, backend: 'cpu', resume: false };
}

async function collect(events: AsyncIterable<TrainerEvent>, onEvent?: (event: TrainerEvent) => void): Promise<TrainerEvent[]> {
  const all: TrainerEvent[] = [];
  for await (const event of events) {
    all.push(event);
    onEvent?.(event);
  }
  return all;
}

describe('trainer process', () => {
  it('runs a job in a child process and streams started, epoch, checkpoint and finished events', async () => {
    const client = new TrainerClient();
    clients.push(client);
    const events = await collect(client.start(job('run-1', { hiddenUnits: [8], epochs: 2, batchSize: 16 })));
    expect(events.map((e) => (e.type === 'failed' ? e.message : e.type))).toEqual(['started', 'epoch', 'checkpoint', 'epoch', 'checkpoint', 'finished']);
    const started = events[0] as Extract<TrainerEvent, { type: 'started' }>;
    expect(started).toMatchObject({ runId: 'run-1', backend: 'cpu', startEpoch: 0, totalEpochs: 2, trainCount: 72, validationCount: 8 });
    const finished = events[5] as Extract<TrainerEvent, { type: 'finished' }>;
    // Typed arrays cross the process boundary as typed arrays.
    expect(finished.result.validation.predictions).toBeInstanceOf(Float64Array);
    expect(finished.result.validation.indices).toBeInstanceOf(Int32Array);
    expect(finished.result.eval?.predictions.length).toBe(24);
    expect(client.activeRunId).toBeNull();

    // The same process takes the next job; bad hyperparameters fail with a clear message.
    const failed = await collect(client.start(job('run-2', { epochs: -1 })));
    expect(failed).toEqual([{ type: 'failed', runId: 'run-2', message: expect.stringMatching(/epochs: must be an integer ≥ 1/) }]);
  });

  it('cancels a run between batches', async () => {
    const client = new TrainerClient();
    clients.push(client);
    const events = await collect(client.start(job('run-3', { hiddenUnits: [8], epochs: 500, batchSize: 8 })), (event) => {
      if (event.type === 'epoch' && event.epoch === 1) client.cancel('run-3');
    });
    const last = events[events.length - 1];
    expect(last.type).toBe('cancelled');
    expect(last.type === 'cancelled' && last.epoch).toBeGreaterThanOrEqual(1);
  });

  it("reports the trainer dying mid-run as an 'exited' event for that run", async () => {
    const client = new TrainerClient();
    clients.push(client);
    const events = await collect(client.start(job('run-4', { hiddenUnits: [8], epochs: 500, batchSize: 8 })), (event) => {
      if (event.type === 'epoch') client.dispose();
    });
    const last = events[events.length - 1];
    expect(last).toMatchObject({ type: 'exited', runId: 'run-4', signal: 'SIGTERM' });
    expect(client.alive).toBe(false);
    expect(() => client.start(job('run-5', {}))).toThrow(/exited/);
  });
});
