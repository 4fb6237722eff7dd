/**
 * Small SVG charts for the report, drawn as strings with no library and no network. Each returns a
 * `<figure data-chart="…" data-marks="N">` so tests (and readers of the page source) can check what drew.
 * Layout arithmetic only: every figure shown was computed by the core.
 */
import { escapeHtml as e } from './escape.js';

const W = 640;
const PALETTE = [
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
];

const fmt = (x: number, digits = 2) => (Number.isInteger(x) ? String(x) : x.toFixed(digits));

function figure(id: string, title: string, marks: number, svg: string, caption = ''): string {
  return `<figure data-chart="${e(id)}" data-marks="${marks}"><figcaption>${e(title)}</figcaption>${svg}${caption ? `<p class="note">${e(caption)}</p>` : ''}</figure>`;
}

/** Horizontal bars with a label and a value text each (e.g. revenue share per segment). */
export function barChart(
  id: string,
  title: string,
  bars: readonly { label: string; value: number; text: string }[],
  caption?: string,
): string {
  const row = 24;
  const left = 170;
  const h = bars.length * row + 10;
  const max = Math.max(1e-12, ...bars.map((b) => b.value));
  const body = bars
    .map((b, i) => {
      const w = ((W - left - 170) * b.value) / max;
      const y = 5 + i * row;
      return `<text x="${left - 8}" y="${y + 16}" text-anchor="end">${e(b.label)}</text><rect class="mark" x="${left}" y="${y + 3}" width="${fmt(w)}" height="${row - 8}" fill="${PALETTE[i % PALETTE.length]}"><title>${e(`${b.label}: ${b.text}`)}</title></rect><text x="${fmt(left + w + 6)}" y="${y + 16}">${e(b.text)}</text>`;
    })
    .join('');
  return figure(
    id,
    title,
    bars.length,
    `<svg viewBox="0 0 ${W} ${h}" role="img" aria-label="${e(title)}">${body}</svg>`,
    caption,
  );
}

/** Vertical columns with labels under them (a histogram), or pairs of columns (actual vs expected). */
export function columnChart(
  id: string,
  title: string,
  labels: readonly string[],
  series: readonly { name: string; values: readonly number[] }[],
  axis: { x: string; y: string },
  caption?: string,
): string {
  const h = 260;
  const top = 24;
  const bottom = 40;
  const left = 56;
  const plotH = h - top - bottom;
  const max = Math.max(1e-12, ...series.flatMap((s) => s.values));
  const slot = (W - left - 10) / Math.max(1, labels.length);
  const bw = (slot * 0.8) / series.length;
  let marks = 0;
  const cols = series
    .map((s, k) =>
      s.values
        .map((v, i) => {
          marks++;
          const bh = (plotH * v) / max;
          const x = left + i * slot + slot * 0.1 + k * bw;
          return `<rect class="mark" x="${fmt(x)}" y="${fmt(top + plotH - bh)}" width="${fmt(bw)}" height="${fmt(bh)}" fill="${PALETTE[k]}"><title>${e(`${s.name}, ${labels[i]}: ${fmt(v)}`)}</title></rect>`;
        })
        .join(''),
    )
    .join('');
  const xLabels = labels
    .map((l, i) =>
      labels.length <= 16 || i % Math.ceil(labels.length / 16) === 0
        ? `<text x="${fmt(left + i * slot + slot / 2)}" y="${h - bottom + 16}" text-anchor="middle">${e(l)}</text>`
        : '',
    )
    .join('');
  const legend =
    series.length > 1
      ? series
          .map(
            (s, k) =>
              `<rect x="${left + 10 + k * 130}" y="4" width="12" height="12" fill="${PALETTE[k]}"/><text x="${left + 28 + k * 130}" y="14">${e(s.name)}</text>`,
          )
          .join('')
      : '';
  const axes = `<line x1="${left}" y1="${top + plotH}" x2="${W - 10}" y2="${top + plotH}" class="axis"/><line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" class="axis"/><text x="${left - 6}" y="${top + 4}" text-anchor="end">${e(fmt(max))}</text><text x="${left - 6}" y="${top + plotH}" text-anchor="end">0</text><text x="${(W + left) / 2}" y="${h - 4}" text-anchor="middle" class="axis-title">${e(axis.x)}</text><text x="12" y="${top + plotH / 2}" transform="rotate(-90 12 ${top + plotH / 2})" text-anchor="middle" class="axis-title">${e(axis.y)}</text>`;
  return figure(
    id,
    title,
    marks,
    `<svg viewBox="0 0 ${W} ${h}" role="img" aria-label="${e(title)}">${axes}${legend}${cols}${xLabels}</svg>`,
    caption,
  );
}

/** A line through points in [0, 1] × [0, 1] with the diagonal for reference (a Pareto or Lorenz curve). */
export function curveChart(
  id: string,
  title: string,
  points: readonly { x: number; y: number }[],
  axis: { x: string; y: string },
  caption?: string,
): string {
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
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (t) =>
        `<text x="${fmt(sx(t))}" y="${h - pad + 16}" text-anchor="middle">${t * 100}%</text><text x="${pad - 6}" y="${fmt(sy(t) + 4)}" text-anchor="end">${t * 100}%</text>`,
    )
    .join('');
  const svg = `<svg viewBox="0 0 ${W} ${h}" role="img" aria-label="${e(title)}"><line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(1)}" y2="${sy(1)}" class="ref"/><rect x="${pad}" y="${pad}" width="${W - 2 * pad}" height="${h - 2 * pad}" class="frame"/><path d="${path}" fill="none" stroke="${PALETTE[0]}" stroke-width="2.5"/>${dots}${grid}<text x="${W / 2}" y="${h - 6}" text-anchor="middle" class="axis-title">${e(axis.x)}</text><text x="12" y="${h / 2}" transform="rotate(-90 12 ${h / 2})" text-anchor="middle" class="axis-title">${e(axis.y)}</text></svg>`;
  return figure(id, title, points.length, svg, caption);
}

/** A heat map of values in [0, 1] (rows × columns), light to dark blue; empty cells (null) left blank. */
export function heatMap(
  id: string,
  title: string,
  rowLabels: readonly string[],
  colLabels: readonly string[],
  values: readonly (readonly (number | null)[])[],
  axis: { x: string; y: string },
  caption?: string,
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
  const every = Math.ceil(rowLabels.length / 16);
  const rows = rowLabels
    .map((l, i) =>
      i % every === 0
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
  const titles = `<text x="${(W + left) / 2}" y="${h - 4}" text-anchor="middle" class="axis-title">${e(axis.x)}</text><text x="12" y="${fmt(top + (rowLabels.length * ch) / 2)}" transform="rotate(-90 12 ${fmt(top + (rowLabels.length * ch) / 2)})" text-anchor="middle" class="axis-title">${e(axis.y)}</text>`;
  return figure(
    id,
    title,
    marks,
    `<svg viewBox="0 0 ${W} ${fmt(h)}" role="img" aria-label="${e(title)}">${cells}${rows}${cols}${titles}</svg>`,
    caption,
  );
}
