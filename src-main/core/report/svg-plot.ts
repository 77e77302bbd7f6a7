// Small self-contained SVG plots for reports: line charts (linear or logarithmic y) and scatter
// plots with an identity line, as strings with every piece of text escaped.

export interface LineSeries {
  readonly label: string;
  readonly points: readonly { readonly x: number; readonly y: number | null }[];
  readonly colour: string;
  readonly dashed?: boolean;
}

export interface ScatterGroup {
  readonly label: string;
  readonly colour: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

interface Frame {
  /** Unique within the page: it names the plot's clipping path. */
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
}

const MARGIN = { left: 58, right: 14, top: 28, bottom: 44 };
const MAX_POINTS = 2000;

/** Text made safe for HTML and SVG, inside elements and quoted attributes alike. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function round(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** About `count` evenly spaced round values (1, 2 or 5 times a power of ten) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw)!;
  const ticks: number[] = [];
  for (let value = Math.ceil(lo / step) * step; value <= hi + step * 1e-9; value += step) ticks.push(Number(value.toPrecision(12)));
  return ticks;
}

/** Round values for a logarithmic axis over [lo, hi] (both positive): decades, with 2 and 5 when few decades. */
function logTicks(lo: number, hi: number): number[] {
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  const multiples = last - first <= 2 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let power = first; power <= last; power++) {
    for (const m of multiples) {
      const value = Number((m * 10 ** power).toPrecision(12));
      if (value >= lo && value <= hi) ticks.push(value);
    }
  }
  return ticks.length > 0 ? ticks : [lo, hi];
}

function tickText(value: number): string {
  const magnitude = Math.abs(value);
  if (value === 0) return '0';
  return magnitude < 1e-3 || magnitude >= 1e5 ? value.toExponential(0) : String(Number(value.toPrecision(4)));
}

function extent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const value of values) {
    if (value < lo) lo = value;
    if (value > hi) hi = value;
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (lo === hi) return [lo - (Math.abs(lo) || 1) * 0.5, hi + (Math.abs(hi) || 1) * 0.5];
  return [lo, hi];
}

/** Every n-th point so that at most MAX_POINTS are drawn; the plot's shape survives. */
function thin<T>(points: readonly T[]): readonly T[] {
  if (points.length <= MAX_POINTS) return points;
  const stride = points.length / MAX_POINTS;
  return Array.from({ length: MAX_POINTS }, (_, k) => points[Math.floor(k * stride)]);
}

interface Axis {
  readonly toPixel: (value: number) => number;
  readonly ticks: readonly number[];
}

function frameSvg(frame: Frame, x: Axis, y: Axis, body: string, legend: readonly { label: string; colour: string; dashed?: boolean }[]): string {
  const { width, height } = frame;
  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const top = MARGIN.top;
  const bottom = height - MARGIN.bottom;
  const grid = [
    ...x.ticks.map((tick) => {
      const px = round(x.toPixel(tick));
      return `<line x1="${px}" y1="${top}" x2="${px}" y2="${bottom}" class="grid"/><text x="${px}" y="${bottom + 14}" text-anchor="middle">${escapeXml(tickText(tick))}</text>`;
    }),
    ...y.ticks.map((tick) => {
      const py = round(y.toPixel(tick));
      return `<line x1="${left}" y1="${py}" x2="${right}" y2="${py}" class="grid"/><text x="${left - 5}" y="${py}" text-anchor="end" dominant-baseline="middle">${escapeXml(tickText(tick))}</text>`;
    }),
  ].join('');
  const legendSvg = legend
    .map((entry, k) => {
      const lx = left + 8 + k * Math.min(160, (right - left) / Math.max(1, legend.length));
      const dash = entry.dashed ? ' stroke-dasharray="5 3"' : '';
      return `<line x1="${lx}" y1="${top - 12}" x2="${lx + 16}" y2="${top - 12}" stroke="${entry.colour}" stroke-width="2.5"${dash}/><text x="${lx + 20}" y="${top - 12}" dominant-baseline="middle">${escapeXml(entry.label)}</text>`;
    })
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(frame.title)}" font-family="sans-serif" font-size="10">`,
    `<title>${escapeXml(frame.title)}</title>`,
    '<style>.grid{stroke:#ddd;stroke-width:1}text{fill:#333}</style>',
    grid,
    `<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#999"/>`,
    `<clipPath id="clip-${escapeXml(frame.id)}"><rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}"/></clipPath>`,
    `<g clip-path="url(#clip-${escapeXml(frame.id)})">${body}</g>`,
    legendSvg,
    `<text x="${(left + right) / 2}" y="${height - 8}" text-anchor="middle">${escapeXml(frame.xLabel)}</text>`,
    `<text transform="translate(12 ${(top + bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(frame.yLabel)}</text>`,
    '</svg>',
  ].join('');
}

