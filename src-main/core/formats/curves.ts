// The in-memory shape of echo curves: one flat buffer of n curves x T time points x (Re, Im).

export type CurveBuffer = Float64Array | Float32Array;

export interface CurveSet {
  /** Number of curves. */
  readonly count: number;
  /** Time points per curve (471 in the challenge). */
  readonly length: number;
  /** count * length * 2 values: curve c, time t, part p (0 = Re, 1 = Im) at (c * length + t) * 2 + p. */
  readonly data: CurveBuffer;
}

/** Labels, one row of (alpha, xi, d) per curve, row-major: count * 3 values. */
export interface LabelSet {
  readonly count: number;
  readonly data: Float64Array;
}

export const LABEL_NAMES = ['alpha', 'xi', 'd'] as const;
export type LabelName = (typeof LABEL_NAMES)[number];

/** The two coupling kernels of the challenge, spelled as in its file names. */
export const MODEL_NAMES = ['gauss', 'RKKY'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];
