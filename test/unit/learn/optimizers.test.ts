import { describe, expect, it } from 'vitest';
import { applyOptimizerStep, createOptimizerState, type OptimizerSettings } from '../../../src-main/core/learn/optimizers.ts';

const keras: OptimizerSettings = { kind: 'nadam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7, scheduleDecay: 0.004, momentum: 0, nesterov: false, weightDecay: 0 };

/**
 * Keras 2 (OptimizerV2) Nadam, written out for one scalar weight:
 *   mu_t     = beta1 (1 - 0.5 * 0.96^(decay * t)),  mu_{t+1} likewise with t + 1
 *   sched_t  = sched_{t-1} * mu_t,  sched_next = sched_t * mu_{t+1}    (sched_0 = 1)
 *   g'       = g / (1 - sched_t)
 *   m        = beta1 m + (1 - beta1) g,   m' = m / (1 - sched_next)
 *   v        = beta2 v + (1 - beta2) g^2, v' = v / (1 - beta2^t)
 *   m_bar    = (1 - mu_t) g' + mu_{t+1} m'
 *   w       -= lr * m_bar / (sqrt(v') + epsilon)
 */
function kerasNadam(w: number, gradients: number[], lr: number, s = keras): number {
  let m = 0;
  let v = 0;
  let schedule = 1;
  gradients.forEach((g, i) => {
    const t = i + 1;
    const mu = s.beta1 * (1 - 0.5 * Math.pow(0.96, s.scheduleDecay * t));
    const muNext = s.beta1 * (1 - 0.5 * Math.pow(0.96, s.scheduleDecay * (t + 1)));
    schedule *= mu;
    const scheduleNext = schedule * muNext;
    const gPrime = g / (1 - schedule);
    m = s.beta1 * m + (1 - s.beta1) * g;
    v = s.beta2 * v + (1 - s.beta2) * g * g;
    const mBar = (1 - mu) * gPrime + muNext * (m / (1 - scheduleNext));
    w -= (lr * mBar) / (Math.sqrt(v / (1 - Math.pow(s.beta2, t))) + s.epsilon);
  });
  return w;
}

describe('Nadam', () => {
  it('takes the step of Keras 2 Nadam, momentum schedule included', () => {
    const params = Float32Array.of(0.5, -1.25, 2);
    const grads = Float32Array.of(0.3, -0.02, 0);
    const state = createOptimizerState('nadam', 3);
    applyOptimizerStep(keras, state, params, grads, 0.001);
    for (let i = 0; i < 3; i++) expect(params[i]).toBeCloseTo(Math.fround(kerasNadam([0.5, -1.25, 2][i], [grads[i]], 0.001)), 7);
    // The first step of Adam-like methods moves each weight by about lr, whatever the gradient's size.
    expect(0.5 - params[0]).toBeGreaterThan(0.0009);
    expect(params[2]).toBe(2);
    expect(state.iterations).toBe(1);
    expect(state.mSchedule).toBeCloseTo(0.9 * (1 - 0.5 * Math.pow(0.96, 0.004)), 12);
  });

  it('follows the schedule over several steps with changing gradients', () => {
    const gradients = [0.3, -0.1, 0.25, 0.05, -0.4];
    const params = Float32Array.of(1);
    const state = createOptimizerState('nadam', 1);
    for (const g of gradients) applyOptimizerStep(keras, state, params, Float32Array.of(g), 0.01);
    expect(params[0]).toBeCloseTo(kerasNadam(1, gradients, 0.01), 6);
    // The Keras >= 2.11 schedule (decay 1 instead of 0.004) gives a different path.
    const fast = { ...keras, scheduleDecay: 1 };
    const other = Float32Array.of(1);
    const otherState = createOptimizerState('nadam', 1);
    for (const g of gradients) applyOptimizerStep(fast, otherState, other, Float32Array.of(g), 0.01);
    expect(other[0]).toBeCloseTo(kerasNadam(1, gradients, 0.01, fast), 6);
    expect(Math.abs(other[0] - params[0])).toBeGreaterThan(1e-4);
  });
});

describe('Adam and SGD', () => {
  it('Adam: w -= lr sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)', () => {
    const s: OptimizerSettings = { ...keras, kind: 'adam' };
    const params = Float32Array.of(1);
    const state = createOptimizerState('adam', 1);
    applyOptimizerStep(s, state, params, Float32Array.of(0.2), 0.1);
    applyOptimizerStep(s, state, params, Float32Array.of(-0.1), 0.1);
    const m1 = 0.1 * 0.2;
    const v1 = 0.001 * 0.04;
    const w1 = 1 - ((0.1 * Math.sqrt(1 - 0.999)) / (1 - 0.9)) * (m1 / (Math.sqrt(v1) + 1e-7));
    const m2 = 0.9 * m1 + 0.1 * -0.1;
    const v2 = 0.999 * v1 + 0.001 * 0.01;
    const w2 = w1 - ((0.1 * Math.sqrt(1 - 0.999 ** 2)) / (1 - 0.9 ** 2)) * (m2 / (Math.sqrt(v2) + 1e-7));
    expect(params[0]).toBeCloseTo(w2, 6);
  });

  it('SGD with momentum and with Nesterov momentum, as Keras', () => {
    for (const nesterov of [false, true]) {
      const s: OptimizerSettings = { ...keras, kind: 'sgd', momentum: 0.9, nesterov };
      const params = Float32Array.of(1);
      const state = createOptimizerState('sgd', 1);
      applyOptimizerStep(s, state, params, Float32Array.of(0.5), 0.1);
      applyOptimizerStep(s, state, params, Float32Array.of(0.5), 0.1);
      const v1 = -0.05;
      const w1 = nesterov ? 1 + 0.9 * v1 - 0.05 : 1 + v1;
      const v2 = 0.9 * v1 - 0.05;
      const w2 = nesterov ? w1 + 0.9 * v2 - 0.05 : w1 + v2;
      expect(params[0]).toBeCloseTo(w2, 6);
    }
  });
});

describe('AdamW', () => {
  /**
   * PyTorch's AdamW (torch.optim.AdamW) for one scalar weight:
   *   w ← w·(1 − lr·λ);  m ← β1 m + (1 − β1) g;  v ← β2 v + (1 − β2) g²
   *   w ← w − lr/(1 − β1^t) · m / (√v / √(1 − β2^t) + ε)
   */
  function torchAdamW(w: number, gradients: number[], lr: number, decay: number, epsilon: number): number {
    let m = 0;
    let v = 0;
    gradients.forEach((g, i) => {
      const t = i + 1;
      w *= 1 - lr * decay;
      m = 0.9 * m + 0.1 * g;
      v = 0.999 * v + 0.001 * g * g;
      w -= ((lr / (1 - 0.9 ** t)) * m) / (Math.sqrt(v) / Math.sqrt(1 - 0.999 ** t) + epsilon);
    });
    return w;
  }

  const adamw: OptimizerSettings = { ...keras, kind: 'adamw', epsilon: 1e-8, weightDecay: 0.01 };

  it('takes one step of the hand formula, decay included', () => {
    const params = Float32Array.of(2, -0.5, 0);
    const grads = Float32Array.of(0.3, -1e-3, 0);
    const state = createOptimizerState('adamw', 3);
    applyOptimizerStep(adamw, state, params, grads, 0.1);
    // t = 1: m̂ = g and √v̂ = |g|, so the Adam part moves each weight by lr·sign(g) (but for epsilon).
    expect(params[0]).toBeCloseTo(2 * (1 - 0.1 * 0.01) - 0.1 * (0.3 / (0.3 + 1e-8)), 6);
    expect(params[1]).toBeCloseTo(-0.5 * (1 - 0.1 * 0.01) + 0.1 * (1e-3 / (1e-3 + 1e-8)), 6);
    // A weight with no gradient only decays, and zero stays zero.
    expect(params[2]).toBe(0);
    for (let i = 0; i < 2; i++) expect(params[i]).toBeCloseTo(torchAdamW([2, -0.5][i], [grads[i]], 0.1, 0.01, 1e-8), 6);
  });

  it('follows the formula over several steps, and decays a weight whose gradient is zero', () => {
    const gradients = [0.3, -0.1, 0.25, 0.05, -0.4];
    const params = Float32Array.of(1, 3);
    const state = createOptimizerState('adamw', 2);
    for (const g of gradients) applyOptimizerStep(adamw, state, params, Float32Array.of(g, 0), 0.01);
    expect(params[0]).toBeCloseTo(torchAdamW(1, gradients, 0.01, 0.01, 1e-8), 6);
    expect(params[1]).toBeCloseTo(3 * (1 - 0.01 * 0.01) ** 5, 6);
    // Without decay it is Adam with PyTorch's epsilon: the same path as Keras's Adam but for epsilon's place.
    const plain = Float32Array.of(1);
    const plainState = createOptimizerState('adamw', 1);
    for (const g of gradients) applyOptimizerStep({ ...adamw, weightDecay: 0 }, plainState, plain, Float32Array.of(g), 0.01);
    expect(plain[0]).toBeCloseTo(torchAdamW(1, gradients, 0.01, 0, 1e-8), 6);
  });
});
