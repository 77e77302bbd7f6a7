import { describe, expect, it } from 'vitest';
import { Random } from '../../../src-main/core/random.ts';

describe('Random', () => {
  it('repeats its sequence for a seed and resumes it from a saved state', () => {
    const a = new Random(42);
    const b = new Random(42);
    const first = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(first);
    const saved = a.state();
    const next = Array.from({ length: 5 }, () => a.nextFloat());
    const resumed = Random.fromState(JSON.parse(JSON.stringify(saved)));
    expect(Array.from({ length: 5 }, () => resumed.nextFloat())).toEqual(next);
    expect(new Random(43).nextUint32()).not.toBe(first[0]);
  });

  it('draws floats in [0, 1) with a mean near 1/2, and shuffles into a permutation', () => {
    const r = new Random(1);
    const values = Array.from({ length: 20000 }, () => r.nextFloat());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((s, v) => s + v, 0) / values.length).toBeCloseTo(0.5, 2);
    const shuffled = r.shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(shuffled).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(() => new Random(-1)).toThrow(RangeError);
  });
});
