// A chart.js plugin that draws labelled vertical lines at x values, such as the pi pulse and the echo of a curve.
import type { ChartType, Plugin } from 'chart.js';

export interface VerticalMarker {
  readonly x: number;
  readonly label: string;
  readonly colour?: string;
}

export interface VerticalMarkersOptions {
  readonly markers?: readonly VerticalMarker[];
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    verticalMarkers?: VerticalMarkersOptions;
  }
}

export const verticalMarkers: Plugin<ChartType, VerticalMarkersOptions> = {
  id: 'verticalMarkers',
  afterDatasetsDraw(chart, _args, options) {
    const markers = options.markers ?? [];
    const xScale = chart.scales.x;
    if (markers.length === 0 || !xScale) return;
    const { ctx, chartArea } = chart;
    const colour = String(chart.options.color ?? '#666');
    ctx.save();
    ctx.lineWidth = 1;
    ctx.setLineDash([5, 4]);
    ctx.font = `12px ${typeof chart.options.font === 'object' && chart.options.font.family ? chart.options.font.family : 'sans-serif'}`;
    ctx.textBaseline = 'top';
    for (const marker of markers) {
      const px = xScale.getPixelForValue(marker.x);
      if (!Number.isFinite(px) || px < chartArea.left || px > chartArea.right) continue;
      ctx.strokeStyle = marker.colour ?? colour;
      ctx.fillStyle = marker.colour ?? colour;
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top);
      ctx.lineTo(px, chartArea.bottom);
      ctx.stroke();
      ctx.fillText(marker.label, px + 4, chartArea.top + 2);
    }
    ctx.restore();
  },
};
