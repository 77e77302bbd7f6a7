// Worker thread of a curve fit: runs fitCurve on the curve it was given, reporting every
// simulation, then simulates the start and the fit so that the UI can draw them.
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../errors.ts';
import { simulateCurve } from '../physics/simulate-curve.ts';
import { fitCurve, type CurveParameters, type SimulationRecipe } from './fit-curve.ts';
import type { FitWorkerData, FitWorkerReply } from './fit-worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('fit-worker must run as a worker thread');
const data = (workerData as { data: FitWorkerData }).data;

function reply(message: FitWorkerReply, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

function simulateAt(recipe: SimulationRecipe, p: CurveParameters): Float64Array {
  return simulateCurve(recipe.kernel, p.alpha, p.xi, p.d, { ...recipe.options, seed: recipe.seed, curveIndex: recipe.curveIndex }).data;
}

function distanceOf(truth: CurveParameters | null): number | null {
  if (!truth) return null;
  try {
    const simulated = simulateAt(data.recipe, truth);
    return simulated.reduce((sum, value, i) => sum + (value - data.target[i]) ** 2, 0);
  } catch (error) {
    // A truth outside what the simulator accepts (an imported answer key) has no distance.
    if (error instanceof InputError) return null;
    throw error;
  }
}

// Not a top-level await: the Electron build bundles this worker as CommonJS.
async function fitAndReply(): Promise<void> {
  try {
    // Cancelling terminates this thread: the fit itself needs no signal.
    const result = await fitCurve({
      target: data.target,
      recipe: data.recipe,
      start: data.start,
      maxEvaluations: data.maxEvaluations,
      onProgress: (progress) => reply({ type: 'progress', progress }),
    });
    const startCurve = simulateAt(data.recipe, result.start);
    const fittedCurve = simulateAt(data.recipe, result.best);
    reply({ type: 'done', result, startCurve, fittedCurve, truthDistance: distanceOf(data.truth) }, [startCurve.buffer as ArrayBuffer, fittedCurve.buffer as ArrayBuffer]);
  } catch (error) {
    reply({ type: 'error', input: error instanceof InputError, message: error instanceof Error ? error.message : String(error) });
  }
}

void fitAndReply();
