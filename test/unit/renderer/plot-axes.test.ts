// Round ticks, zoom about a point, pan and the pixel-to-data mapping of the hand-drawn plots.
import { describe, expect, it } from 'vitest';
import { binAxis, formatLogTick, formatTick, logTicks, niceTicks, panWindow, pixelToData, roundBins, wrapTitle, zoomWindow } from '../../../src-renderer/src/components/plot-axes.ts';

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten inside the range', () => {
    expect(niceTicks(0, 470, 5)).toEqual([0, 100, 200, 300, 400]);
    expect(niceTicks(-0.013, 0.51, 6)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(niceTicks(6, 14, 4)).toEqual([6, 8, 10, 12, 14]);
  });

  it('copes with a reversed, a single-point or a non-finite range', () => {
    expect(niceTicks(10, 0, 2)).toEqual([0, 5, 10]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(Number.NaN, 1)).toEqual([]);
  });

  it('writes ticks without float noise', () => {
    const ticks = niceTicks(0, 0.7, 7);
    expect(ticks.map((tick) => formatTick(tick, 0.1))).toEqual(['0.0', '0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7']);
    expect(formatTick(300, 100)).toBe('300');
  });
});

describe('windows', () => {
  const view = { x0: 0, x1: 100, y0: -1, y1: 1 };

  it('zooms about a point, which stays where it was', () => {
    const zoomed = zoomWindow(view, 0.5, 20, 0);
    expect(zoomed).toEqual({ x0: 10, x1: 60, y0: -0.5, y1: 0.5 });
    expect(zoomWindow(view, 0.5, 20, 0, 'x')).toEqual({ x0: 10, x1: 60, y0: -1, y1: 1 });
  });

  it('pans by a fraction of its size', () => {
    expect(panWindow(view, 0.1, -0.5)).toEqual({ x0: 10, x1: 110, y0: -2, y1: 0 });
  });

  it('maps pixels to data with y growing upwards', () => {
    const area = { left: 50, top: 10, width: 200, height: 100 };
    expect(pixelToData(view, area, 50, 10)).toEqual({ x: 0, y: 1 });
    expect(pixelToData(view, area, 250, 110)).toEqual({ x: 100, y: -1 });
    expect(pixelToData(view, area, 150, 60)).toEqual({ x: 50, y: 0 });
  });
});

describe('logTicks', () => {
  it('puts ticks at 1, 2 and 5 times powers of ten when they fit, coarser when they do not', () => {
    expect(logTicks(0.03, 3, 8)).toEqual([0.05, 0.1, 0.2, 0.5, 1, 2]);
    expect(logTicks(0.03, 3, 5)).toEqual([0.05, 0.1, 0.5, 1]);
    expect(logTicks(1e-6, 10, 8)).toEqual([1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10]);
    expect(logTicks(1e-6, 10, 4)).toEqual([1e-6, 1e-4, 0.01, 1]);
  });

  it('never gives more ticks than asked, nor a non-round one on a wide axis', () => {
    for (const [lo, hi, max] of [[0.001, 50, 6], [2e-5, 3e3, 3], [0.5, 5e8, 5]] as const) {
      const ticks = logTicks(lo, hi, max);
      expect(ticks.length).toBeLessThanOrEqual(max);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      for (const tick of ticks) expect([1, 2, 5]).toContain(Number((tick / 10 ** Math.floor(Math.log10(tick) + 1e-9)).toPrecision(6)));
    }
  });

  it('falls back to round linear ticks inside one decade, and to nothing for a bad range', () => {
    expect(logTicks(0.31, 0.47, 6)).toEqual([0.35, 0.4, 0.45]);
    expect(logTicks(0, 1)).toEqual([]);
    expect(logTicks(-1, 1)).toEqual([]);
  });

  it('writes ticks short', () => {
    expect([0.02, 20, 1e-5, 5e6, 0.001].map(formatLogTick)).toEqual(['0.02', '20', '1e-5', '5e6', '0.001']);
  });
});

describe('roundBins', () => {
  it('has a width of 1, 2 or 5 times a power of ten and edges on its multiples, covering the range', () => {
    expect(roundBins(-0.437, 0.512, 24)).toEqual({ start: -0.45, width: 0.05, bins: 20 });
    expect(roundBins(6.01, 12.67, 30)).toEqual({ start: 6, width: 0.5, bins: 14 });
    const { start, width, bins } = roundBins(-3.3, 7.9, 10);
    expect(start).toBeLessThanOrEqual(-3.3);
    expect(start + bins * width).toBeGreaterThanOrEqual(7.9);
  });

  it('copes with a single value', () => {
    expect(roundBins(2, 2, 10)).toEqual({ start: 1.5, width: 0.1, bins: 10 });
  });
});

describe('wrapTitle', () => {
  const measure = (text: string) => text.length * 6;
  it('keeps a title that fits, and breaks a long one between words', () => {
    expect(wrapTitle('validation loss', 200, measure)).toEqual(['validation loss']);
    expect(wrapTitle('G(t) for alpha, scaled; Re M(t) in grey', 120, measure)).toEqual(['G(t) for alpha,', 'scaled; Re M(t) in', 'grey']);
  });
});

describe('binAxis', () => {
  it('ticks the round multiples of its step, not steps counted from the first edge', () => {
    const axis = binAxis(-11, 1, 20, 7);
    const scale = { ticks: [] as { value: number }[] };
    axis.afterBuildTicks(scale);
    expect(scale.ticks.map((tick) => tick.value)).toEqual([-10, -5, 0, 5]);
    expect([axis.min, axis.max]).toEqual([-11, 9]);
  });
});
