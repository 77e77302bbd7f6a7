// Starts sibling modules as worker threads (and finds them for fork-sibling.ts), so that the same
// code runs from the TypeScript sources (through tsx) and from a bundled build (plain JavaScript).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

interface SiblingModule {
  readonly path: string;
  readonly fromSource: boolean;
}

/** The file of module `name` beside the module at `fromUrl`, with that module's extension. */
export function siblingModule(fromUrl: string, name: string): SiblingModule {
  const fromPath = fileURLToPath(fromUrl);
  const fromSource = fromPath.endsWith('.ts');
  const extension = fromSource ? '.ts' : fromPath.slice(fromPath.lastIndexOf('.'));
  return { path: fileURLToPath(new URL(`./${name}${extension}`, fromUrl)), fromSource };
}

/**
 * A worker thread running module `name` beside the module at `fromUrl`. Node 20 ignores
 * `--import` in a worker's execArgv, so a TypeScript worker starts through a tiny bootstrap
 * that registers tsx first; the worker's own workerData goes under `workerData.data`.
 */
export function startSiblingWorker(fromUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const entry = siblingModule(fromUrl, name);
  if (!entry.fromSource) return new Worker(entry.path, { ...options, workerData: { data: options.workerData } });
  const bootstrap = fileURLToPath(new URL('./ts-worker-bootstrap.mjs', import.meta.url));
  return new Worker(bootstrap, {
    ...options,
    workerData: { tsEntry: pathToFileURL(entry.path).href, data: options.workerData },
  });
}
