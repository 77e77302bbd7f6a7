// Axis arithmetic of the charts: round tick values on linear and logarithmic axes, round histogram
// bins, axis titles wrapped to fit, and the mapping between data and pixels of the hand-drawn plots.

/** About `target` round tick values (1, 2 or 5 times a power of ten) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, target = 6): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || target < 1) return [];
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) return [lo];
  const step = niceStep((hi - lo) / target);
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** The smallest of 1, 2 or 5 times a power of ten that is at least `raw` (positive). */
export function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw * (1 - 1e-12)) ?? 10 * power;
}

/**
 * Ticks of a logarithmic axis over [lo, hi] (both positive), at most `maxTicks` of them: 1, 2 and
 * 5 times each power of ten where they fit, else 1 and 5, else powers of ten (every second, third ...
 * when many decades are shown). A range inside one decade gets round linear ticks instead.
 */
export function logTicks(lo: number, hi: number, maxTicks = 8): number[] {
  if (!(lo > 0) || !(hi > 0) || !Number.isFinite(lo) || !Number.isFinite(hi) || maxTicks < 1) return [];
  if (hi < lo) [lo, hi] = [hi, lo];
  const inside = (value: number) => value >= lo * (1 - 1e-9) && value <= hi * (1 + 1e-9);
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  const decades = (stride: number, mantissas: readonly number[]) => {
    const ticks: number[] = [];
    for (let k = Math.ceil(first / stride) * stride; k <= last; k += stride) {
      for (const m of mantissas) {
        const value = Number((m * 10 ** k).toPrecision(12));
        if (inside(value)) ticks.push(value);
      }
    }
    return ticks;
  };
  const fine = decades(1, [1, 2, 5]);
  // Fewer than two round values inside: the range is narrow, and linear ticks read better.
  if (fine.length < 2) return niceTicks(lo, hi, Math.min(maxTicks, 4)).filter((value) => value > 0 && inside(value));
  if (fine.length <= maxTicks) return fine;
  const ones = decades(1, [1, 5]);
  if (ones.length <= maxTicks) return ones;
  for (let stride = 1; ; stride++) {
    const ticks = decades(stride, [1]);
    if (ticks.length <= maxTicks) return ticks;
  }
}

/** A tick of a logarithmic axis in few characters: 0.02, 20, 1e-5. */
export function formatLogTick(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude === 0) return '0';
  if (magnitude >= 1e-3 && magnitude < 1e5) return String(Number(value.toPrecision(3)));
  return value.toExponential(0).replace('e+', 'e');
}

/** Bins of a histogram with round edges: a width of 1, 2 or 5 times a power of ten, edges its multiples, about `target` of them over [lo, hi]. */
export function roundBins(lo: number, hi: number, target: number): { start: number; width: number; bins: number } {
  if (!(hi > lo)) [lo, hi] = [lo - 0.5, lo + 0.5];
  const width = niceStep((hi - lo) / Math.max(1, target));
  const start = Number((Math.floor(lo / width + 1e-9) * width).toPrecision(12));
  const bins = Math.max(1, Math.ceil((hi - start) / width - 1e-9));
  return { start, width, bins };
}

/**
 * A linear x axis over `bins` bins of `width` from `start`, ticked on round bin edges (every
 * first, second, fifth ... edge so that at most `maxTicks` show) and written without float noise.
 */
export function binAxis(
  start: number,
  width: number,
  bins: number,
  maxTicks: number,
): { min: number; max: number; afterBuildTicks: (scale: { ticks: { value: number }[] }) => void; ticks: { callback: (value: number | string) => string } } {
  const every = bins <= maxTicks ? 1 : niceStep(bins / maxTicks);
  const step = Number((width * every).toPrecision(12));
  const end = Number((start + bins * width).toPrecision(12));
  const ticks: number[] = [];
  for (let k = Math.ceil(start / step - 1e-9); k * step <= end + 1e-9 * step; k++) ticks.push(Number((k * step).toPrecision(12)));
  return {
    min: start,
    max: end,
    // Chart.js would count its steps from the axis' start: the ticks are the round multiples instead.
    afterBuildTicks: (scale) => void (scale.ticks = ticks.map((value) => ({ value }))),
    ticks: { callback: (value) => String(Number(Number(value).toPrecision(10))) },
  };
}

/**
 * An axis title in lines that each fit `available` pixels (words kept whole; a word longer than
 * that stands alone on its line). `measure` gives a text's width in pixels.
 */
export function wrapTitle(text: string, available: number, measure: (text: string) => number): string[] {
  if (measure(text) <= available) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    const longer = line === '' ? word : `${line} ${word}`;
    if (line !== '' && measure(longer) > available) {
      lines.push(line);
      line = word;
    } else line = longer;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** A tick's text: few digits, no float noise such as 0.30000000000000004. */
export function formatTick(value: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(Math.abs(step) || 1)));
  return value.toFixed(Math.min(decimals, 10));
}

export interface PlotWindow {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

export interface PlotArea {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** The window scaled by `factor` (below 1 zooms in) about the data point (cx, cy). */
export function zoomWindow(view: PlotWindow, factor: number, cx: number, cy: number, axes: 'x' | 'y' | 'xy' = 'xy'): PlotWindow {
  const x = axes !== 'y';
  const y = axes !== 'x';
  return {
    x0: x ? cx - (cx - view.x0) * factor : view.x0,
    x1: x ? cx + (view.x1 - cx) * factor : view.x1,
    y0: y ? cy - (cy - view.y0) * factor : view.y0,
    y1: y ? cy + (view.y1 - cy) * factor : view.y1,
  };
}

/** The window moved by a fraction of its own size. */
export function panWindow(view: PlotWindow, fx: number, fy: number): PlotWindow {
  const dx = (view.x1 - view.x0) * fx;
  const dy = (view.y1 - view.y0) * fy;
  return { x0: view.x0 + dx, x1: view.x1 + dx, y0: view.y0 + dy, y1: view.y1 + dy };
}

/** The data coordinates of a pixel of the plot area (y grows upwards in data, downwards in pixels). */
export function pixelToData(view: PlotWindow, area: PlotArea, px: number, py: number): { x: number; y: number } {
  return {
    x: view.x0 + ((px - area.left) / area.width) * (view.x1 - view.x0),
    y: view.y1 - ((py - area.top) / area.height) * (view.y1 - view.y0),
  };
}
