// The owner's side of the trainer process: starts it, sends it jobs and cancels, turns its messages
// into per-run event streams, and reports the process dying so that the run can be marked interrupted.
import { EventEmitter } from 'node:events';
import { forkSibling } from '../fork-sibling.ts';
import { isTerminal, parseTrainerMessage, type OwnerMessage, type TrainerEvent, type TrainJob } from './trainer-protocol.ts';

/**
 * How the client talks to the trainer: a forked Node process today, Electron's utilityProcess
 * tomorrow (its postMessage/'message'/'exit'/kill() map onto these four members).
 */
export interface TrainerTransport {
  send(message: OwnerMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
  /** The end of the process's stderr, for the 'exited' event. */
  stderrTail(): string;
}

const STDERR_TAIL = 4096;

/** A trainer as a child process of this one, with the structured-clone channel so typed arrays cross intact. */
export function forkTrainerTransport(): TrainerTransport {
  const child = forkSibling(import.meta.url, 'trainer-process', [], {
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-STDERR_TAIL);
  });
  return {
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code, signal) => listener(code, signal)),
    kill: () => {
      child.kill();
    },
    stderrTail: () => tail,
  };
}

/** Async iteration over the events of one run, ending after its terminal event. */
class RunEvents implements AsyncIterable<TrainerEvent> {
  private readonly queue: TrainerEvent[] = [];
  private waiting: ((result: IteratorResult<TrainerEvent>) => void) | null = null;
  private done = false;

  push(event: TrainerEvent): void {
    if (this.done) return;
    if (isTerminal(event)) this.done = true;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: event, done: false });
    } else this.queue.push(event);
  }

  [Symbol.asyncIterator](): AsyncIterator<TrainerEvent> {
    return {
      next: () => {
        const event = this.queue.shift();
        if (event) return Promise.resolve({ value: event, done: false });
        if (this.done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.waiting = resolve;
        });
      },
    };
  }
}

/**
 * One trainer process and its runs, one at a time. Emits 'event' (TrainerEvent) for every event,
 * including 'exited' when the process ends for any reason; after that the client is spent.
 */
export class TrainerClient extends EventEmitter<{ event: [TrainerEvent] }> {
  private ready = false;
  private exited = false;
  private readonly pending: OwnerMessage[] = [];
  private run: { runId: string; events: RunEvents } | null = null;

  constructor(private readonly transport: TrainerTransport = forkTrainerTransport()) {
    super();
    transport.onMessage((raw) => this.receive(raw));
    transport.onExit((code, signal) => {
      this.exited = true;
      this.deliver({ type: 'exited', runId: this.run?.runId ?? null, code, signal, stderr: transport.stderrTail() });
    });
  }

  /** True while the trainer process is running. */
  get alive(): boolean {
    return !this.exited;
  }

  /** The run in progress, if any. */
  get activeRunId(): string | null {
    return this.run?.runId ?? null;
  }

  /** Starts a job; its events arrive on the returned stream (and as 'event'). One job at a time. */
  start(job: TrainJob): AsyncIterable<TrainerEvent> {
    if (this.exited) throw new Error('the trainer process has exited');
    if (this.run) throw new Error(`the trainer is busy with run ${this.run.runId}`);
    const events = new RunEvents();
    this.run = { runId: job.runId, events };
    this.post({ type: 'start', job });
    return events;
  }

  /** Asks the trainer to stop the run after its current batch; a 'cancelled' event follows. */
  cancel(runId: string): void {
    this.post({ type: 'cancel', runId });
  }

  /** Ends the trainer process; a run still going gets an 'exited' event. */
  dispose(): void {
    if (!this.exited) this.transport.kill();
  }

  private post(message: OwnerMessage): void {
    if (this.ready) this.transport.send(message);
    else this.pending.push(message);
  }

  private receive(raw: unknown): void {
    let message;
    try {
      message = parseTrainerMessage(raw);
    } catch (error) {
      if (this.run) this.deliver({ type: 'failed', runId: this.run.runId, message: (error as Error).message });
      return;
    }
    if (message.type === 'ready') {
      this.ready = true;
      for (const queued of this.pending.splice(0)) this.transport.send(queued);
      return;
    }
    this.deliver(message);
  }

  private deliver(event: TrainerEvent): void {
    const run = this.run;
    if (run && (event.type === 'exited' || event.runId === run.runId)) {
      run.events.push(event);
      if (isTerminal(event)) this.run = null;
    }
    this.emit('event', event);
  }
}
