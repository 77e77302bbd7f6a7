// Where the compared runs come from: the runs grouped by data set or by kernel, the warning when
// they mix either (their losses and scores are then not measured on the same curves), and the
// groups the Compare view splits into on request.
import type { Dataset, Run } from '../../../src-main/core/api/contract.ts';

export type SplitBy = 'none' | 'dataset' | 'kernel';

export interface RunGroup {
  readonly key: string;
  readonly label: string;
  readonly runIds: readonly string[];
}

/** The runs grouped by their data set or its kernel, in the order each group first appears; a data set that is gone has an unknown kernel. */
export function groupRuns(runs: readonly Run[], by: Exclude<SplitBy, 'none'>, datasets: readonly Dataset[]): RunGroup[] {
  const groups = new Map<string, { label: string; runIds: string[] }>();
  for (const run of runs) {
    const dataset = datasets.find((candidate) => candidate.id === run.datasetId);
    const key = by === 'dataset' ? run.datasetId : (dataset?.model ?? '?');
    const label = by === 'dataset' ? (dataset?.name ?? run.datasetId) : (dataset?.model ?? 'unknown kernel');
    const group = groups.get(key) ?? { label, runIds: [] };
    group.runIds.push(run.id);
    groups.set(key, group);
  }
  return [...groups].map(([key, group]) => ({ key, ...group }));
}

function listGroups(groups: readonly RunGroup[]): string {
  return groups.map((group) => `${group.label}: ${group.runIds.join(', ')}`).join('; ');
}

/**
 * The warning for runs of different kernels or data sets, or null when they share one data set.
 * Kernels first: runs of two kernels solve two different problems.
 */
export function mixedSourcesWarning(runs: readonly Run[], datasets: readonly Dataset[]): { mixes: 'kernel' | 'dataset'; text: string } | null {
  const kernels = groupRuns(runs, 'kernel', datasets);
  if (kernels.length > 1) {
    return {
      mixes: 'kernel',
      text: `These runs learnt ${kernels.length} different kernels (${listGroups(kernels)}): their losses and scores measure different problems, so compare them within a kernel.`,
    };
  }
  const sets = groupRuns(runs, 'dataset', datasets);
  if (sets.length > 1) {
    return {
      mixes: 'dataset',
      text: `These runs come from ${sets.length} different data sets (${listGroups(sets)}): their validation curves differ, so their scores are not measured on the same curves.`,
    };
  }
  return null;
}
