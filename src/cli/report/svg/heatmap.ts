import { escapeHtml as e } from '../escape.js';
import { axisTitles, figure, fmt, svgOpen, W } from './figure.js';

/**
 * A heat map of shares in [0, 1] (rows × columns), light to dark blue; empty cells (null or not finite) are
 * left blank. Marks: one per coloured cell. Long label lists show every k-th label.
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
): string {
  const longest = Math.max(0, ...rowLabels.map((l) => l.length));
  const left = Math.min(170, 30 + 6.5 * longest);
  const top = 10;
  const cw = (W - left - 10) / Math.max(1, colLabels.length);
  const ch = Math.max(10, Math.min(30, 360 / Math.max(1, rowLabels.length)));
  const h = top + ch * rowLabels.length + 44;
  let marks = 0;
  const cells = values
    .map((row, i) =>
      row
        .map((v, j) => {
          if (v === null || !Number.isFinite(v)) return '';
          marks++;
          const t = Math.max(0, Math.min(1, v));
          const light = Math.round(96 - 66 * t);
          return `<rect class="mark" x="${fmt(left + j * cw)}" y="${fmt(top + i * ch)}" width="${fmt(cw + 0.3)}" height="${fmt(ch + 0.3)}" fill="hsl(208 65% ${light}%)"><title>${e(`${axis.y} ${rowLabels[i]}, ${axis.x} ${colLabels[j]}: ${fmt(v * 100, 1)}%`)}</title></rect>`;
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
        ? `<text x="${fmt(left + j * cw + cw / 2)}" y="${fmt(top + rowLabels.length * ch + 16)}" text-anchor="middle">${e(l)}</text>`
        : '',
    )
    .join('');
  const titles = axisTitles(axis.x, axis.y, (W + left) / 2, top + (rowLabels.length * ch) / 2, h - 4);
  return figure(id, title, marks, `${svgOpen(W, fmt(h), title)}${cells}${rows}${cols}${titles}</svg>`, note);
}