function linearAxis(lo: number, hi: number, from: number, to: number): Axis {
  const ticks = niceTicks(lo, hi);
  return { ticks, toPixel: (value) => from + ((value - lo) / (hi - lo)) * (to - from) };
}

/** A line chart of several series; with `logY` the values at or below zero are left out. */
export function lineChartSvg(options: Frame & { readonly series: readonly LineSeries[]; readonly logY?: boolean }): string {
  const { width, height, series, logY = false } = options;
  const usable = (y: number | null): y is number => y !== null && Number.isFinite(y) && (!logY || y > 0);
  const xs = series.flatMap((one) => one.points.map((point) => point.x));
  const ys = series.flatMap((one) => one.points.map((point) => point.y).filter(usable));
  const [xLo, xHi] = extent(xs);
  let [yLo, yHi] = extent(ys);
  if (logY && ys.length > 0) [yLo, yHi] = [Math.min(...ys), Math.max(...ys)];
  const x = linearAxis(xLo, xHi, MARGIN.left, width - MARGIN.right);
  const top = MARGIN.top;
  const bottom = height - MARGIN.bottom;
  let y: Axis;
  if (logY && ys.length > 0) {
    const lo = Math.log10(yLo) - (yLo === yHi ? 0.5 : 0.05);
    const hi = Math.log10(yHi) + (yLo === yHi ? 0.5 : 0.05);
    y = { ticks: logTicks(10 ** lo, 10 ** hi), toPixel: (value) => bottom - ((Math.log10(value) - lo) / (hi - lo)) * (bottom - top) };
  } else {
    y = linearAxis(yLo, yHi, bottom, top);
  }
  const body = series
    .map((one) => {
      // A missing value breaks the line into pieces rather than joining across it.
      const pieces: string[][] = [[]];
      for (const point of thin(one.points)) {
        if (usable(point.y)) pieces.at(-1)!.push(`${round(x.toPixel(point.x))},${round(y.toPixel(point.y))}`);
        else if (pieces.at(-1)!.length > 0) pieces.push([]);
      }
      const dash = one.dashed ? ' stroke-dasharray="5 3"' : '';
      return pieces
        .filter((piece) => piece.length > 0)
        .map((piece) =>
          piece.length === 1
            ? `<circle cx="${piece[0].split(',')[0]}" cy="${piece[0].split(',')[1]}" r="2" fill="${one.colour}"/>`
            : `<polyline points="${piece.join(' ')}" fill="none" stroke="${one.colour}" stroke-width="1.6"${dash}/>`,
        )
        .join('');
    })
    .join('');
  return frameSvg(options, x, y, body, series);
}

/** A scatter plot of several groups, with the line y = x across the common range when `identity`. */
export function scatterSvg(options: Frame & { readonly groups: readonly ScatterGroup[]; readonly identity?: boolean }): string {
  const { width, height, groups, identity = false } = options;
  const finite = groups.map((group) => group.points.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y)));
  const values = finite.flatMap((points) => points.flatMap((point) => [point.x, point.y]));
  const [lo, hi] = extent(values);
  const x = linearAxis(lo, hi, MARGIN.left, width - MARGIN.right);
  const y = linearAxis(lo, hi, height - MARGIN.bottom, MARGIN.top);
  const line = identity
    ? `<line x1="${round(x.toPixel(lo))}" y1="${round(y.toPixel(lo))}" x2="${round(x.toPixel(hi))}" y2="${round(y.toPixel(hi))}" stroke="#666" stroke-dasharray="4 3"/>`
    : '';
  const dots = groups
    .map((group, k) =>
      thin(finite[k])
        .map((point) => `<circle cx="${round(x.toPixel(point.x))}" cy="${round(y.toPixel(point.y))}" r="1.8" fill="${group.colour}" fill-opacity="0.6"/>`)
        .join(''),
    )
    .join('');
  return frameSvg(options, x, y, line + dots, groups.length > 1 ? groups : []);
}
