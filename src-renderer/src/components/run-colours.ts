// The colour of each compared run, the same in every chart, and its faded form when another run is highlighted.
import { readChartTheme, seriesColour, type ChartTheme } from './chart-theme.ts';

let theme: ChartTheme | null = null;

/** The colour of the run at `index` of the comparison; faded (a quarter opaque) when `faded`. */
export function runColour(index: number, faded = false): string {
  theme ??= readChartTheme();
  const colour = seriesColour(theme, index);
  return faded && /^#[0-9a-f]{6}$/i.test(colour) ? `${colour}40` : colour;
}
