// The manifest a simulated data set's folder holds beside its challenge files: the program, kernel,
// seed, counts and every simulation option that made it, so that its curves can be simulated again.
import type { KernelName } from '../physics/kernels.ts';
import type { SimulationOptions } from '../physics/options.ts';
import type { ChallengeRole } from './challenge-files.ts';

export const MANIFEST_FILE = 'manifest.json';

export interface DatasetManifest {
  readonly format: 'spin-echo-dataset/1';
  readonly program: { readonly name: string; readonly version: string };
  readonly kernel: KernelName;
  readonly model: 'gauss' | 'RKKY';
  readonly seed: number;
  readonly source: 'priors' | { readonly labelsFile: string | null };
  readonly counts: { readonly model: number; readonly eval: number };
  readonly samplesPerCurve: number;
  readonly detuning: SimulationOptions['detuning'];
  readonly options: SimulationOptions;
  /** File names (inside the folder) by role. */
  readonly files: Partial<Record<ChallengeRole | 'manifest', string>>;
  readonly timing: {
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly elapsedSeconds: number;
    readonly secondsPerCurve: number;
    readonly workers: number;
    readonly batchSize: number;
  };
}
