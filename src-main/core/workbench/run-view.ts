// A run as the contract shows it: its stored record without the folder, and how long it trained.
import type { Run } from '../api/contract.ts';
import type { RunRecord } from '../store/runs.ts';
import type { Workspace } from '../workspace/workspace.ts';

/** The runs as the contract shows them, their training times read in one query. */
export function runViews(workspace: Workspace, records: readonly RunRecord[]): Run[] {
  const seconds = workspace.runs.trainingSeconds(records.map((record) => record.id));
  return records.map(({ directory: _directory, ...run }) => ({ ...run, trainingSeconds: seconds.get(run.id) ?? null }));
}

export function runView(workspace: Workspace, record: RunRecord): Run {
  return runViews(workspace, [record])[0];
}
