import type * as z from 'zod/mini';
import { parseInput } from '../../schemas/parse.js';
import { TrackingChartInput } from '../chartInputs.js';
import { escapeHtml as e } from '../escape.js';
import { axisTitles, figure, fmt, PALETTE, svgOpen, W } from './figure.js';
import { niceTicks, tickText } from './ticks.js';

/** A named curve on the chart's x grid; null where the value is not known (not drawn). */
export interface TrackingSeries {
  readonly name: string;
  readonly values: readonly (number | null)[];
}

/**
 * Curves over calendar time (e.g. actual vs each model's expected cumulative repeat purchases, Fader, Hardie &
 * Lee 2005 Fig. 3) with a dashed vertical line where the calibration period ends. `x` are the grid's times,
 * `dates` their calendar labels. The first series is drawn darkest (the actual curve). Marks: one dot per
 * known point of every series.
 *
 * @example trackingChart('tracking', 'Tracking', [1, 2], ['1997-01-08', '1997-01-15'], [{ name: 'actual', values: [3, 9] }], 1.5, { x: 'date', y: 'purchases' })
 */
export function trackingChart(
  id: string,
  title: string,
  x: readonly number[],
  dates: readonly string[],
  series: readonly TrackingSeries[],
  splitAt: number,
  axis: { readonly x: string; readonly y: string },
  note?: string,
): string {
  return drawTracking(
    parseInput(TrackingChartInput, { id, title, x, dates, series, splitAt, axis, note }, 'trackingChart'),
  );
}

function drawTracking(input: z.output<typeof TrackingChartInput>): string {
  const { id, title, x, dates, series, splitAt, axis, note } = input;
  const h = 300;
  const top = 30;
  const bottom = 44;
  const left = 64;
  const right = 12;
  const plotH = h - top - bottom;
  const xMax = Math.max(1e-12, ...x);
  const yTicks = niceTicks(Math.max(0, ...series.flatMap((s) => s.values.filter((v) => v !== null))), 5);
  const yMax = yTicks[yTicks.length - 1] as number;
  const sx = (t: number) => left + (t / xMax) * (W - left - right);
  const sy = (v: number) => top + plotH - (v / yMax) * plotH;
  let marks = 0;
  const colour = (k: number) => (k === 0 ? '#1d2733' : (PALETTE[(k - 1) % PALETTE.length] as string));
  const lines = series
    .map((s, k) => {
      const known = s.values.flatMap((v, i) => (v === null ? [] : [{ t: x[i] as number, v, i }]));
      marks += known.length;
      const path = known.map((p, j) => `${j === 0 ? 'M' : 'L'}${fmt(sx(p.t))},${fmt(sy(p.v))}`).join(' ');
      const dots = known
        .map(
          (p) =>
            `<circle class="mark" cx="${fmt(sx(p.t))}" cy="${fmt(sy(p.v))}" r="${k === 0 ? 1.6 : 1.2}" fill="${colour(k)}"><title>${e(`${s.name}, ${dates[p.i]}: ${tickText(Number(p.v.toFixed(1)))}`)}</title></circle>`,
        )
        .join('');
      return `<path d="${path}" fill="none" stroke="${colour(k)}" stroke-width="${k === 0 ? 2.5 : 1.6}"${k === 0 ? '' : ` stroke-dasharray="${k === 1 ? '' : '6 3'}"`}/>${dots}`;
    })
    .join('');
  const grid = yTicks
    .map(
      (v) =>
        `<line x1="${left}" y1="${fmt(sy(v))}" x2="${W - right}" y2="${fmt(sy(v))}" class="frame"/><text x="${left - 6}" y="${fmt(sy(v) + 4)}" text-anchor="end">${e(tickText(v))}</text>`,
    )
    .join('');
  // Calendar labels: about six, at evenly spaced grid points.
  const every = Math.max(1, Math.ceil(x.length / 6));
  const xLabels = x
    .map((t, i) =>
      i % every === 0
        ? `<text x="${fmt(sx(t))}" y="${h - bottom + 16}" text-anchor="middle">${e(dates[i] ?? '')}</text>`
        : '',
    )
    .join('');
  const split = `<line x1="${fmt(sx(splitAt))}" y1="${top}" x2="${fmt(sx(splitAt))}" y2="${top + plotH}" class="ref"/><text x="${fmt(sx(splitAt) - 4)}" y="${top + 12}" text-anchor="end" class="axis-title">calibration</text><text x="${fmt(sx(splitAt) + 4)}" y="${top + 12}" class="axis-title">holdout</text>`;
  const legend = series
    .map(
      (s, k) =>
        `<rect x="${left + 8 + k * 140}" y="6" width="14" height="4" fill="${colour(k)}"/><text x="${left + 26 + k * 140}" y="12">${e(s.name)}</text>`,
    )
    .join('');
  const axes = `<line x1="${left}" y1="${top + plotH}" x2="${W - right}" y2="${top + plotH}" class="axis"/><line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" class="axis"/>`;
  return figure(
    id,
    title,
    marks,
    `${svgOpen(W, h, title)}${grid}${axes}${split}${lines}${xLabels}${legend}${axisTitles(axis.x, axis.y, (W + left) / 2, top + plotH / 2, h - 4)}</svg>`,
    note,
  );
}
