// Maps a parameter value to a colour of the viridis map, as a table of CSS colours for fast drawing.

// Viridis at nine evenly spaced points: perceptually ordered, and readable by most colour-blind people.
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/** The colour at t in [0, 1] (clamped) as [r, g, b] in 0..255. */
export function viridis(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const k = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - k;
  const [a, b] = [VIRIDIS[k], VIRIDIS[k + 1]];
  return [0, 1, 2].map((c) => Math.round(a[c] + (b[c] - a[c]) * f)) as [number, number, number];
}

export interface ColourTable {
  /** CSS colours, `steps` of them, low values first. */
  readonly colours: readonly string[];
  /** The slice of the map used: the dark end is lost on a dark page, the pale end on a light one. */
  readonly range: readonly [number, number];
}

export function colourTable(steps: number, dark: boolean): ColourTable {
  const range: [number, number] = dark ? [0.2, 1] : [0, 0.9];
  const colours = Array.from({ length: steps }, (_, k) => {
    const [r, g, b] = viridis(range[0] + ((range[1] - range[0]) * k) / Math.max(1, steps - 1));
    return `rgb(${r} ${g} ${b})`;
  });
  return { colours, range };
}

/** The table entry of `value` within [lo, hi]; the middle one when the domain is a single point. */
export function colourIndex(value: number, lo: number, hi: number, steps: number): number {
  if (!(hi > lo) || !Number.isFinite(value)) return Math.floor(steps / 2);
  const t = (value - lo) / (hi - lo);
  return Math.min(steps - 1, Math.max(0, Math.floor(t * steps)));
}

/** A CSS gradient of the table, for a legend bar. */
export function colourGradient(table: ColourTable): string {
  return `linear-gradient(to right, ${table.colours.join(', ')})`;
}

const DIVERGING_LOW: readonly [number, number, number] = [33, 102, 172];
const DIVERGING_HIGH: readonly [number, number, number] = [178, 24, 43];

/** A CSS colour such as #1e2128 or rgb(30 33 40) as [r, g, b]; mid grey when it cannot be read. */
export function parseColour(colour: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(colour.trim());
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(colour.trim());
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : [128, 128, 128];
}

/** A signed value in [-1, 1] (clamped) as blue, the page's own `neutral` colour at 0, and red: zero vanishes into the page in either theme. */
export function divergingColour(value: number, neutral: readonly [number, number, number]): [number, number, number] {
  const t = Math.min(1, Math.max(-1, Number.isFinite(value) ? value : 0));
  const end = t < 0 ? DIVERGING_LOW : DIVERGING_HIGH;
  const f = Math.abs(t);
  return [0, 1, 2].map((c) => Math.round(neutral[c] + (end[c] - neutral[c]) * f)) as [number, number, number];
}
