// Worker thread of the table-shape prefetch: checks the number tables it is sent, one at a time,
// keeping no value, and replies with each one's shape (or that it failed) and the bytes it read.
import { parentPort } from 'node:worker_threads';
import { ProgressMeter } from '../progress.ts';
import { readNumberTable } from './number-table.ts';
import type { ShapeReply, ShapeRequest } from './table-shape-protocol.ts';

const port = parentPort;
if (!port) throw new Error('table-shape-worker must run as a worker thread');

port.on('message', async ({ path }: ShapeRequest) => {
  let reported = 0;
  const meter = new ProgressMeter(0, ({ done }) => {
    port.postMessage({ type: 'progress', bytes: done - reported } satisfies ShapeReply);
    reported = done;
  });
  try {
    const { rows, columns } = await readNumberTable(path, { discardValues: true, meter });
    port.postMessage({ type: 'shape', path, shape: { rows, columns } } satisfies ShapeReply);
  } catch {
    // Why it failed is for the exact read on the main thread to say.
    port.postMessage({ type: 'shape', path, shape: null } satisfies ShapeReply);
  }
});
port.postMessage({ type: 'ready' } satisfies ShapeReply);
