// The colour of each compared run, the same in every chart, and its faded form when another run is highlighted.
import { seriesColour } from './chart-theme.ts';
import { liveTheme } from './live-theme.svelte.ts';

/** The colour of the run at `index` of the comparison; faded (a quarter opaque) when `faded`. */
export function runColour(index: number, faded = false): string {
  const colour = seriesColour(liveTheme.current, index);
  return faded && /^#[0-9a-f]{6}$/i.test(colour) ? `${colour}40` : colour;
}
