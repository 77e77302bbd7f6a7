// The data set and curve the user last picked, shared by the Data, Curves and Explorer views and
// kept per workspace: the last-used data set.
import { keepPerWorkspace } from './kept.svelte.ts';
import { isRecord, keptChoice, keptId, keptInteger } from './kept-values.ts';
import { workspace } from './workspace.svelte.ts';

class Selection {
  datasetId = $state<string | null>(null);
  split = $state<'model' | 'eval'>('model');
  curveIndex = $state(0);

  pick(datasetId: string | null, curveIndex = 0, split: 'model' | 'eval' = 'model'): void {
    this.datasetId = datasetId;
    this.split = split;
    this.curveIndex = curveIndex;
  }
}

export const selection = new Selection();

keepPerWorkspace('picked-curve', {
  snapshot: () => ({ datasetId: selection.datasetId, split: selection.split, curveIndex: selection.curveIndex }),
  restore: (stored) => {
    if (!isRecord(stored)) return;
    selection.datasetId = keptId(stored.datasetId);
    selection.split = keptChoice(stored.split, ['model', 'eval'] as const, 'model');
    selection.curveIndex = keptInteger(stored.curveIndex, 0, 10_000_000, 0);
  },
});

// A kept data set that is gone is dropped; a curve index beyond its curves starts again at 0.
$effect.root(() => {
  $effect(() => {
    if (!workspace.datasetsLoaded || selection.datasetId === null) return;
    const dataset = workspace.datasets.find((candidate) => candidate.id === selection.datasetId);
    if (!dataset) selection.pick(workspace.datasets[0]?.id ?? null);
    else if (selection.curveIndex >= (selection.split === 'model' ? dataset.modelCount : dataset.evalCount)) selection.curveIndex = 0;
  });
});
