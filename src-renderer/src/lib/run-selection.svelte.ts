// The runs picked for comparison, shared by the Runs and Compare views and kept per workspace, the
// run under the pointer, which every chart of the comparison highlights, and a new run to show in
// the Runs view.
import { keepPerWorkspace } from './kept.svelte.ts';
import { keptIds } from './kept-values.ts';
import { router } from './router.svelte.ts';
import { runs } from './runs.svelte.ts';

class RunSelection {
  ids = $state<string[]>([]);
  hovered = $state<string | null>(null);
  /** A run just made elsewhere (an ensemble): the Runs view scrolls to it and marks it. */
  revealed = $state<string | null>(null);

  has(id: string): boolean {
    return this.ids.includes(id);
  }

  toggle(id: string, on: boolean): void {
    this.ids = on ? [...this.ids.filter((other) => other !== id), id] : this.ids.filter((other) => other !== id);
  }

  /** Opens the Runs view on `id`, marked. */
  reveal(id: string): void {
    this.revealed = id;
    router.go('runs');
  }

  /** Opens the Compare view on `ids`. */
  compare(ids: readonly string[]): void {
    this.ids = [...ids];
    router.go('compare');
  }
}

export const selection = new RunSelection();

keepPerWorkspace('compared-runs', {
  snapshot: () => selection.ids,
  restore: (stored) => (selection.ids = keptIds(stored)),
});

// A kept run that is gone (deleted, or the list came from another copy of the workspace) is dropped.
$effect.root(() => {
  $effect(() => {
    if (!runs.loaded) return;
    const known = selection.ids.filter((id) => runs.byId(id) !== undefined);
    if (known.length !== selection.ids.length) selection.ids = known;
  });
});
