// The views of the workbench, in navigation order; a view not built yet says so.

export interface ViewEntry {
  readonly id: string;
  readonly label: string;
  /** What the view will do, shown while it is still coming. */
  readonly purpose: string;
}

export const VIEWS: readonly ViewEntry[] = [
  { id: 'data', label: 'Data', purpose: 'Import challenge folders and simulate data sets.' },
  { id: 'curves', label: 'Curves', purpose: 'Look at the echo curves of a data set, real and imaginary parts.' },
  { id: 'explorer', label: 'Explorer', purpose: 'Move alpha, xi and d and watch the simulated curve change.' },
  { id: 'train', label: 'Train', purpose: 'Pick a preset, tune its hyperparameters and start a training run.' },
  { id: 'studies', label: 'Studies', purpose: 'Let the workbench search presets and hyperparameters within a budget, and ensemble the best.' },
  { id: 'runs', label: 'Runs', purpose: 'Every run with its hyperparameters and metrics; resume or clone.' },
  { id: 'compare', label: 'Compare', purpose: 'Overlay runs, diff their hyperparameters, see per-label errors.' },
  { id: 'export', label: 'Export', purpose: 'Write the submission files from a chosen run for each kernel.' },
  { id: 'workspace', label: 'Workspace', purpose: 'Where the workspace lives, the version and the ML backend.' },
];

export const DEFAULT_VIEW = 'data';
