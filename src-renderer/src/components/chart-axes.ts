// Chart.js plugins that make axes read well: logarithmic axes ticked at 1, 2 and 5 times powers of
// ten with as many labels as fit, axis titles wrapped onto lines that fit the axis instead of being
// clipped, and a vertical line under the pointer of a line chart.
import type { Chart, ChartType, Plugin, Scale } from 'chart.js';
import { formatLogTick, logTicks, wrapTitle } from './plot-axes.ts';

// Room each tick label needs along its axis, in pixels.
const TICK_ROOM_VERTICAL = 26;
const TICK_ROOM_HORIZONTAL = 56;
// What an axis title leaves free at each end, in pixels.
const TITLE_MARGIN = 12;

/** What makes a logarithmic axis read well: round ticks, as many as its length holds, written short. */
export function roundLogAxis(): { afterBuildTicks: (scale: Scale) => void; ticks: { callback: (value: number | string) => string } } {
  return {
    afterBuildTicks(scale) {
      const length = scale.isHorizontal() ? scale.width || scale.chart.width : scale.height || scale.chart.height;
      const room = scale.isHorizontal() ? TICK_ROOM_HORIZONTAL : TICK_ROOM_VERTICAL;
      scale.ticks = logTicks(scale.min, scale.max, Math.max(2, Math.floor(length / room))).map((value) => ({ value }));
    },
    ticks: { callback: (value) => formatLogTick(Number(value)) },
  };
}

type TitleOptions = { display?: boolean; text?: string | string[]; font?: { size?: number } };

/** Splits the axis titles that would not fit their axis into lines. */
export const fittedAxisTitles: Plugin<ChartType> = {
  id: 'fittedAxisTitles',
  beforeUpdate(chart: Chart) {
    const scales = (chart.options.scales ?? {}) as Record<string, { title?: TitleOptions; axis?: string; position?: string }>;
    const context = chart.ctx;
    if (!context || !chart.width) return;
    for (const [id, scale] of Object.entries(scales)) {
      const title = scale.title;
      if (!title?.display || title.text === undefined) continue;
      const text = Array.isArray(title.text) ? title.text.join(' ') : title.text;
      const vertical = scale.axis === 'y' || scale.position === 'left' || scale.position === 'right' || (!scale.axis && id.startsWith('y'));
      const available = (vertical ? chart.height : chart.width) - 2 * TITLE_MARGIN;
      const size = title.font?.size ?? 12;
      context.save();
      context.font = `${size}px ${String((chart.options.font as { family?: string } | undefined)?.family ?? 'sans-serif')}`;
      const lines = wrapTitle(text, available, (part) => context.measureText(part).width);
      context.restore();
      title.text = lines.length === 1 ? lines[0] : lines;
    }
  },
};

/** A thin vertical line at the pointer's x in line charts, where the read-out's values are. */
export const crosshair: Plugin<'line'> = {
  id: 'crosshair',
  afterDatasetsDraw(chart) {
    const active = chart.tooltip?.getActiveElements() ?? [];
    if (active.length === 0 || (chart.config as { type?: string }).type !== 'line') return;
    const { ctx, chartArea } = chart;
    const x = active[0].element.x;
    ctx.save();
    ctx.lineWidth = 1;
    ctx.strokeStyle = String(chart.options.color ?? '#888');
    ctx.globalAlpha = 0.5;
    ctx.beginPath();
    ctx.moveTo(x, chartArea.top);
    ctx.lineTo(x, chartArea.bottom);
    ctx.stroke();
    ctx.restore();
  },
};

/** What an axis shows, as drawn: each tick's label and position in pixels, and the title's lines. */
export interface AxisRecord {
  readonly ticks: readonly { readonly label: string; readonly px: number }[];
  readonly title: readonly string[];
}

/** Writes each axis as drawn into the canvas's data-axes attribute (JSON by axis id), for the read-outs of tests and tools. */
export const axisRecord: Plugin<ChartType> = {
  id: 'axisRecord',
  afterUpdate(chart: Chart) {
    const record: Record<string, AxisRecord> = {};
    for (const [id, scale] of Object.entries(chart.scales)) {
      const title = (scale.options as { title?: TitleOptions }).title;
      record[id] = {
        ticks: scale.ticks.map((tick, k) => ({ label: Array.isArray(tick.label) ? tick.label.join(' ') : String(tick.label ?? ''), px: Math.round(scale.getPixelForTick(k)) })),
        title: title?.display && title.text !== undefined ? (Array.isArray(title.text) ? title.text : [title.text]) : [],
      };
    }
    chart.canvas.dataset.axes = JSON.stringify(record);
  },
};
