// The overlay's colour map: viridis end points, clamping, table slices per theme and the bin of a value.
import { describe, expect, it } from 'vitest';
import { colourIndex, colourTable, viridis } from '../../../src-renderer/src/components/colour-map.ts';

describe('colour map', () => {
  it('runs from viridis purple to yellow, clamped outside [0, 1]', () => {
    expect(viridis(0)).toEqual([68, 1, 84]);
    expect(viridis(1)).toEqual([253, 231, 37]);
    expect(viridis(-3)).toEqual(viridis(0));
    expect(viridis(7)).toEqual(viridis(1));
    expect(viridis(Number.NaN)).toEqual(viridis(0));
  });

  it('leaves out the dark end on a dark page and the pale end on a light one', () => {
    const light = colourTable(5, false);
    const dark = colourTable(5, true);
    expect(light.colours).toHaveLength(5);
    expect(light.colours[0]).toBe('rgb(68 1 84)');
    expect(light.colours[4]).not.toBe('rgb(253 231 37)');
    expect(dark.colours[0]).not.toBe('rgb(68 1 84)');
    expect(dark.colours[4]).toBe('rgb(253 231 37)');
  });

  it('puts a value in its bin, the ends included', () => {
    expect(colourIndex(0, 0, 20, 4)).toBe(0);
    expect(colourIndex(4.99, 0, 20, 4)).toBe(0);
    expect(colourIndex(5, 0, 20, 4)).toBe(1);
    expect(colourIndex(20, 0, 20, 4)).toBe(3);
    expect(colourIndex(-1, 0, 20, 4)).toBe(0);
    expect(colourIndex(3, 3, 3, 4)).toBe(2);
  });
});
