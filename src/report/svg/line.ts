import type * as z from 'zod/mini';
import { parseInput } from '../../schemas/parse.js';
import { LineChartInput } from '../chartInputs.js';
import { escapeHtml as e } from '../escape.js';
import { axisTitles, figure, fmt, PALETTE, svgOpen, W } from './figure.js';

/**
 * A line through points in [0, 1] × [0, 1] from the origin, with the diagonal for reference (a Pareto or
 * Lorenz curve); axes in percent. Marks: one dot per point.
 *
 * @example lineChart('pareto', 'Pareto', [{ x: 0.2, y: 0.6 }, { x: 1, y: 1 }], { x: 'customers', y: 'revenue' })
 */
export function lineChart(
  id: string,
  title: string,
  points: readonly { readonly x: number; readonly y: number }[],
  axis: { readonly x: string; readonly y: string },
  note?: string,
): string {
  return drawLine(parseInput(LineChartInput, { id, title, points, axis, note }, 'lineChart'));
}

function drawLine(input: z.output<typeof LineChartInput>): string {
  const { id, title, points, axis, note } = input;
  const h = 300;
  const pad = 44;
  const sx = (x: number) => pad + x * (W - 2 * pad);
  const sy = (y: number) => h - pad - y * (h - 2 * pad);
  const path = [{ x: 0, y: 0 }, ...points]
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${fmt(sx(p.x))},${fmt(sy(p.y))}`)
    .join(' ');
  const dots = points
    .map(
      (p) =>
        `<circle class="mark" cx="${fmt(sx(p.x))}" cy="${fmt(sy(p.y))}" r="3" fill="${PALETTE[0]}"><title>${e(`${fmt(p.x * 100, 0)}% of customers: ${fmt(p.y * 100, 1)}%`)}</title></circle>`,
    )
    .join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (t) =>
        `<text x="${fmt(sx(t))}" y="${h - pad + 16}" text-anchor="middle">${t * 100}%</text><text x="${pad - 6}" y="${fmt(sy(t) + 4)}" text-anchor="end">${t * 100}%</text>`,
    )
    .join('');
  const svg = `${svgOpen(W, h, title)}<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(1)}" y2="${sy(1)}" class="ref"/><rect x="${pad}" y="${pad}" width="${W - 2 * pad}" height="${h - 2 * pad}" class="frame"/><path d="${path}" fill="none" stroke="${PALETTE[0]}" stroke-width="2.5"/>${dots}${ticks}${axisTitles(axis.x, axis.y, W / 2, h / 2, h - 6)}</svg>`;
  return figure(id, title, points.length, svg, note);
}
