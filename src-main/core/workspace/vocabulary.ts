// The names, limits, record types and errors the faces parse flags with, print and catch, re-exported
// from the layers below, so that a face (CLI, server, Electron) imports the application layer only.
export { DEFAULT_MAX_EVALUATIONS, type FitProgress } from '../fit/fit-curve.ts';
export { LABEL_NAMES, MODEL_NAMES, type ModelName } from '../formats/curves.ts';
export { parseModelName } from '../formats/challenge-files.ts';
export { BACKEND_PREFERENCES, type BackendPreference } from '../learn/backend-names.ts';
export { isPresetName, PRESET_NAMES, type PresetName } from '../learn/presets.ts';
export { DEPHASING_MAPS, type DephasingMap } from '../physics/dephasing-map.ts';
export { DEFAULT_SUM_NORMALISATION, type KernelNormalisation } from '../physics/kernel-spectrum.ts';
export { KERNEL_NAMES, type KernelName } from '../physics/kernels.ts';
export { DETUNING_MODES, MAX_LATTICE, type DetuningMode } from '../physics/options.ts';
export { DamagedDatabaseError } from '../store/database.ts';
export type { DatasetRecord } from '../store/datasets.ts';
export {
  COMPARISON_OPERATORS,
  flattenHyperparameters,
  RUN_FIELDS,
  RUN_STATUSES,
  type ComparisonOperator,
  type RunCondition,
  type RunOrder,
  type RunQuery,
  type RunQueryField,
  type RunRecord,
  type RunStatus,
} from '../store/runs.ts';
export type { StudyBudget, StudyRecord } from '../store/studies.ts';
export { TrainerClient, type TrainerTransport } from '../learn/trainer-client.ts';
export { checkTrainerCount, defaultTrainerCount } from '../learn/trainer-pool.ts';
export type { SavedModelRecord } from '../store/saved-models.ts';
