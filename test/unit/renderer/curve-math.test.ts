// Curve arithmetic of the Curves view: quantities of interleaved curves, pulse and echo samples,
// parameter-range filters and even spreading.
import { describe, expect, it } from 'vitest';
import { curveValues, filterIndices, pulseAndEcho, spreadEvenly } from '../../../src-renderer/src/lib/curve-math.ts';

describe('curve math', () => {
  const curves = Float32Array.of(3, 4, 0, -1, 1, 0, 0, 2); // two curves of two samples

  it('takes |M|, Re or Im of interleaved curves', () => {
    expect(Array.from(curveValues(curves, 2, 2, 'abs'))).toEqual([5, 1, 1, 2]);
    expect(Array.from(curveValues(curves, 2, 2, 're'))).toEqual([3, 0, 1, 0]);
    expect(Array.from(curveValues(curves, 2, 2, 'im'))).toEqual([4, -1, 0, 2]);
  });

  it('puts the pi pulse at nTau and the echo at 2 nTau - 1', () => {
    expect(pulseAndEcho(471)).toEqual({ pulse: 157, echo: 313 });
    expect(pulseAndEcho(30)).toEqual({ pulse: 10, echo: 19 });
  });

  it('keeps the rows inside every range, open ends included', () => {
    const labels = Float64Array.of(1, 5, 7, 10, 5, 8, 15, 50, 9);
    const open = { lo: null, hi: null };
    expect(Array.from(filterIndices(labels, 3, [open, open, open]))).toEqual([0, 1, 2]);
    expect(Array.from(filterIndices(labels, 3, [{ lo: 5, hi: null }, open, open]))).toEqual([1, 2]);
    expect(Array.from(filterIndices(labels, 3, [{ lo: 5, hi: null }, { lo: null, hi: 10 }, open]))).toEqual([1]);
    expect(Array.from(filterIndices(labels, 3, [open, open, { lo: 7.5, hi: 8.5 }]))).toEqual([1]);
    expect(Array.from(filterIndices(null, 2, [{ lo: 100, hi: 200 }, open, open]))).toEqual([0, 1]);
  });

  it('spreads a selection evenly', () => {
    const all = Int32Array.from({ length: 10 }, (_, k) => k * 2);
    expect(Array.from(spreadEvenly(all, 5))).toEqual([0, 4, 8, 12, 16]);
    expect(spreadEvenly(all, 20)).toBe(all);
  });
});
