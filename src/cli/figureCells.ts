import { moneyText } from '../index.js';
import type { CsvBytes } from './csvBytes.js';
import { POWERS_OF_TEN } from './powersOfTen.js';

/**
 * How a column of figures is printed in CSV, one of `CsvBytes`' number forms:
 * - `number`: as `String` prints it (counts);
 * - `rounded`: rounded to `places` decimals, trailing zeros dropped (`CsvBytes.rounded`: ages, recency);
 * - `fixed`: as `Number(x.toFixed(places))` prints it (`CsvBytes.fixed`: probabilities, expected purchases);
 * - `money`: cents with exactly two decimals (`moneyText`); `moneyNumber`: the same rounded figure as a number
 *   prints (trailing zeros dropped).
 * `places` is read by `rounded` and `fixed` only. One shape for every kind, so a row's loop reads one layout.
 */
export interface FigureFormat {
  readonly kind: 'number' | 'rounded' | 'fixed' | 'money' | 'moneyNumber';
  readonly places: number;
}

/**
 * Writes `rows` CSV lines into `out`: line j is `labels[j]` as a cell, then `columns[c][j]` printed as
 * `formats[c]` says for each column c, comma-separated. The one row layout of the figure tables (`clvkit
 * predict`'s scores), written the same on the calling thread and on a worker (`writeFigureRows`).
 *
 * @example formatFigureRows(out, ['a'], [Float64Array.of(2), Float64Array.of(0.5)], [{ kind: 'number', places: 0 }, { kind: 'money', places: 2 }], 1) // a,2,0.50
 */
export function formatFigureRows(
  out: CsvBytes,
  labels: ArrayLike<string | number>,
  columns: readonly Float64Array[],
  formats: readonly FigureFormat[],
  rows: number,
): void {
  for (let j = 0; j < rows; j++) {
    out.cell(labels[j] as string | number);
    for (let c = 0; c < columns.length; c++) {
      const x = (columns[c] as Float64Array)[j] as number;
      const f = formats[c] as FigureFormat;
      out.comma();
      switch (f.kind) {
        case 'number':
          out.number(x);
          break;
        case 'rounded':
          out.rounded(x, f.places);
          break;
        case 'fixed':
          out.fixed(x, f.places);
          break;
        case 'money':
          out.money(x);
          break;
        default:
          out.money(x, true);
      }
    }
    out.newline();
  }
}

/**
 * `x` rounded to `places` decimals for display, Math.round(x · 10^p) / 10^p (no 0.30000000000000004): what
 * `CsvBytes.rounded` prints, as a number.
 *
 * @example roundedFigure(0.1 + 0.2, 10) // 0.3
 */
export function roundedFigure(x: number, places: number): number {
  const scale = POWERS_OF_TEN[places] ?? 10 ** places;
  return Math.round(x * scale) / scale;
}

/**
 * A figure as a row object holds it (the json, ndjson and table outputs), the value `formatFigureRows` prints:
 * `number` as it is, `rounded` to `places` decimals (Math.round(x · 10^p) / 10^p), `fixed` as
 * `Number(x.toFixed(places))`, `money` as `moneyText` (two decimals, text), `moneyNumber` as that figure's number.
 *
 * @example figureValue({ kind: 'moneyNumber', places: 2 }, 12.5) // 12.5
 */
export function figureValue(format: FigureFormat, x: number): number | string {
  switch (format.kind) {
    case 'number':
      return x;
    case 'rounded':
      return roundedFigure(x, format.places);
    case 'fixed':
      return Number(x.toFixed(format.places));
    case 'money':
      return moneyText(x);
    default:
      return Number(moneyText(x));
  }
}
