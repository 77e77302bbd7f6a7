// The charts' colours, read from the page's CSS variables so that they follow the system's light or dark theme.

export interface ChartTheme {
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly background: string;
  readonly accent: string;
  readonly fontFamily: string;
  /** Colours of successive data series, distinct in both themes. */
  readonly series: readonly string[];
}

// What the charts use when the page has no such variable (a test page, a stylesheet not loaded yet).
const FALLBACK: ChartTheme = {
  foreground: '#1b1d22',
  muted: '#5d6470',
  grid: '#d8dbe2',
  background: '#ffffff',
  accent: '#2458c6',
  fontFamily: 'system-ui, sans-serif',
  series: ['#2458c6', '#d1495b', '#2a9d4b', '#b8860b', '#7b4fbf', '#0f8b8d'],
};

const SERIES_COUNT = FALLBACK.series.length;

function cssVariable(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

/** The theme as the page's stylesheet defines it right now. */
export function readChartTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  return {
    foreground: cssVariable(style, '--fg', FALLBACK.foreground),
    muted: cssVariable(style, '--muted', FALLBACK.muted),
    grid: cssVariable(style, '--border', FALLBACK.grid),
    background: cssVariable(style, '--panel', FALLBACK.background),
    accent: cssVariable(style, '--accent', FALLBACK.accent),
    fontFamily: style.fontFamily || FALLBACK.fontFamily,
    series: Array.from({ length: SERIES_COUNT }, (_, k) => cssVariable(style, `--series-${k + 1}`, FALLBACK.series[k])),
  };
}

/** The colour of series `index`, cycling through the theme's series colours. */
export function seriesColour(theme: ChartTheme, index: number): string {
  return theme.series[((index % theme.series.length) + theme.series.length) % theme.series.length];
}

/** Calls `listener` whenever the system switches between light and dark; returns the function that stops it. */
export function followTheme(listener: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => {};
  const query = matchMedia('(prefers-color-scheme: dark)');
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}
