// The runs picked for comparison, shared by the Runs and Compare views, and the run under the
// pointer, which every chart of the comparison highlights.
import { router } from './router.svelte.ts';

class RunSelection {
  ids = $state<string[]>([]);
  hovered = $state<string | null>(null);

  has(id: string): boolean {
    return this.ids.includes(id);
  }

  toggle(id: string, on: boolean): void {
    this.ids = on ? [...this.ids.filter((other) => other !== id), id] : this.ids.filter((other) => other !== id);
  }

  /** Opens the Compare view on `ids`. */
  compare(ids: readonly string[]): void {
    this.ids = [...ids];
    router.go('compare');
  }
}

export const selection = new RunSelection();
