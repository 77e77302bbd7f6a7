// A chart.js plugin that draws vertical error bars under the points of scatter data sets whose
// points carry yMin and yMax: one path per data set, so that thousands of bars stay cheap.
import type { ChartType, Plugin } from 'chart.js';

/** A scatter point with its bar; a point without yMin and yMax has none. */
export interface ErrorBarPoint {
  readonly x: number;
  readonly y: number;
  readonly yMin?: number;
  readonly yMax?: number;
}

export interface ErrorBarsOptions {
  /** False hides every bar of the chart. */
  readonly display?: boolean;
  /** Opacity of the bars against their data set's colour. */
  readonly opacity?: number;
  /** Half-width of the caps, in pixels; 0 for none. */
  readonly capWidth?: number;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    errorBars?: ErrorBarsOptions;
  }
}

export const errorBars: Plugin<ChartType, ErrorBarsOptions> = {
  id: 'errorBars',
  defaults: { display: true, opacity: 0.45, capWidth: 2 },
  beforeDatasetsDraw(chart, _args, options) {
    const yScale = chart.scales.y;
    if (options.display === false || !yScale) return;
    const { ctx, chartArea } = chart;
    const cap = options.capWidth ?? 0;
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
    ctx.clip();
    ctx.lineWidth = 1;
    ctx.globalAlpha = options.opacity ?? 1;
    chart.data.datasets.forEach((dataset, index) => {
      if (!chart.isDatasetVisible(index)) return;
      const points = dataset.data as readonly (ErrorBarPoint | null)[];
      const elements = chart.getDatasetMeta(index).data;
      let drawn = false;
      ctx.beginPath();
      for (let k = 0; k < points.length; k++) {
        const point = points[k];
        const element = elements[k];
        if (!point || !element || point.yMin === undefined || point.yMax === undefined) continue;
        const px = element.x;
        const top = yScale.getPixelForValue(point.yMax);
        const bottom = yScale.getPixelForValue(point.yMin);
        if (![px, top, bottom].every(Number.isFinite)) continue;
        ctx.moveTo(px, top);
        ctx.lineTo(px, bottom);
        if (cap > 0) {
          ctx.moveTo(px - cap, top);
          ctx.lineTo(px + cap, top);
          ctx.moveTo(px - cap, bottom);
          ctx.lineTo(px + cap, bottom);
        }
        drawn = true;
      }
      if (!drawn) return;
      ctx.strokeStyle = String(dataset.borderColor ?? chart.options.color ?? '#666');
      ctx.stroke();
    });
    ctx.restore();
  },
};
