// Reactive state of the open workspace: its description and its data sets, kept fresh by events.
import type { Dataset, WorkspaceInfo } from '../../../src-main/core/contract.ts';
import { messageOf } from './call-error.ts';
import { api } from './workbench.ts';

class WorkspaceState {
  info = $state<WorkspaceInfo | null>(null);
  datasets = $state<Dataset[]>([]);
  datasetsLoaded = $state(false);
  error = $state<string | null>(null);

  constructor() {
    api.on('datasetReady', () => void this.refreshDatasets());
    api.onReconnect(() => void this.refreshDatasets());
  }

  /** Loads the workspace description; resolves false (with `error` set) when the core refused. */
  async load(): Promise<boolean> {
    try {
      this.info = await api.call('getWorkspaceInfo');
      this.error = null;
      return true;
    } catch (error) {
      this.error = messageOf(error);
      return false;
    }
  }

  async refreshDatasets(): Promise<void> {
    try {
      this.datasets = await api.call('listDatasets');
      this.datasetsLoaded = true;
      this.error = null;
    } catch (error) {
      this.error = messageOf(error);
    }
  }
}

export const workspace = new WorkspaceState();
