// The model presets of the workbench, listed once per page.
import type { CallResult } from '../../../src-main/core/api/contract.ts';
import { messageOf } from './call-error.ts';
import { api } from './workbench.ts';

type Preset = CallResult<'listPresets'>[number];

class PresetsState {
  list = $state<Preset[]>([]);
  error = $state<string | null>(null);
  private loading: Promise<void> | null = null;

  /** Lists the presets the first time; later calls reuse the answer (a failed attempt is retried). */
  load(): Promise<void> {
    this.loading ??= api.call('listPresets').then(
      (list) => {
        this.list = list;
        this.error = null;
      },
      (error: unknown) => {
        this.error = messageOf(error);
        this.loading = null;
      },
    );
    return this.loading;
  }

  /** Lists them again: a model was saved or deleted. */
  reload(): Promise<void> {
    this.loading = null;
    return this.load();
  }

  /** Whether runs of `preset` can be cloned from a form (an ensemble has no hyperparameters). */
  has(preset: string): boolean {
    return this.list.some((candidate) => candidate.name === preset);
  }
}

export const presets = new PresetsState();
