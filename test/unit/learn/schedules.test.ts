import { describe, expect, it } from 'vitest';
import {
  cosineLearningRate,
  INITIAL_EARLY_STOPPING_STATE,
  INITIAL_PLATEAU_STATE,
  oneCycleLearningRate,
  stepEarlyStopping,
  stepPlateau,
  type PlateauSettings,
} from '../../../src-main/core/learn/schedules.ts';

function plateauRun(settings: PlateauSettings, losses: number[], lr0: number): number[] {
  let state = INITIAL_PLATEAU_STATE;
  let lr = lr0;
  const used: number[] = [];
  for (const loss of losses) {
    used.push(lr);
    ({ state, lr } = stepPlateau(settings, state, loss, lr));
  }
  used.push(lr);
  return used;
}

describe('ReduceLROnPlateau', () => {
  const base: PlateauSettings = { factor: 0.5, patience: 2, minDelta: 0, cooldown: 0, minLr: 0 };

  it('reduces after `patience` epochs without improvement, then counts again', () => {
    // epochs: 1.0 (best), 1.0 (wait 1), 1.0 (wait 2 -> reduce), 1.0 (wait 1), 1.0 (wait 2 -> reduce)
    expect(plateauRun(base, [1, 1, 1, 1, 1], 1)).toEqual([1, 1, 1, 0.5, 0.5, 0.25]);
  });

  it('counts an improvement smaller than min_delta as none', () => {
    const s = { ...base, minDelta: 0.1 };
    expect(plateauRun(s, [1, 0.95, 0.92, 0.5], 1)).toEqual([1, 1, 1, 0.5, 0.5]);
  });

  it('waits `cooldown` epochs after a reduction before counting again', () => {
    const s = { ...base, patience: 1, cooldown: 2 };
    // 1: best; 2: wait 1 -> reduce, cooldown 2; 3: cooldown 1, no count; 4: cooldown 0 at the
    // epoch's start, so it counts again: wait 1 -> reduce; 5: cooldown again.
    expect(plateauRun(s, [1, 1, 1, 1, 1], 1)).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
    expect(plateauRun({ ...s, cooldown: 0 }, [1, 1, 1, 1, 1], 1)).toEqual([1, 1, 0.5, 0.25, 0.125, 0.0625]);
  });

  it('never goes below min_lr, and stops reducing there', () => {
    const s = { ...base, patience: 1, minLr: 0.3 };
    expect(plateauRun(s, [1, 1, 1, 1], 1)).toEqual([1, 1, 0.5, Math.fround(0.3), Math.fround(0.3)]);
  });

  it("reproduces the notebook's rates: 0.001 * 0.75^n, stored as float32", () => {
    const s = { factor: 0.75, patience: 5, minDelta: 1e-5, cooldown: 1, minLr: 1e-10 };
    const rates = plateauRun(s, Array(80).fill(1), Math.fround(0.001));
    // On a flat loss the first reduction follows epoch 6, then one every 5 epochs: a cooldown of 1
    // changes nothing in Keras, as the notebook's log shows (new rates at epochs 124, 129, 134...).
    expect(rates.slice(0, 7)).toEqual([...Array(6).fill(Math.fround(0.001)), Math.fround(0.00075)]);
    expect(rates.slice(6, 11).every((r) => r === Math.fround(0.00075))).toBe(true);
    expect(rates[11]).toBe(Math.fround(Math.fround(0.00075) * 0.75));
    expect(rates[rates.length - 1]).toBeCloseTo(0.001 * 0.75 ** 15, 9);
  });
});

describe('EarlyStopping', () => {
  function stops(losses: number[], patience: number, minDelta = 0): { stoppedAt: number | null; bestEpoch: number } {
    let state = INITIAL_EARLY_STOPPING_STATE;
    for (let epoch = 0; epoch < losses.length; epoch++) {
      const step = stepEarlyStopping({ patience, minDelta }, state, losses[epoch], epoch);
      state = step.state;
      if (step.stop) return { stoppedAt: epoch, bestEpoch: state.bestEpoch };
    }
    return { stoppedAt: null, bestEpoch: state.bestEpoch };
  }

  it('stops after `patience` epochs without improvement and remembers the best epoch', () => {
    expect(stops([3, 2, 2.5, 2.4, 2.1, 1], 3)).toEqual({ stoppedAt: 4, bestEpoch: 1 });
    expect(stops([3, 2, 1, 0.5], 1)).toEqual({ stoppedAt: null, bestEpoch: 3 });
  });

  it('needs an improvement larger than min_delta', () => {
    expect(stops([1, 0.95, 0.91, 0.9], 2, 0.1)).toEqual({ stoppedAt: 2, bestEpoch: 0 });
  });

  it('never stops after the first epoch, even with patience 0', () => {
    expect(stops([1, 1], 0)).toEqual({ stoppedAt: 1, bestEpoch: 0 });
    expect(stops([1], 0)).toEqual({ stoppedAt: null, bestEpoch: 0 });
  });
});

