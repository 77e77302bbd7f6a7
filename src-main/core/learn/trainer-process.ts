// Entry of the long-lived trainer process: takes jobs from its owner over IPC, one at a time, and
// streams their events back. It never touches the workspace database: only its owner writes there.
import { describeError } from '../errors.ts';
import { runTrainJob } from './train-job.ts';
import { parseOwnerMessage, type TrainerMessage } from './trainer-protocol.ts';

if (!process.send) {
  process.stderr.write('trainer-process must be started with an IPC channel (child_process.fork)\n');
  process.exit(2);
}

const send = (message: TrainerMessage) => process.send?.(message);
let current: { runId: string; controller: AbortController } | null = null;

process.on('message', (raw: unknown) => {
  let message;
  try {
    message = parseOwnerMessage(raw);
  } catch (error) {
    const runId = (raw as { job?: { runId?: unknown } } | null)?.job?.runId;
    send({ type: 'failed', runId: typeof runId === 'string' ? runId : '', message: describeError(error) });
    return;
  }
  if (message.type === 'cancel') {
    if (current?.runId === message.runId) current.controller.abort();
    return;
  }
  const { job } = message;
  if (current) {
    send({ type: 'failed', runId: job.runId, message: `the trainer is busy with run ${current.runId}` });
    return;
  }
  const controller = new AbortController();
  current = { runId: job.runId, controller };
  void runTrainJob(job, send, controller.signal).finally(() => {
    current = null;
  });
});

// The owner went away: nobody is left to hear the events or to write the results.
process.on('disconnect', () => process.exit(0));

// A terminal's Ctrl-C reaches the whole process group; the owner decides what it means and sends
// a cancel, so that the run stops cleanly after its current batch.
process.on('SIGINT', () => {});

send({ type: 'ready' });
