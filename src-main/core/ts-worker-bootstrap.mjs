// Starts a TypeScript worker module under tsx: Node 20 ignores --import in a worker's execArgv.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.tsEntry);
