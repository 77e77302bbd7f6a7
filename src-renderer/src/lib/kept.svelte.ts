// Keeps a piece of the page's state per workspace: restores it once the workspace is known (the
// caller checks what was stored), then stores it again whenever it changes.
import { untrack } from 'svelte';
import { readKept, writeKept } from './kept-values.ts';
import { workspace } from './workspace.svelte.ts';

export interface Keeper {
  /** The value to store, read reactively: a change stores it again. */
  snapshot(): unknown;
  /** Takes back what was stored (undefined when nothing was); it must check every part. */
  restore(stored: unknown): void;
}

export function keepPerWorkspace(name: string, keeper: Keeper): void {
  $effect.root(() => {
    let restoredFor: string | null = null;
    $effect(() => {
      const dir = workspace.info?.workspaceDir;
      if (!dir) return;
      if (restoredFor !== dir) {
        restoredFor = dir;
        untrack(() => keeper.restore(readKept(localStorage, dir, name)));
      }
      writeKept(localStorage, dir, name, keeper.snapshot());
    });
  });
}
