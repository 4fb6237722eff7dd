import { ClvError, ClvValidationError } from '../errors.js';
import { inRow, SheetError } from './cells.js';

/** Library field names → the argument names the spreadsheet user typed. */
type Names = Readonly<Record<string, string>>;

const PLAIN: Readonly<Record<string, string>> = {
  'a number of 0 or more': 'must be 0 or more',
  'an amount of 0 or more': 'must be 0 or more',
  'a number in (0, 1]': 'must be more than 0 and at most 1',
  'a number in [0, 1]': 'must be between 0 and 1',
  'a number greater than 0': 'must be more than 0',
};

/** How many of a validation error's issues a cell shows before "… and N more". */
const LISTED = 3;

/**
 * Turns any error of the core into one a spreadsheet user reads, naming the function, the argument and the row of
 * the range: `CLV: purchaseFrequency must be 0 or more (got -2)`, `P_ALIVE: recency must be … in row 3 of the
 * range (got 40)`. Shows the first three issues and how many more there are. Unexpected errors keep their message.
 *
 * @example sheetMessage('CLV', e, { averagePurchaseValue: 'avgPurchaseValue' })
 */
export function sheetMessage(fn: string, e: unknown, names: Names = {}): string {
  if (e instanceof SheetError) return e.message;
  if (e instanceof ClvValidationError) {
    // A path ends in `field`, `column[i]` or `rows[i].field`: the row of the range is i + 1.
    const listed = e.issues.slice(0, LISTED).map((i) => {
      const [, column, row, field] = /(\w+)\[(\d+)\](?:\.(\w+))?$/.exec(i.path) ?? [];
      const leaf = field || column || (i.path.split('.').pop() as string);
      return `${names[leaf] || leaf} ${PLAIN[i.expected] || `must be ${i.expected}`}${row ? inRow(row) : ''} (got ${i.received})`;
    });
    const more = e.issueCount - listed.length;
    return `${fn}: ${listed.join('; ')}${more > 0 ? `; … and ${more} more` : ''}`;
  }
  if (e instanceof ClvError) return `${fn}: ${e.message}`;
  return `${fn}: ${(e as Error)?.message ?? String(e)}`;
}

/**
 * Runs a core call on values read from the rows `rows` of a range (0-based; rows skipped, such as blank ones, are
 * not among them): an error's `x[i]` becomes `x[rows[i]]`, so its message names the row the user sees.
 *
 * @example atRows([2], () => customerSatisfactionScore([7])) // throws, naming row 3 of the range
 */
export function atRows<T>(rows: readonly number[], f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof ClvValidationError)) throw e;
    const issues = e.issues.map((i) => ({
      ...i,
      path: i.path.replace(/\[(\d+)\]/, (_m, k) => `[${rows[Number(k)]}]`),
    }));
    throw new ClvValidationError(e.where, issues, e.issueCount - issues.length);
  }
}
