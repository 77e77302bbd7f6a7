// Round ticks, zoom about a point, pan and the pixel-to-data mapping of the hand-drawn plots.
import { describe, expect, it } from 'vitest';
import { formatTick, niceTicks, panWindow, pixelToData, zoomWindow } from '../../../src-renderer/src/components/plot-axes.ts';

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
