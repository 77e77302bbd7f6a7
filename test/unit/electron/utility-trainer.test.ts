// The trainer's utilityProcess transport carries the learn module's protocol both ways, and the
// parentPort bridge gives the trainer process the IPC surface it was written for.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { TrainerClient } from '../../../src-main/core/learn/trainer-client.ts';
import type { TrainJob } from '../../../src-main/core/learn/trainer-protocol.ts';
import { bridgeParentPort } from '../../../src-main/electron/parent-port-bridge.ts';
import { utilityTrainerTransport } from '../../../src-main/electron/utility-trainer.ts';

class FakeUtilityProcess extends EventEmitter {
  readonly stderr = new PassThrough();
  postMessage = vi.fn();
  kill = vi.fn(() => true);
}

function started() {
  const child = new FakeUtilityProcess();
  const fork = vi.fn(() => child as never);
  const transport = utilityTrainerTransport(fork, '/app/out/electron/trainer-utility.cjs');
  return { child, fork, transport };
}

const job: TrainJob = { runId: 'run-1', datasetDir: '/ws/d', checkpointDir: '/ws/r', preset: 'mlp', hyperparameters: {}, backend: 'auto', resume: false };

describe('utilityTrainerTransport', () => {
  it('forks the bundled entry as a named utility process with piped stderr', () => {
    const { fork } = started();
    expect(fork).toHaveBeenCalledWith('/app/out/electron/trainer-utility.cjs', [], expect.objectContaining({ serviceName: expect.any(String), stdio: ['ignore', 'ignore', 'pipe'] }));
  });

  it('maps messages, exit, kill and the stderr tail', async () => {
    const { child, transport } = started();
    const messages: unknown[] = [];
    const exits: unknown[] = [];
    transport.onMessage((message) => messages.push(message));
    transport.onExit((code, signal) => exits.push([code, signal]));
    transport.send({ type: 'cancel', runId: 'r' });
    expect(child.postMessage).toHaveBeenCalledWith({ type: 'cancel', runId: 'r' });
    child.emit('message', { type: 'ready' });
    child.stderr.write('x'.repeat(5000) + 'the end');
    await new Promise((resolve) => setImmediate(resolve));
    expect(transport.stderrTail().endsWith('the end')).toBe(true);
    expect(transport.stderrTail().length).toBeLessThanOrEqual(4096);
    transport.kill();
    expect(child.kill).toHaveBeenCalled();
    child.emit('exit', 3);
    expect(messages).toEqual([{ type: 'ready' }]);
    expect(exits).toEqual([[3, null]]);
  });

  it('drives the learn module’s TrainerClient: jobs wait for ready, events flow back, a crash ends the run', async () => {
    const { child, transport } = started();
    const client = new TrainerClient(transport);
    const events = client.start(job);
    expect(child.postMessage).not.toHaveBeenCalled();
    child.emit('message', { type: 'ready' });
    expect(child.postMessage).toHaveBeenCalledWith({ type: 'start', job });
    child.emit('message', { type: 'cancelled', runId: 'run-1', epoch: 2 });
    const seen = [];
    for await (const event of events) seen.push(event.type);
    expect(seen).toEqual(['cancelled']);
    const second = client.start({ ...job, runId: 'run-2' });
    child.emit('exit', 9);
    const last = [];
    for await (const event of second) last.push(event);
    expect(last).toMatchObject([{ type: 'exited', runId: 'run-2', code: 9 }]);
    expect(client.alive).toBe(false);
  });
});

describe('bridgeParentPort', () => {
  it('gives the process send() and message events over its parentPort', () => {
    const parentPort = Object.assign(new EventEmitter(), { postMessage: vi.fn() });
    const target = Object.assign(new EventEmitter(), { parentPort: parentPort as never, send: undefined as ((message: unknown) => boolean) | undefined });
    bridgeParentPort(target);
    const received: unknown[] = [];
    target.on('message', (message) => received.push(message));
    parentPort.emit('message', { data: { type: 'start' } });
    expect(received).toEqual([{ type: 'start' }]);
    expect(target.send?.({ type: 'ready' })).toBe(true);
    expect(parentPort.postMessage).toHaveBeenCalledWith({ type: 'ready' });
  });

  it('refuses to run outside a utility process', () => {
    expect(() => bridgeParentPort(new EventEmitter() as never)).toThrow(/parentPort/);
  });
});
