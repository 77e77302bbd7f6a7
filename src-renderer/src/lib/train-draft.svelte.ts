// What the Train view opens with when another view sends it a run to clone.
import type { Run } from '../../../src-main/core/contract.ts';
import { router } from './router.svelte.ts';

class TrainDraft {
  /** The run whose recipe the form starts from; null for a new run from a preset. */
  cloneOf = $state<Run | null>(null);

  /** Opens the Train view with `run`'s data set, preset and hyperparameters, to edit and start. */
  clone(run: Run): void {
    this.cloneOf = run;
    router.go('train');
  }

  clear(): void {
    this.cloneOf = null;
  }
}

export const trainDraft = new TrainDraft();
