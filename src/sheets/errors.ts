import { ClvError, ClvValidationError } from '../errors.js';
import { SheetError } from './cells.js';

/** Library field names → the argument names the spreadsheet user typed. */
type Names = Readonly<Record<string, string>>;

const PLAIN: Readonly<Record<string, string>> = {
  'a number of 0 or more': 'must be 0 or more',
  'an amount of 0 or more': 'must be 0 or more',
  'a number in (0, 1]': 'must be more than 0 and at most 1',
  'a number in [0, 1]': 'must be between 0 and 1',
  'a number greater than 0': 'must be more than 0',
};

/**
 * Turns any error of the core into one a spreadsheet user reads, naming the function and the argument:
 * `CLV: purchaseFrequency must be 0 or more (got -2)`. Unexpected errors keep their message.
 */
export function sheetMessage(fn: string, e: unknown, names: Names = {}): string {
  if (e instanceof SheetError) return e.message;
  if (e instanceof ClvValidationError) {
    return e.issues
      .map((i) => {
        const field = i.path.replace(/^[a-zA-Z]+\[(\d+)\]\./, (_m, row) => `row ${Number(row) + 1}: `);
        const leaf = field.split('.').pop() as string;
        const name = names[leaf] ?? leaf;
        const shown = field.includes(': ') ? `${field.split(': ')[0]}: ${name}` : name;
        const rule = PLAIN[i.expected] ?? `must be ${i.expected}`;
        return `${fn}: ${shown} ${rule} (got ${i.received})`;
      })
      .join('; ');
  }
  if (e instanceof ClvError) return `${fn}: ${e.message}`;
  return `${fn}: ${(e as Error)?.message ?? String(e)}`;
}
