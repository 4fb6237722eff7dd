import type * as z from 'zod/mini';
import { parseInput } from '../../schemas/parse.js';
import { HeatMapInput } from '../chartInputs.js';
import { escapeHtml as e } from '../escape.js';
import { axisTitles, figure, fmt, svgOpen, W } from './figure.js';

/** A share as a whole percentage, or to one decimal below 10 %. */
const percent = (v: number) => `${(v * 100).toFixed(v < 0.1 && v > 0 ? 1 : 0)}%`;

/**
 * A heat map of shares (rows × columns), light to dark blue from 0 to `scale.max` (default 1; larger values
 * get the darkest colour), with a legend of the colours and their values under the plot. Empty cells (null) are
 * left blank. When the cells are large enough to read (few columns), each prints its value.
 * Marks: one per coloured cell. Long label lists show every k-th label.
 *
 * @example heatMap('p-alive', 'P(alive)', ['1', '0'], ['0', '10'], [[0.9, 0.5], [1, 1]], { x: 'recency', y: 'frequency' })
 */
export function heatMap(
  id: string,
  title: string,
  rowLabels: readonly string[],
  colLabels: readonly string[],
  values: readonly (readonly (number | null)[])[],
  axis: { readonly x: string; readonly y: string },
  note?: string,
  scale: { readonly max?: number } = {},
): string {
  return drawHeatMap(
    parseInput(HeatMapInput, { id, title, rowLabels, colLabels, values, axis, note, scale }, 'heatMap'),
  );
}

function drawHeatMap(input: z.output<typeof HeatMapInput>): string {
  const { id, title, rowLabels, colLabels, values, axis, note, scale } = input;
  const top0 = scale.max !== undefined && scale.max > 0 ? scale.max : 1;
  const longest = Math.max(0, ...rowLabels.map((l) => l.length));
  const left = Math.min(170, 30 + 6.5 * longest);
  const top = 10;
  const cw = (W - left - 10) / Math.max(1, colLabels.length);
  const ch = Math.max(10, Math.min(30, 360 / Math.max(1, rowLabels.length)));
  const plotBottom = top + ch * rowLabels.length;
  const h = plotBottom + 76;
  const shade = (v: number) => Math.round(96 - 66 * Math.max(0, Math.min(1, v / top0)));
  const printed = cw >= 24 && ch >= 13;
  let marks = 0;
  const cells = values
    .map((row, i) =>
      row
        .map((v, j) => {
          if (v === null || !Number.isFinite(v)) return '';
          marks++;
          const light = shade(v);
          const label = printed
            ? `<text x="${fmt(left + j * cw + cw / 2)}" y="${fmt(top + i * ch + ch / 2 + 3.5)}" text-anchor="middle" font-size="9.5" fill="${light < 60 ? '#fff' : '#1d2733'}">${percent(v)}</text>`
            : '';
          return `<rect class="mark" x="${fmt(left + j * cw)}" y="${fmt(top + i * ch)}" width="${fmt(cw + 0.3)}" height="${fmt(ch + 0.3)}" fill="hsl(208 65% ${light}%)"><title>${e(`${axis.y} ${rowLabels[i]}, ${axis.x} ${colLabels[j]}: ${fmt(v * 100, 1)}%`)}</title></rect>${label}`;
        })
        .join(''),
    )
    .join('');
  const rowEvery = Math.ceil(rowLabels.length / 16);
  const rows = rowLabels
    .map((l, i) =>
      i % rowEvery === 0
        ? `<text x="${left - 6}" y="${fmt(top + i * ch + ch / 2 + 4)}" text-anchor="end">${e(l)}</text>`
        : '',
    )
    .join('');
  const colEvery = Math.ceil(colLabels.length / 12);
  const cols = colLabels
    .map((l, j) =>
      j % colEvery === 0
        ? `<text x="${fmt(left + j * cw + cw / 2)}" y="${fmt(plotBottom + 16)}" text-anchor="middle">${e(l)}</text>`
        : '',
    )
    .join('');
  const titles = axisTitles(
    axis.x,
    axis.y,
    (W + left) / 2,
    top + (rowLabels.length * ch) / 2,
    plotBottom + 34,
  );
  // The legend: six swatches from 0 to the scale's top, each with its value.
  const steps = 6;
  const sw = 44;
  const legend = `<text x="${left}" y="${fmt(plotBottom + 62)}" class="axis-title">scale</text>${Array.from(
    { length: steps },
    (_, k) => {
      const v = (top0 * k) / (steps - 1);
      const x = left + 40 + k * (sw + 4);
      return `<rect x="${x}" y="${fmt(plotBottom + 50)}" width="${sw}" height="14" fill="hsl(208 65% ${shade(v)}%)" stroke="#e3e7ec"/><text x="${x + sw / 2}" y="${fmt(plotBottom + 74)}" text-anchor="middle" font-size="10">${k === steps - 1 && top0 < 1 ? '≥ ' : ''}${percent(v)}</text>`;
    },
  ).join('')}`;
  return figure(
    id,
    title,
    marks,
    `${svgOpen(W, fmt(h), title)}${cells}${rows}${cols}${titles}${legend}</svg>`,
    note,
  );
}
