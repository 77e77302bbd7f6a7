// Optimisers of Keras 2 (Nadam with its momentum schedule, Adam, SGD with momentum) and PyTorch's
// AdamW applied in plain JavaScript to one flat Float32Array of parameters: one pass per step
// instead of dozens of tensor ops.

export type OptimizerKind = 'nadam' | 'adam' | 'adamw' | 'sgd';

export interface OptimizerSettings {
  readonly kind: OptimizerKind;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Nadam: mu_t = beta1 (1 - 0.5 * 0.96^(scheduleDecay * t)); Keras <= 2.10 uses 0.004. */
  readonly scheduleDecay: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  /** AdamW's decoupled weight decay. */
  readonly weightDecay: number;
}

/** Everything an optimiser carries between steps; `m` is SGD's velocity. */
export interface OptimizerState {
  readonly kind: OptimizerKind;
  /** Steps taken so far (Keras `iterations`). */
  iterations: number;
  /** Nadam's running product of mu_1 ... mu_t (Keras `m_cache`), 1 before the first step. */
  mSchedule: number;
  readonly m: Float32Array;
  readonly v: Float32Array;
}

export function createOptimizerState(kind: OptimizerKind, parameterCount: number): OptimizerState {
  return {
    kind,
    iterations: 0,
    mSchedule: 1,
    m: new Float32Array(parameterCount),
    v: new Float32Array(kind === 'sgd' ? 0 : parameterCount),
  };
}

function nadamStep(s: OptimizerSettings, state: OptimizerState, p: Float32Array, g: Float32Array, lr: number): void {
  const t = state.iterations + 1;
  const muT = s.beta1 * (1 - 0.5 * 0.96 ** (s.scheduleDecay * t));
  const muNext = s.beta1 * (1 - 0.5 * 0.96 ** (s.scheduleDecay * (t + 1)));
  const scheduleNew = state.mSchedule * muT;
  const scheduleNext = scheduleNew * muNext;
  // Folded constants: m_bar = gCoefficient * g + mCoefficient * m, the sqrt(v') denominator as sqrt(v * vScale).
  const gCoefficient = (1 - muT) / (1 - scheduleNew);
  const mCoefficient = muNext / (1 - scheduleNext);
  const vScale = 1 / (1 - s.beta2 ** t);
  const { m, v } = state;
  const { beta1, beta2, epsilon } = s;
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  for (let i = 0; i < p.length; i++) {
    const gi = g[i];
    const mi = beta1 * m[i] + oneMinusBeta1 * gi;
    const vi = beta2 * v[i] + oneMinusBeta2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] -= (lr * (gCoefficient * gi + mCoefficient * mi)) / (Math.sqrt(vi * vScale) + epsilon);
  }
  state.mSchedule = scheduleNew;
}

/** The update Adam and AdamW share: m and v, then p ← p·decay − stepSize·m / (√v·rootScale + ε). */
function adamUpdate(s: OptimizerSettings, state: OptimizerState, p: Float32Array, g: Float32Array, decay: number, stepSize: number, rootScale: number): void {
  const { m, v } = state;
  const { beta1, beta2, epsilon } = s;
  for (let i = 0; i < p.length; i++) {
    const gi = g[i];
    const mi = beta1 * m[i] + (1 - beta1) * gi;
    const vi = beta2 * v[i] + (1 - beta2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] = p[i] * decay - (stepSize * mi) / (Math.sqrt(vi) * rootScale + epsilon);
  }
}

/** Keras's Adam: the bias corrections folded into the rate, epsilon added to the uncorrected √v. */
function adamStep(s: OptimizerSettings, state: OptimizerState, p: Float32Array, g: Float32Array, lr: number): void {
  const t = state.iterations + 1;
  adamUpdate(s, state, p, g, 1, (lr * Math.sqrt(1 - s.beta2 ** t)) / (1 - s.beta1 ** t), 1);
}

/**
 * PyTorch's AdamW: p ← p·(1 − lr·λ), then p ← p − lr·m̂ / (√v̂ + ε) with m̂ = m / (1 − β1^t) and
 * v̂ = v / (1 − β2^t); unlike Keras's Adam, epsilon is added to the bias-corrected √v̂.
 */
function adamwStep(s: OptimizerSettings, state: OptimizerState, p: Float32Array, g: Float32Array, lr: number): void {
  const t = state.iterations + 1;
  adamUpdate(s, state, p, g, 1 - lr * s.weightDecay, lr / (1 - s.beta1 ** t), 1 / Math.sqrt(1 - s.beta2 ** t));
}

function sgdStep(s: OptimizerSettings, state: OptimizerState, p: Float32Array, g: Float32Array, lr: number): void {
  const velocity = state.m;
  const { momentum, nesterov } = s;
  for (let i = 0; i < p.length; i++) {
    const vi = momentum * velocity[i] - lr * g[i];
    velocity[i] = vi;
    p[i] += nesterov ? momentum * vi - lr * g[i] : vi;
  }
}

/** Takes one step in place: updates `params` and `state` from `grads` at learning rate `lr`. */
export function applyOptimizerStep(
  settings: OptimizerSettings,
  state: OptimizerState,
  params: Float32Array,
  grads: Float32Array,
  lr: number,
): void {
  if (settings.kind !== state.kind) throw new Error(`optimizer state is ${state.kind}, settings are ${settings.kind}`);
  if (grads.length !== params.length || state.m.length !== params.length) throw new Error('optimizer: parameter, gradient and state sizes differ');
  if (settings.kind === 'nadam') nadamStep(settings, state, params, grads, lr);
  else if (settings.kind === 'adam') adamStep(settings, state, params, grads, lr);
  else if (settings.kind === 'adamw') adamwStep(settings, state, params, grads, lr);
  else sgdStep(settings, state, params, grads, lr);
  state.iterations += 1;
}
