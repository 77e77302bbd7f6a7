// Label histograms: one column of interleaved rows into equal bins, the maximum in the last bin.
import { describe, expect, it } from 'vitest';
import { histogram } from '../../../src-renderer/src/lib/histogram.ts';

describe('histogram', () => {
  it('bins one column of count x 3 rows', () => {
    const rows = [0, 10, 6, 1, 20, 7, 2, 30, 8, 4, 40, 9];
    const alpha = histogram(rows, 3, 0, 2);
    expect(alpha.edges).toEqual([0, 2, 4]);
    expect(alpha.counts).toEqual([2, 2]);
    expect(histogram(rows, 3, 1, 3).counts).toEqual([1, 1, 2]);
  });

  it('skips values that are not finite, and widens a single-valued column', () => {
    const result = histogram([5, Number.NaN, 5, Infinity], 1, 0, 4);
    expect(result.skipped).toBe(2);
    expect(result.edges[0]).toBe(4.5);
    expect(result.edges.at(-1)).toBe(5.5);
    expect(result.counts.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('is empty without values', () => {
    expect(histogram([], 3, 0, 10)).toEqual({ edges: [], counts: [], skipped: 0 });
  });
});
