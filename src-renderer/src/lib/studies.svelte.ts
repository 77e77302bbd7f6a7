// Reactive list of the workspace's studies, kept fresh by studyState events.
import type { Study } from '../../../src-main/core/api/contract.ts';
import { LiveList } from './live-list.svelte.ts';
import { api } from './workbench.ts';

class StudiesState extends LiveList<Study> {
  constructor() {
    super(() => api.call('listStudies'));
    api.on('studyState', ({ study }) => this.upsert(study));
  }
}

export const studies = new StudiesState();
