// Reactive state of the workspace's runs: every run's row, kept fresh by runState events, and the
// epochs of the runs being watched, appended as runEpoch events arrive (once per epoch).
import type { EpochMetrics, EventPayload, Run } from '../../../src-main/core/api/contract.ts';
import { messageOf } from './call-error.ts';
import { LiveList } from './live-list.svelte.ts';
import { api } from './workbench.ts';

/** What the live panel of a run needs: its epochs so far and the plan they belong to. */
export interface LiveRun {
  epochs: EpochMetrics[];
  totalEpochs: number;
  startEpoch: number;
  backend: string | null;
}

export const ACTIVE_STATUSES: readonly Run['status'][] = ['queued', 'running'];

class RunsState extends LiveList<Run> {
  /** Counts every change of a run's row, for views that ask the core again when any run changes. */
  revision = $state(0);
  /** Epochs by run id, for the runs someone looks at or that trained while the page was open. */
  live = $state<Record<string, LiveRun>>({});

  constructor() {
    super(() => api.call('listRuns', {}));
    api.on('runState', ({ run }) => this.upsert(run));
    api.on('runEpoch', (event) => this.addEpoch(event));
    api.onReconnect(() => {
      for (const runId of Object.keys(this.live)) void this.watch(runId, true);
    });
  }

  get active(): Run[] {
    return this.all.filter((run) => ACTIVE_STATUSES.includes(run.status));
  }

  /** Loads a run's stored epochs once (again with `reload`), so that its live chart starts complete. */
  async watch(runId: string, reload = false): Promise<void> {
    if (this.live[runId] && !reload) return;
    try {
      const { run, epochs } = await api.call('getRunMetrics', { runId });
      const current = this.live[runId];
      // Epochs that arrived by event while the call was out are newer than what it answered.
      const later = current?.epochs.filter((epoch) => epoch.epoch > (epochs.at(-1)?.epoch ?? 0)) ?? [];
      this.live[runId] = {
        epochs: [...epochs, ...later],
        totalEpochs: current?.totalEpochs ?? run.epochs,
        startEpoch: current?.startEpoch ?? 0,
        backend: current?.backend ?? run.backend,
      };
      this.upsert(run);
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  protected override changed(): void {
    this.revision++;
  }

  private addEpoch({ runId, metrics, totalEpochs, startEpoch, backend }: EventPayload<'runEpoch'>): void {
    const live = this.live[runId];
    if (!live) {
      this.live[runId] = { epochs: [metrics], totalEpochs, startEpoch, backend };
      // Earlier epochs of a run that started before this page (or was resumed) are in the store.
      if (metrics.epoch > startEpoch + 1) void this.watch(runId, true);
      return;
    }
    // A resumed run trains the epochs after its checkpoint again: they replace the old ones.
    if ((live.epochs.at(-1)?.epoch ?? 0) < metrics.epoch) live.epochs.push(metrics);
    else live.epochs = [...live.epochs.filter((epoch) => epoch.epoch < metrics.epoch), metrics];
    live.totalEpochs = totalEpochs;
    live.startEpoch = startEpoch;
    live.backend = backend;
  }
}

export const runs = new RunsState();
