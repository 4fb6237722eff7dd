import { ClvError } from '../errors.js';
import { INPUT_BOUND_WORDS, isDecimalText, outsideInputBound } from '../money.js';
import { dayOfExcelSerial } from '../transactions/calendar.js';

/**
 * Spreadsheet values in and out. A range arrives as a 2-D array (rows of cells), a single cell as a scalar;
 * Google Sheets gives dates as Date objects, Excel as serial numbers; an empty cell is '' (Sheets) or
 * null/undefined (Excel). These helpers turn them into what the core takes, and never guess silently: a value
 * that is not what the function needs is an error naming the argument and the cell.
 */

/** A cell value as the spreadsheet hands it over. */
export type Cell = number | string | boolean | Date | null | undefined;
/** An argument: a single cell or a range. */
export type Arg = Cell | Cell[][];

/**
 * An error a spreadsheet user reads: `CLV: purchaseFrequency must be 0 or more (got -2)`. A `ClvError`, as every
 * error clvkit throws; Google Sheets shows its message in the cell.
 */
export class SheetError extends ClvError {
  override name = 'SheetError';
}

export const isBlank = (v: Cell) => v === '' || v === null || v === undefined;

/** A Date from any realm (the host's or a sandbox's): `instanceof` would miss one made elsewhere. */
export const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';

/**
 * A result checked before it reaches a cell: every number finite, so a sheet never shows Infinity or NaN.
 * A figure too large for a cell is an error naming the function.
 *
 * @example finiteCells('CLV', 12.5) === 12.5
 */
export function finiteCells<T>(fn: string, result: T): T {
  const bad = (x: unknown) => typeof x === 'number' && !Number.isFinite(x);
  const rows = Array.isArray(result) ? result : [[result]];
  for (const row of rows) {
    for (const x of Array.isArray(row) ? row : [row]) {
      if (bad(x))
        throw new SheetError(
          `${fn}: the result is too large or undefined for a cell (${x}): check the inputs' sizes`,
        );
    }
  }
  return result;
}

/** All cells of an argument, row by row (a scalar is one cell). */
export function cellsOf(arg: Arg | readonly Cell[]): Cell[] {
  if (!Array.isArray(arg)) return [arg as Cell];
  const out: Cell[] = [];
  for (const row of arg) {
    if (Array.isArray(row)) for (const c of row) out.push(c);
    else out.push(row as Cell);
  }
  return out;
}

/**
 * The cells of ranges that stand side by side (one column each), without the trailing rows that are blank in
 * every one of them: an open range such as `B2:B` reaches to the sheet's last row, and those empty rows are not
 * customers. One rule for every function that takes columns; blank cells inside the data still count.
 *
 * @example rangesOf([[1], [2], [''], ['']], [[3], [4], [''], ['']]) // [[1, 2], [3, 4]]
 */
export function rangesOf(...args: readonly (Arg | readonly Cell[])[]): Cell[][] {
  const columns = args.map(cellsOf);
  let last = -1;
  for (const column of columns)
    for (let i = column.length - 1; i > last; i--)
      if (!isBlank(column[i])) {
        last = i;
        break;
      }
  return columns.map((column) => column.slice(0, Math.min(column.length, last + 1)));
}

/** Where a cell is: ` in row 3 of the range` for the 0-based index 2. */
export const inRow = (i: number | string) => ` in row ${Number(i) + 1} of the range`;

function describe(v: Cell): string {
  if (isDate(v)) return 'a date';
  if (typeof v === 'string') return `"${v}"`;
  return String(v);
}

/**
 * A number from a cell: numbers, and text that is a plain decimal number (e.g. '12.50', the library's one
 * rule, `isDecimalText`: no hex `0x10`, binary `0b1`, `Infinity` or thousands separators); else an error.
 */
export function numberOf(fn: string, name: string, v: Cell, where = ''): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  // Text outside the core's input bound (`1e-400` would read as 0) is refused by the core's rule and words.
  const bound = outsideInputBound(v) ? ` ${INPUT_BOUND_WORDS}` : '';
  if (typeof v === 'string' && isDecimalText(v) && !bound) return Number(v);
  if (isBlank(v)) throw new SheetError(`${fn}: ${name} is required${where} (the cell is empty)`);
  throw new SheetError(`${fn}: ${name} must be a number${bound}${where} (got ${describe(v)})`);
}

/** The one cell of a single-value argument (a one-cell range counts); a larger range is an error. */
export function cellOf(fn: string, name: string, v: Arg): Cell {
  const cells = cellsOf(v);
  if (cells.length !== 1)
    throw new SheetError(`${fn}: ${name} must be a single cell (got ${cells.length} cells)`);
  return cells[0];
}

/** An optional single number: blank or missing gives undefined. */
export function optionalNumberOf(fn: string, name: string, v: Arg): number | undefined {
  const cell = cellOf(fn, name, v);
  return isBlank(cell) ? undefined : numberOf(fn, name, cell);
}

/** A required single number (a one-cell range counts). */
export function scalarOf(fn: string, name: string, v: Arg): number {
  return numberOf(fn, name, cellOf(fn, name, v));
}

/** A column of numbers: blank cells are errors (a value is required in every row). */
export function columnOf(fn: string, name: string, v: Arg | readonly Cell[]): number[] {
  const cells = cellsOf(v);
  const out = new Array<number>(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    out[i] =
      typeof c === 'number' && Number.isFinite(c)
        ? c
        : numberOf(fn, name, c, cells.length > 1 ? inRow(i) : '');
  }
  return out;
}

/**
 * The numbers of a list, blank cells skipped (for summaries such as NPS over a survey column), with the row of the
 * range (0-based) each came from, for `atRows`.
 */
export function numbersSkippingBlanks(
  fn: string,
  name: string,
  v: Arg,
): { values: number[]; rows: number[] } {
  const values: number[] = [];
  const rows: number[] = [];
  cellsOf(v).forEach((c, i) => {
    if (isBlank(c)) return;
    values.push(numberOf(fn, name, c, inRow(i)));
    rows.push(i);
  });
  return { values, rows };
}

/** A number that reads as yyyyMMdd (e.g. 20240315), which a sheet holds when dates are typed as digits. */
const YYYYMMDD = /^(1[89]|2\d)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;

/** A calendar date from a cell: a Date (Sheets), an Excel serial number, or 'yyyy-MM-dd' text. */
export function dateOf(fn: string, name: string, v: Cell): Date | string {
  if (isDate(v)) {
    if (Number.isNaN(v.getTime())) throw new SheetError(`${fn}: ${name} is not a valid date`);
    // The calendar day the sheet shows, whatever the script's time zone.
    // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
    const day = new Date(0);
    day.setUTCFullYear(v.getFullYear(), v.getMonth(), v.getDate());
    return day;
  }
  // Excel's 1900 date system, its phantom 1900-02-29 (serial 60) included: one rule, the core's.
  const serialDay = typeof v === 'number' ? dayOfExcelSerial(v) : undefined;
  if (serialDay !== undefined) return new Date(serialDay * 86_400_000);
  if (v === 60)
    throw new SheetError(`${fn}: ${name} is Excel's serial 60, the 1900-02-29 that never was: not a date`);
  if (typeof v === 'number' && YYYYMMDD.test(String(v)))
    throw new SheetError(
      `${fn}: ${name} must be a date (got the number ${v}, which reads as yyyyMMdd, not as a date serial: format the cells as dates or write yyyy-MM-dd)`,
    );
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v.trim())) return v.trim();
  throw new SheetError(`${fn}: ${name} must be a date (got ${describe(v)})`);
}
