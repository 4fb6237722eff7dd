/**
 * clvkit as spreadsheet custom functions (Google Sheets via Apps Script, Excel via Office custom functions).
 * This module is bundled on its own (dist/sheets, dist/excel); `functions[NAME](...)` runs one function with
 * spreadsheet semantics: cells converted, errors turned into messages a spreadsheet user reads.
 */
import type { Arg } from './cells.js';
import { sheetMessage } from './errors.js';
import { SHEET_FUNCTIONS, type SheetFunction } from './functions.js';

export { SheetError } from './cells.js';
export { SHEET_FUNCTIONS, type SheetFunction, type SheetParam } from './functions.js';

interface ExcelCustomFunctions {
  Error: new (code: string, message: string) => Error;
  ErrorCode: { invalidValue: string };
}

/** The error the host shows: Excel's CustomFunctions.Error where it exists, else a plain Error (#ERROR! in Sheets). */
function hostError(message: string): Error {
  const cf = (globalThis as { CustomFunctions?: ExcelCustomFunctions }).CustomFunctions;
  return cf ? new cf.Error(cf.ErrorCode.invalidValue, message) : new Error(message);
}

function wrap(f: SheetFunction) {
  return (...args: Arg[]) => {
    try {
      return f.run(...args);
    } catch (e) {
      throw hostError(sheetMessage(f.name, e, f.names));
    }
  };
}

/** Every function by name, ready for the spreadsheet. */
export const functions: Readonly<Record<string, (...args: Arg[]) => unknown>> = Object.fromEntries(
  SHEET_FUNCTIONS.map((f) => [f.name, wrap(f)]),
);
