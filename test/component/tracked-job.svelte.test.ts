// A view's tracked job: its end is matched even when it arrives before the reply that names the job,
// a refused start is a failure with the core's words, and other jobs' ends are ignored.
import { describe, expect, it, vi } from 'vitest';

type Listener = (payload: { jobId: string; kind: 'import'; outcome: 'done' | 'failed' | 'cancelled'; message: string | null }) => void;

const bus = vi.hoisted(() => ({ listeners: new Set<(payload: never) => void>() }));

vi.mock('../../src-renderer/src/lib/workbench.ts', () => ({
  api: {
    on: (_name: string, listener: (payload: never) => void) => {
      bus.listeners.add(listener);
      return () => bus.listeners.delete(listener);
    },
    onLinkState: () => () => {},
    call: async () => [],
  },
}));

const { TrackedJob, formatEta } = await import('../../src-renderer/src/lib/tracked-job.svelte.ts');

function finish(jobId: string, outcome: 'done' | 'failed' | 'cancelled', message: string | null = null): void {
  for (const listener of bus.listeners) (listener as Listener)({ jobId, kind: 'import', outcome, message });
}

describe('TrackedJob', () => {
  it('matches an end that arrives before the reply naming the job', async () => {
    const job = new TrackedJob();
    const others = bus.listeners.size; // the jobs store's own
    const outcome = job.run(async () => {
      finish('import-7', 'failed', '/data/gauss_echos_model_r.txt:2:25: not a number');
      return { jobId: 'import-7' };
    });
    await expect(outcome).resolves.toBe('failed');
    expect(job.state).toBe('failed');
    expect(job.message).toBe('/data/gauss_echos_model_r.txt:2:25: not a number');
    expect(bus.listeners.size).toBe(others);
  });

  it('waits for its own job, not another one', async () => {
    const job = new TrackedJob();
    const outcome = job.run(async () => ({ jobId: 'simulate-2' }));
    await Promise.resolve();
    await Promise.resolve();
    expect(job.state).toBe('running');
    expect(job.busy).toBe(true);
    finish('simulate-1', 'failed', 'not mine');
    finish('simulate-2', 'cancelled');
    await expect(outcome).resolves.toBe('cancelled');
    expect(job.message).toBeNull();
    job.clear();
    expect(job.state).toBeNull();
  });

  it('fails with the core’s words when the start is refused', async () => {
    const job = new TrackedJob();
    const others = bus.listeners.size;
    await expect(job.run(async () => Promise.reject(new Error('/nowhere: no such folder')))).resolves.toBe('failed');
    expect(job.message).toBe('/nowhere: no such folder');
    expect(bus.listeners.size).toBe(others);
  });

  it('words an ETA in seconds, then minutes', () => {
    expect(formatEta(null)).toBe('');
    expect(formatEta(12.2)).toBe('about 13 s left');
    expect(formatEta(600)).toBe('about 10 min left');
  });
});
