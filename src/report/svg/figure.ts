/**
 * What every report chart shares: the drawing width, the palette, number formatting for coordinates, and the
 * `<figure data-chart="…" data-marks="N">` wrapper that lets tests (and readers of the page source) check what
 * drew. Layout only: every figure a chart shows was computed by the core.
 */
import { escapeHtml as e } from '../escape.js';

/** The width of every chart's viewBox (it scales to its box). */
export const W = 640;

export const PALETTE = [
  '#2f6f9f',
  '#e07b39',
  '#4a9d5b',
  '#b84a62',
  '#7b62a3',
  '#c9a227',
  '#3a9ca6',
  '#8c6d46',
  '#d0648a',
  '#6b7f2a',
  '#5a6c8f',
] as const;

/** A coordinate or value as short text: integers as is, others to `digits` decimals. @example fmt(2.345) === '2.35' */
export const fmt = (x: number, digits = 2): string => (Number.isInteger(x) ? String(x) : x.toFixed(digits));

/**
 * Wraps a chart's SVG in a figure carrying its id and the number of marks (bars, cells, points) drawn, with an
 * escaped caption and note.
 *
 * @example figure('pareto', 'Pareto curve', 20, '<svg>…</svg>') // '<figure data-chart="pareto" data-marks="20">…'
 */
export function figure(id: string, title: string, marks: number, svg: string, note = ''): string {
  return `<figure data-chart="${e(id)}" data-marks="${marks}"><figcaption>${e(title)}</figcaption>${svg}${note ? `<p class="note">${e(note)}</p>` : ''}</figure>`;
}

/** The opening of a chart's `<svg>` (scales to its box; labelled for screen readers). */
export const svgOpen = (width: number, height: number | string, title: string): string =>
  `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${e(title)}">`;

/** The two axis titles: x under the plot, y rotated along its left side. */
export function axisTitles(x: string, y: string, xAt: number, yAt: number, bottom: number): string {
  return `<text x="${fmt(xAt)}" y="${fmt(bottom)}" text-anchor="middle" class="axis-title">${e(x)}</text><text x="12" y="${fmt(yAt)}" transform="rotate(-90 12 ${fmt(yAt)})" text-anchor="middle" class="axis-title">${e(y)}</text>`;
}
