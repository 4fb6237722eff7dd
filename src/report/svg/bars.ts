import type * as z from 'zod/mini';
import { parseInput } from '../../schemas/parse.js';
import { BarChartInput } from '../chartInputs.js';
import { escapeHtml as e } from '../escape.js';
import { figure, fmt, PALETTE, svgOpen, W } from './figure.js';

/** One horizontal bar: its label, its length (any non-negative scale) and the text shown after it. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly text: string;
}

/**
 * Horizontal bars, one row each, scaled to the longest (e.g. revenue share per RFM segment). Marks: one per bar.
 *
 * @example barChart('segments', 'Revenue share', [{ label: 'Champions', value: 0.4, text: '40%' }])
 */
export function barChart(id: string, title: string, bars: readonly Bar[], note?: string): string {
  return drawBars(parseInput(BarChartInput, { id, title, bars, note }, 'barChart'));
}

function drawBars(input: z.output<typeof BarChartInput>): string {
  const { id, title, bars, note } = input;
  const row = 24;
  const left = 170;
  const h = bars.length * row + 10;
  const max = Math.max(1e-12, ...bars.map((b) => b.value));
  const body = bars
    .map((b, i) => {
      const w = ((W - left - 170) * Math.max(0, b.value)) / max;
      const y = 5 + i * row;
      return `<text x="${left - 8}" y="${y + 16}" text-anchor="end">${e(b.label)}</text><rect class="mark" x="${left}" y="${y + 3}" width="${fmt(w)}" height="${row - 8}" fill="${PALETTE[i % PALETTE.length]}"><title>${e(`${b.label}: ${b.text}`)}</title></rect><text x="${fmt(left + w + 6)}" y="${y + 16}">${e(b.text)}</text>`;
    })
    .join('');
  return figure(id, title, bars.length, `${svgOpen(W, h, title)}${body}</svg>`, note);
}
