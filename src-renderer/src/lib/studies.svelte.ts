// Reactive list of the workspace's studies, kept fresh by studyState events.
import type { Study } from '../../../src-main/core/contract.ts';
import { messageOf } from './call-error.ts';
import { api } from './workbench.ts';

class StudiesState {
  all = $state<Study[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);

  constructor() {
    api.on('studyState', ({ study }) => this.upsert(study));
    // After a dropped link, catch up on what changed meanwhile.
    let dropped = false;
    api.onLinkState((state) => {
      if (state === 'closed') dropped = true;
      if (state === 'open' && dropped) {
        dropped = false;
        void this.refresh();
      }
    });
  }

  byId(studyId: string): Study | undefined {
    return this.all.find((study) => study.id === studyId);
  }

  async refresh(): Promise<void> {
    try {
      this.all = await api.call('listStudies');
      this.loaded = true;
      this.error = null;
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  /** Replaces a study's row with a newer one, or adds it at the top. */
  upsert(study: Study): void {
    const index = this.all.findIndex((candidate) => candidate.id === study.id);
    if (index >= 0) this.all[index] = study;
    else this.all = [study, ...this.all];
  }
}

export const studies = new StudiesState();
