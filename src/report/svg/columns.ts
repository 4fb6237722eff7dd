import type * as z from 'zod/mini';
import { parseInput } from '../../schemas/parse.js';
import { ColumnChartInput } from '../chartInputs.js';
import { escapeHtml as e } from '../escape.js';
import { axisTitles, figure, fmt, PALETTE, svgOpen, W } from './figure.js';
import { niceTicks, tickText } from './ticks.js';

/** A named series of column heights, one per label. */
export interface ColumnSeries {
  readonly name: string;
  readonly values: readonly number[];
}

/**
 * Vertical columns with labels under them: one series is a histogram, two are side-by-side pairs (actual vs
 * expected), with a legend. Marks: one per column drawn (labels × series).
 *
 * @example columnChart('model-fit', 'Fit', ['0', '1'], [{ name: 'actual', values: [5, 2] }], { x: 'repeats', y: 'customers' })
 */
export function columnChart(
  id: string,
  title: string,
  labels: readonly string[],
  series: readonly ColumnSeries[],
  axis: { readonly x: string; readonly y: string },
  note?: string,
): string {
  return drawColumns(parseInput(ColumnChartInput, { id, title, labels, series, axis, note }, 'columnChart'));
}

function drawColumns(input: z.output<typeof ColumnChartInput>): string {
  const { id, title, labels, series, axis, note } = input;
  const h = 260;
  const top = 24;
  const bottom = 40;
  const left = 56;
  const plotH = h - top - bottom;
  // Round ticks (0, 500, 1,000 …) and the scale up to the last of them.
  const ticks = niceTicks(Math.max(0, ...series.flatMap((s) => s.values)), 4);
  const max = Math.max(1e-12, ticks[ticks.length - 1] as number);
  const slot = (W - left - 10) / Math.max(1, labels.length);
  const bw = (slot * 0.8) / Math.max(1, series.length);
  let marks = 0;
  const cols = series
    .map((s, k) =>
      s.values
        .map((v, i) => {
          marks++;
          const bh = (plotH * Math.max(0, v)) / max;
          const x = left + i * slot + slot * 0.1 + k * bw;
          return `<rect class="mark" x="${fmt(x)}" y="${fmt(top + plotH - bh)}" width="${fmt(bw)}" height="${fmt(bh)}" fill="${PALETTE[k % PALETTE.length]}"><title>${e(`${s.name}, ${labels[i]}: ${fmt(v)}`)}</title></rect>`;
        })
        .join(''),
    )
    .join('');
  const every = Math.ceil(labels.length / 16);
  const xLabels = labels
    .map((l, i) =>
      i % every === 0
        ? `<text x="${fmt(left + i * slot + slot / 2)}" y="${h - bottom + 16}" text-anchor="middle">${e(l)}</text>`
        : '',
    )
    .join('');
  const legend =
    series.length > 1
      ? series
          .map(
            (s, k) =>
              `<rect x="${left + 10 + k * 130}" y="4" width="12" height="12" fill="${PALETTE[k % PALETTE.length]}"/><text x="${left + 28 + k * 130}" y="14">${e(s.name)}</text>`,
          )
          .join('')
      : '';
  const grid = ticks
    .map((t) => {
      const y = top + plotH - (plotH * t) / max;
      return `<line x1="${left}" y1="${fmt(y)}" x2="${W - 10}" y2="${fmt(y)}" class="frame"/><text x="${left - 6}" y="${fmt(y + 4)}" text-anchor="end">${e(tickText(t))}</text>`;
    })
    .join('');
  const axes = `${grid}<line x1="${left}" y1="${top + plotH}" x2="${W - 10}" y2="${top + plotH}" class="axis"/><line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" class="axis"/>${axisTitles(axis.x, axis.y, (W + left) / 2, top + plotH / 2, h - 4)}`;
  return figure(id, title, marks, `${svgOpen(W, h, title)}${axes}${legend}${cols}${xLabels}</svg>`, note);
}
