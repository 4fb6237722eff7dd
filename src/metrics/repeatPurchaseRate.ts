import { ClvValidationError, IssueList, makeIssue } from '../errors.js';
import { Decimal } from '../money.js';
import { expectedFor, numberRule } from '../schemas/field.js';
import { elementAt, snapshot } from '../schemas/parse.js';

const countRule = numberRule({ min: 0 }, true);

/**
 * A customer summary row carrying `orderCount` (all orders) or `frequency` (REPEAT purchases, the x of
 * buy-till-you-die summaries: purchases after the first). `summarizeTransactions` rows carry both; other
 * fields are ignored.
 */
export type RepeatPurchaseRow =
  | { readonly orderCount: number; readonly frequency?: number }
  | { readonly frequency: number; readonly orderCount?: undefined };

/**
 * Repeat purchase rate: the share of customers who bought at least twice,
 *
 *   RPR = #{ customers with orderCount ≥ 2 } / #customers  (equivalently frequency ≥ 1)
 *
 * (a standard e-commerce loyalty metric; cf. Ehrenberg's repeat-buying analysis, 1988). A row's `orderCount`
 * is used when present, else its `frequency` (whole numbers ≥ 0): in `summarizeTransactions` rows frequency
 * counts repeat purchase OCCASIONS (two orders on one day are one occasion), so orders are the direct
 * reading of "2+ orders". Exact Decimal in [0, 1]; at least one row.
 *
 * @example repeatPurchaseRate([{ orderCount: 1 }, { orderCount: 3 }, { frequency: 2 }, { frequency: 0 }]).toString() === '0.5'
 */
export function repeatPurchaseRate(rows: readonly RepeatPurchaseRow[]): Decimal {
  const where = 'repeatPurchaseRate';
  if (!Array.isArray(rows)) throw new ClvValidationError(where, [makeIssue('rows', 'an array', rows)]);
  if (rows.length === 0)
    throw new ClvValidationError(where, [makeIssue('rows', 'at least one row', 'an empty list')]);
  const issues = new IssueList();
  let repeaters = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = snapshot(where, `rows[${i}]`, elementAt(where, 'rows', rows, i), 1) as Record<
      string,
      unknown
    > | null;
    if (row === null || typeof row !== 'object') {
      issues.note(`rows[${i}]`, 'an object with orderCount or frequency', row, i);
      continue;
    }
    const hasOrders = row.orderCount !== undefined;
    if (!hasOrders && row.frequency === undefined) {
      issues.note(`rows[${i}]`, 'orderCount (all orders) or frequency (repeat purchases)', row, i);
      continue;
    }
    const field = hasOrders ? 'orderCount' : 'frequency';
    const v = countRule.convert(row[field]);
    if (v === undefined)
      issues.note(`rows[${i}].${field}`, expectedFor(countRule, row[field]), row[field], i);
    else if (hasOrders ? v >= 2 : v >= 1) repeaters++;
  }
  issues.throwIfAny(where);
  return new Decimal(repeaters).div(rows.length);
}
