// Learning-rate schedules and early stopping with the semantics of Keras 2's ReduceLROnPlateau and
// EarlyStopping callbacks (mode 'min' on the validation loss), as plain serialisable state, and
// PyTorch's one-cycle schedule.

export interface PlateauSettings {
  readonly factor: number;
  readonly patience: number;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
}

export interface PlateauState {
  /** Lowest validation loss seen; null before the first epoch (Keras: +inf). */
  readonly best: number | null;
  readonly wait: number;
  readonly cooldownCounter: number;
}

export const INITIAL_PLATEAU_STATE: PlateauState = { best: null, wait: 0, cooldownCounter: 0 };

/**
 * ReduceLROnPlateau.on_epoch_end: `lr` is the rate used during the epoch; returns the rate for
 * the next one. Keras stores the rate in a float32 variable, hence the rounding on a reduction.
 */
export function stepPlateau(s: PlateauSettings, state: PlateauState, valLoss: number, lr: number): { state: PlateauState; lr: number } {
  let { best, wait, cooldownCounter } = state;
  const inCooldown = cooldownCounter > 0;
  if (inCooldown) {
    cooldownCounter -= 1;
    wait = 0;
  }
  if (valLoss < (best ?? Infinity) - s.minDelta) {
    best = valLoss;
    wait = 0;
  } else if (!(cooldownCounter > 0)) {
    wait += 1;
    if (wait >= s.patience && lr > Math.fround(s.minLr)) {
      lr = Math.fround(Math.max(lr * s.factor, s.minLr));
      cooldownCounter = s.cooldown;
      wait = 0;
    }
  }
  return { state: { best, wait, cooldownCounter }, lr };
}

/** Cosine decay per epoch from `initial` (epoch 0) towards `minimum` (epoch `epochs`). */
export function cosineLearningRate(initial: number, minimum: number, epochIndex: number, epochs: number): number {
  return minimum + 0.5 * (initial - minimum) * (1 + Math.cos((Math.PI * epochIndex) / epochs));
}

export interface OneCycleSettings {
  /** The peak rate. */
  readonly maxLr: number;
  /** Share of the steps spent rising to the peak (PyTorch pct_start). */
  readonly warmupFraction: number;
  /** The first rate is maxLr / initialDivisor (div_factor). */
  readonly initialDivisor: number;
  /** The last rate is the first one / finalDivisor (final_div_factor). */
  readonly finalDivisor: number;
}

function cosineBetween(from: number, to: number, fraction: number): number {
  return to + 0.5 * (from - to) * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, fraction))));
}

/**
 * The rate of the 0-based batch step `step` of `totalSteps`, as PyTorch's OneCycleLR with its
 * defaults ('cos' annealing, two phases): a cosine rise from maxLr / initialDivisor to maxLr until
 * step warmupFraction · totalSteps − 1, then a cosine fall to the last step. A warm-up shorter than
 * a step starts on the way down, as PyTorch's does; steps past the last keep the last rate.
 */
export function oneCycleLearningRate(s: OneCycleSettings, step: number, totalSteps: number): number {
  const initial = s.maxLr / s.initialDivisor;
  const peakStep = s.warmupFraction * totalSteps - 1;
  // PyTorch divides by zero when the peak is step 0; here that step is the peak.
  if (step <= peakStep) return peakStep > 0 ? cosineBetween(initial, s.maxLr, step / peakStep) : s.maxLr;
  const last = totalSteps - 1;
  return cosineBetween(s.maxLr, initial / s.finalDivisor, (step - peakStep) / (last - peakStep));
}

export interface EarlyStoppingSettings {
  readonly patience: number;
  readonly minDelta: number;
}

export interface EarlyStoppingState {
  readonly best: number | null;
  /** 0-based epoch of `best`; -1 before any improvement. */
  readonly bestEpoch: number;
  readonly wait: number;
}

export const INITIAL_EARLY_STOPPING_STATE: EarlyStoppingState = { best: null, bestEpoch: -1, wait: 0 };

/**
 * EarlyStopping.on_epoch_end for the 0-based `epochIndex`: `improved` says the caller should keep
 * these weights as the best (restore_best_weights); `stop` ends training. Keras never stops
 * after the very first epoch, whatever the patience.
 */
export function stepEarlyStopping(
  s: EarlyStoppingSettings,
  state: EarlyStoppingState,
  valLoss: number,
  epochIndex: number,
): { state: EarlyStoppingState; improved: boolean; stop: boolean } {
  let { best, bestEpoch, wait } = state;
  wait += 1;
  const improved = valLoss + s.minDelta < (best ?? Infinity);
  if (improved) {
    best = valLoss;
    bestEpoch = epochIndex;
    wait = 0;
  }
  return { state: { best, bestEpoch, wait }, improved, stop: wait >= s.patience && epochIndex > 0 };
}
