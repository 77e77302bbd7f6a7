// Follows a training run from the CLI: a live progress line on stderr, and Ctrl-C to cancel it
// cleanly (a second Ctrl-C stops at once, leaving the run 'interrupted' and resumable).
import type { RunRecord } from '../core/workspace/vocabulary.ts';
import type { Workspace } from '../core/workspace/workspace.ts';
import type { WorkspaceEvent } from '../core/workspace/workspace-events.ts';
import { formatDuration, formatMetric } from './text-table.ts';

type EpochEvent = Extract<WorkspaceEvent, { type: 'run-epoch' }>;

/** One progress line: epoch, losses, learning rate, speed, ETA and backend. */
export function progressLine(event: EpochEvent, secondsPerEpoch: number): string {
  const { metrics, totalEpochs } = event;
  const remaining = Math.max(0, totalEpochs - metrics.epoch);
  return [
    `${event.runId} epoch ${metrics.epoch}/${totalEpochs}`,
    `loss ${formatMetric(metrics.loss)}`,
    `val ${formatMetric(metrics.valLoss)}`,
    `lr ${formatMetric(metrics.lr)}`,
    `${secondsPerEpoch.toFixed(2)} s/epoch`,
    `ETA ${formatDuration(secondsPerEpoch * remaining)}`,
    event.backend,
  ].join('  ');
}

/** Resolves with the run's final row; the progress goes to `stream` (stderr). */
export async function followRun(workspace: Workspace, runId: string, settled: Promise<RunRecord>, stream: NodeJS.WriteStream = process.stderr): Promise<RunRecord> {
  const live = stream.isTTY === true;
  let seconds = 0;
  let epochs = 0;
  let lineOpen = false;
  const stop = workspace.subscribe((event) => {
    if (event.type === 'job-progress' && event.jobId === `augment-${runId}`) {
      const { done, total, etaSeconds } = event.progress;
      const line = `${runId} simulating its augmentation curves: ${done}/${total}, ETA ${formatDuration(etaSeconds ?? 0)}`;
      if (live) {
        stream.write(`\r\x1b[K${line}`);
        lineOpen = true;
      } else if (done === total || done % Math.max(1, Math.ceil(total / 10)) === 0) stream.write(line + '\n');
      return;
    }
    if (event.type === 'run-state' && event.run.id === runId && event.run.status === 'running' && event.run.backend) {
      stream.write(`${live && lineOpen ? '\n' : ''}${runId} running on ${event.run.backend}${event.run.backendNotes ? ` (${event.run.backendNotes})` : ''}\n`);
      lineOpen = false;
    }
    if (event.type !== 'run-epoch' || event.runId !== runId) return;
    seconds += event.metrics.seconds ?? 0;
    epochs += 1;
    const line = progressLine(event, seconds / epochs);
    if (live) {
      stream.write(`\r\x1b[K${line}`);
      lineOpen = true;
    } else stream.write(line + '\n');
  });

  let interrupts = 0;
  const onInterrupt = () => {
    interrupts += 1;
    if (interrupts === 1) {
      stream.write(`${lineOpen ? '\n' : ''}cancelling ${runId} after the current batch (Ctrl-C again to stop at once)\n`);
      lineOpen = false;
      try {
        workspace.runs.cancel(runId);
      } catch {
        // The run settled between the key press and now: nothing left to cancel.
      }
    } else {
      stream.write(`stopping now: resume ${runId} later with spin-echo runs resume ${runId}\n`);
      void workspace.close();
    }
  };
  process.on('SIGINT', onInterrupt);
  try {
    return await settled;
  } finally {
    process.off('SIGINT', onInterrupt);
    stop();
    if (lineOpen) stream.write('\n');
  }
}

/** One line on how a run ended. */
export function describeOutcome(run: RunRecord): string {
  const where = run.backend ? ` on ${run.backend}` : '';
  if (run.status === 'finished') {
    return `${run.id} finished${where}: best epoch ${run.bestEpoch ?? '-'}, val loss ${formatMetric(run.bestValLoss)}, val per-element ${formatMetric(run.valPerElement)}`;
  }
  return `${run.id} ${run.status}${where}${run.errorMessage ? `: ${run.errorMessage}` : ''}`;
}
