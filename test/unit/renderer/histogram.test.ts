// Label histograms: one column of interleaved rows into equal bins with round edges, the maximum in the last bin.
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

  it('puts the edges on round values', () => {
    expect(histogram([0.13, 3.3, 7.77], 1, 0, 10).edges).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(histogram([6.007, 9.1, 12.67], 1, 0, 30).edges.slice(0, 3)).toEqual([6, 6.5, 7]);
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