describe('cosine schedule', () => {
  it('starts at the initial rate, passes the midpoint halfway and approaches the minimum', () => {
    expect(cosineLearningRate(0.1, 0.001, 0, 10)).toBeCloseTo(0.1, 12);
    expect(cosineLearningRate(0.1, 0.001, 5, 10)).toBeCloseTo(0.0505, 12);
    expect(cosineLearningRate(0.1, 0.001, 10, 10)).toBeCloseTo(0.001, 12);
    expect(cosineLearningRate(0.1, 0, 2, 8)).toBeCloseTo(0.05 * (1 + Math.SQRT1_2), 12);
  });
});

describe('one-cycle schedule (PyTorch OneCycleLR, cos annealing)', () => {
  const settings = { maxLr: 2e-3, warmupFraction: 0.3, initialDivisor: 25, finalDivisor: 1e4 };

  it('rises from maxLr / 25 to maxLr over the first 30% of the steps, then falls to its start / 1e4', () => {
    // 71 steps: the peak is step 0.3 · 71 − 1 = 20.3, the last step 70.
    const total = 71;
    expect(oneCycleLearningRate(settings, 0, total)).toBeCloseTo(8e-5, 12);
    // Half way up: cos(π/2) = 0, the mean of the first rate and the peak.
    expect(oneCycleLearningRate(settings, 10.15, total)).toBeCloseTo((8e-5 + 2e-3) / 2, 12);
    expect(oneCycleLearningRate(settings, 20.3, total)).toBeCloseTo(2e-3, 12);
    // Half way down, at step 20.3 + (70 − 20.3) / 2 = 45.15.
    expect(oneCycleLearningRate(settings, 45.15, total)).toBeCloseTo((2e-3 + 8e-9) / 2, 12);
    expect(oneCycleLearningRate(settings, 70, total)).toBeCloseTo(8e-9, 15);
  });

  it("follows OneCycleLR's two phases at whole steps", () => {
    // OneCycleLR(max_lr=1, total_steps=10, pct_start=0.3): phase ends at steps 0.3 · 10 − 1 = 2 and 9,
    // each annealed as end + (start − end) / 2 · (cos(π · pct) + 1).
    const torch = { maxLr: 1, warmupFraction: 0.3, initialDivisor: 25, finalDivisor: 1e4 };
    const rates = Array.from({ length: 10 }, (_, step) => oneCycleLearningRate(torch, step, 10));
    const up = (p: number) => 1 + (0.04 - 1) / 2 * (Math.cos(Math.PI * p) + 1);
    const down = (p: number) => 4e-6 + (1 - 4e-6) / 2 * (Math.cos(Math.PI * p) + 1);
    const expected = [up(0), up(0.5), up(1), ...[1, 2, 3, 4, 5, 6, 7].map((k) => down(k / 7))];
    rates.forEach((rate, i) => expect(rate).toBeCloseTo(expected[i], 12));
    expect(Math.max(...rates)).toBe(rates[2]);
  });

  it('without warm-up starts a step down from the peak, as PyTorch, and keeps the last rate past the last step', () => {
    // pct_start = 0: the first phase ends at step −1, so step 0 is 1/50 of the way down.
    const flat = { ...settings, warmupFraction: 0 };
    expect(oneCycleLearningRate(flat, 0, 50)).toBeCloseTo(8e-9 + ((2e-3 - 8e-9) / 2) * (Math.cos(Math.PI / 50) + 1), 12);
    expect(oneCycleLearningRate(flat, 49, 50)).toBeCloseTo(8e-9, 15);
    // A cycle of one step is its last step.
    expect(oneCycleLearningRate(settings, 0, 1)).toBeCloseTo(8e-9, 15);
    expect(oneCycleLearningRate(settings, 200, 50)).toBeCloseTo(8e-9, 15);
  });
});
