// Per-parameter minimum, mean and maximum of a label set, for summaries of imported data.
import { LABEL_NAMES, type LabelName, type LabelSet } from './curves.ts';

export interface ParameterSummary {
  readonly min: number;
  readonly mean: number;
  readonly max: number;
}

export type LabelSummary = Record<LabelName, ParameterSummary>;

/** Summarises each of alpha, xi and d; an empty set has NaN everywhere. */
export function summariseLabels(labels: LabelSet): LabelSummary {
  const summary = {} as Record<LabelName, ParameterSummary>;
  LABEL_NAMES.forEach((name, column) => {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (let row = 0; row < labels.count; row++) {
      const value = labels.data[row * 3 + column];
      if (value < min) min = value;
      if (value > max) max = value;
      sum += value;
    }
    summary[name] = labels.count === 0 ? { min: NaN, mean: NaN, max: NaN } : { min, mean: sum / labels.count, max };
  });
  return summary;
}
