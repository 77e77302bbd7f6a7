// What the Studies view's start form opens with when the Train view's auto preset sends it there.
import { router } from './router.svelte.ts';

class StudyDraft {
  /** The data set the new study should search on; null when nothing was sent. */
  datasetId = $state<string | null>(null);

  /** Opens the Studies view, its start form set to `datasetId`. */
  open(datasetId: string | null): void {
    this.datasetId = datasetId;
    router.go('studies');
  }

  /** The data set sent, once: the form takes it and the draft is empty again. */
  take(): string | null {
    const sent = this.datasetId;
    this.datasetId = null;
    return sent;
  }
}

export const studyDraft = new StudyDraft();
