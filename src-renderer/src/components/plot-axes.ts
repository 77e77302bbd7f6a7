// Axis arithmetic for the hand-drawn plots: round tick values, and the mapping between data and pixels.

/** About `target` round tick values (1, 2 or 5 times a power of ten) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, target = 6): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || target < 1) return [];
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) return [lo];
  const raw = (hi - lo) / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw) ?? 10 * power;
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
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
