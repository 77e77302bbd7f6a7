// Worker thread of the simulation pool: simulates the batches of labelled curves it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import type { PoolReply, PoolTask, PoolWorkerData } from './simulation-protocol.ts';
import { curveLength } from './options.ts';
import { simulateLabelledCurves } from './simulate-curve.ts';

const port = parentPort;
if (!port) throw new Error('simulation-worker must run as a worker thread');
const { plan } = (workerData as { data: PoolWorkerData }).data;
const length = curveLength(plan.options);

function reply(message: PoolReply, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

port.on('message', (task: PoolTask) => {
  try {
    const count = task.labels.length / 3;
    const data = new Float64Array(count * length * 2);
    simulateLabelledCurves(plan, task.firstIndex, task.labels, data, () => reply({ type: 'curve', id: task.id }));
    // Transferred, not copied: the buffer moves to the main thread.
    reply({ type: 'done', id: task.id, data }, [data.buffer]);
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    reply({ type: 'error', id: task.id, name, message });
  }
});
