/**
 * clvkit as spreadsheet custom functions (Google Sheets via Apps Script, Excel via Office custom functions).
 * This module is bundled on its own (dist/sheets, dist/excel); `functions[NAME](...)` runs one function with
 * spreadsheet semantics: cells converted, errors turned into messages a spreadsheet user reads.
 */
import { type Arg, cellsOf, finiteCells, SheetError } from './cells.js';
import { sheetMessage } from './errors.js';
import { SHEET_FUNCTIONS, type SheetFunction } from './functions.js';

export { SHEET_FUNCTIONS, type SheetFunction, type SheetParam } from './functions.js';
export { SheetError };

interface ExcelCustomFunctions {
  Error: new (code: string, message: string) => Error;
  ErrorCode: { invalidValue: string };
}

/**
 * The error the host shows: Excel's CustomFunctions.Error where it exists (Excel shows only that one's message),
 * else a SheetError, a ClvError (#ERROR! in Sheets, with the message).
 */
function hostError(message: string): Error {
  const cf = (globalThis as { CustomFunctions?: ExcelCustomFunctions }).CustomFunctions;
  return cf ? new cf.Error(cf.ErrorCode.invalidValue, message) : new SheetError(message);
}

const inExcel = () => (globalThis as { CustomFunctions?: unknown }).CustomFunctions !== undefined;

/**
 * A per-row formula over columns: n rows when some argument has n cells (the others have one, used for
 * every row); each row's answer in a column. An error names the row.
 */
function broadcast(f: SheetFunction, args: Arg[]): unknown {
  const cells = args.map((a) => cellsOf(a));
  const n = Math.max(1, ...cells.map((c) => c.length));
  if (n === 1) {
    const value = finiteCells(f.name, f.run(...cells.map((c) => c[0])));
    // Excel declares these results as ranges (so they can spill): one value is a 1×1 range there.
    return inExcel() ? [[value]] : value;
  }
  const wrong = cells.findIndex((c) => c.length !== 1 && c.length !== n);
  if (wrong >= 0) {
    throw new SheetError(
      `${f.name}: ${f.params[wrong]?.name} has ${cells[wrong]?.length} cells where the other ranges have ${n} (give each argument one cell or ${n})`,
    );
  }
  const out: unknown[][] = [];
  for (let i = 0; i < n; i++) {
    try {
      out.push([finiteCells(f.name, f.run(...cells.map((c) => (c.length === 1 ? c[0] : c[i]))))]);
    } catch (e) {
      throw new SheetError(`row ${i + 1}: ${sheetMessage(f.name, e, f.names)}`);
    }
  }
  return out;
}

function wrap(f: SheetFunction) {
  return (...args: Arg[]) => {
    try {
      return f.broadcast ? broadcast(f, args) : finiteCells(f.name, f.run(...args));
    } catch (e) {
      const message = sheetMessage(f.name, e, f.names);
      throw hostError(
        e instanceof SheetError && message.startsWith('row ')
          ? `${f.name}: ${message.replace(`${f.name}: `, '')}`
          : message,
      );
    }
  };
}

/** Every function by name, ready for the spreadsheet. */
export const functions: Readonly<Record<string, (...args: Arg[]) => unknown>> = Object.fromEntries(
  SHEET_FUNCTIONS.map((f) => [f.name, wrap(f)]),
);
