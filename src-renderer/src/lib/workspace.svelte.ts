// Reactive state of the open workspace: its description and its data sets, kept fresh by events.
import type { Dataset, WorkspaceInfo } from '../../../src-main/core/api/contract.ts';
import { CallError, messageOf } from './call-error.ts';
import { api } from './workbench.ts';

class WorkspaceState {
  info = $state<WorkspaceInfo | null>(null);
  datasets = $state<Dataset[]>([]);
  datasetsLoaded = $state(false);
  error = $state<string | null>(null);
  /** Why the workspace could not open, when its database is damaged: the page then offers a fresh one. */
  damaged = $state<string | null>(null);

  constructor() {
    api.on('datasetReady', () => void this.refreshDatasets());
    api.onReconnect(() => void this.refreshDatasets());
  }

  /** Loads the workspace description; resolves false (with `error` set) when the core refused. */
  async load(): Promise<boolean> {
    try {
      this.info = await api.call('getWorkspaceInfo');
      this.error = null;
      this.damaged = null;
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  /** Starts a fresh database where the damaged one was (which stays kept), then loads the workspace. */
  async startFreshDatabase(): Promise<boolean> {
    try {
      await api.call('startFreshDatabase');
    } catch (error) {
      this.error = messageOf(error);
      return false;
    }
    return this.load();
  }

  /** Stores how many runs train at once (null: the default); resolves with the problem, or null once applied. */
  async setTrainerCount(trainers: number | null): Promise<string | null> {
    try {
      this.info = await api.call('setTrainerCount', { trainers });
      return null;
    } catch (error) {
      return messageOf(error);
    }
  }

  async refreshDatasets(): Promise<void> {
    try {
      this.datasets = await api.call('listDatasets');
      this.datasetsLoaded = true;
      this.error = null;
    } catch (error) {
      this.fail(error);
    }
  }

  /** A damaged database is not an error banner: the page offers the choice instead. */
  private fail(error: unknown): void {
    if (error instanceof CallError && error.kind === 'damaged') this.damaged = error.message;
    else this.error = messageOf(error);
  }
}

export const workspace = new WorkspaceState();
