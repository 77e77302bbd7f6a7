// Worker thread of the table-shape prefetch: takes pieces of number tables in turn with the main
// thread, checks each keeping no value, and replies with each one's shape (or that it failed) and
// the bytes it read.
import { parentPort } from 'node:worker_threads';
import { workOnClaims } from './piece-claims.ts';
import { readPieceShape } from './table-pieces.ts';
import type { ShapeJob, ShapeReply } from './table-shape-protocol.ts';

const port = parentPort;
if (!port) throw new Error('table-shape-worker must run as a worker thread');

port.once('message', async ({ pieces, claims }: ShapeJob) => {
  // Not a ProgressMeter: the main thread's meter keeps the time; this one only counts bytes.
  const meter = { advance: (bytes = 1) => port.postMessage({ type: 'progress', bytes } satisfies ShapeReply) };
  await workOnClaims(claims, pieces.length, async (index) => {
    const shape = await readPieceShape(pieces[index], { meter });
    port.postMessage({ type: 'piece', index, shape } satisfies ShapeReply);
  });
});
