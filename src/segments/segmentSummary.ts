import { ClvError, ClvValidationError, IssueList, makeIssue } from '../errors.js';
import { Decimal, type DecimalInput } from '../money.js';
import { expectedFor } from '../schemas/field.js';
import { unreadableInput } from '../schemas/parse.js';
import { exactSum } from './decimalFloat.js';
import { moneyValueRule } from './values.js';

/** One segment's size and revenue. */
export interface SegmentSummaryRow {
  readonly segment: string;
  /** Number of customers in the segment. */
  readonly customers: number;
  /** Σ totalSpend of its customers, exact. */
  readonly revenue: Decimal;
  /** customers / all customers. */
  readonly customerShare: Decimal;
  /** revenue / all revenue (0 for every segment when all revenue is 0). */
  readonly revenueShare: Decimal;
}

/** Customers for a summary: rows with `totalSpend` (RFM input rows, customer summaries) or a spend column. */
export type SegmentSummaryCustomers =
  | readonly { readonly totalSpend: DecimalInput }[]
  | { readonly totalSpend: ArrayLike<number> };

/** Validates `totalSpend` of every row (paths `customers[i].totalSpend`) or of the column; returns the raw amounts. */
/** The spend column of rows or columns, read once; a Proxy or getter that throws is the input's fault. */
function readSpend(customers: SegmentSummaryCustomers, where: string): ArrayLike<unknown> {
  try {
    return readSpendOf(customers, where);
  } catch (e) {
    if (e instanceof ClvError) throw e;
    throw unreadableInput(where, 'customers', e);
  }
}

function readSpendOf(customers: SegmentSummaryCustomers, where: string): ArrayLike<unknown> {
  const issues = new IssueList();
  if (Array.isArray(customers)) {
    const raw = new Array<unknown>(customers.length);
    for (let i = 0; i < customers.length; i++) {
      const row = customers[i] as { totalSpend?: unknown } | null;
      if (row === null || typeof row !== 'object') {
        issues.note(`customers[${i}]`, 'an object with totalSpend', row, i);
        continue;
      }
      const spend = row.totalSpend;
      if (moneyValueRule.convert(spend) === undefined)
        issues.note(`customers[${i}].totalSpend`, expectedFor(moneyValueRule, spend), spend, i);
      raw[i] = spend;
    }
    issues.throwIfAny(where);
    return raw;
  }
  const col = (customers as { totalSpend?: unknown } | null)?.totalSpend as ArrayLike<unknown> | undefined;
  if (col === null || typeof col !== 'object' || typeof col.length !== 'number')
    throw new ClvValidationError(where, [
      makeIssue(
        'customers',
        'an array of rows with totalSpend or an object with a totalSpend column',
        customers,
      ),
    ]);
  for (let i = 0; i < col.length; i++) {
    if (moneyValueRule.convert(col[i]) === undefined)
      issues.note(`customers.totalSpend[${i}]`, expectedFor(moneyValueRule, col[i]), col[i], i);
  }
  issues.throwIfAny(where);
  return col;
}

/**
 * Customers, revenue and shares per segment: customer i belongs to `segments[i]` (e.g. from `rfmSegments`
 * or `valueTiers`). Per segment g with customer set C_g,
 *
 *   revenue_g = Σ_{i ∈ C_g} totalSpend_i,   customerShare_g = |C_g| / n,   revenueShare_g = revenue_g / Σ revenue,
 *
 * revenues exact (summed as scaled integers where possible, see `exactSum`), shares exact Decimal quotients
 * (revenueShare 0 when all revenue is 0). Only `totalSpend` is read (paths `customers[i].totalSpend`), so RFM
 * input rows, customer summaries or a `{ totalSpend }` column all work. Sorted by revenue, largest first, then
 * by segment name. An empty customer list gives an empty summary.
 *
 * @example
 * segmentSummary([{ totalSpend: 600 }, { totalSpend: 100 }, { totalSpend: 300 }], ['Champions', 'Lost', 'Champions'])
 * // [{ segment: 'Champions', customers: 2, revenue: 900, customerShare: 0.666…, revenueShare: 0.9 },
 * //  { segment: 'Lost', customers: 1, revenue: 100, customerShare: 0.333…, revenueShare: 0.1 }]
 */
export function segmentSummary(
  customers: SegmentSummaryCustomers,
  segments: readonly string[],
): SegmentSummaryRow[] {
  const where = 'segmentSummary';
  const spend = readSpend(customers, where);
  const n = spend.length;
  if (!Array.isArray(segments) || segments.length !== n)
    throw new ClvValidationError(where, [
      makeIssue('segments', `an array of ${n} segment names (one per customer)`, segments),
    ]);
  const members = new Map<string, number[]>();
  const issues = new IssueList();
  for (let i = 0; i < n; i++) {
    const s = segments[i];
    if (typeof s !== 'string' || s === '') {
      issues.note(`segments[${i}]`, 'a segment name', s, i);
      continue;
    }
    const list = members.get(s);
    if (list === undefined) members.set(s, [i]);
    else list.push(i);
  }
  issues.throwIfAny(where);
  const total = exactSum(spend);
  const count = new Decimal(n);
  const rows = [...members].map(([segment, idx]) => {
    const revenue = exactSum(spend, idx);
    return {
      segment,
      customers: idx.length,
      revenue,
      customerShare: new Decimal(idx.length).div(count),
      revenueShare: total.isZero() ? new Decimal(0) : revenue.div(total),
    };
  });
  return rows.sort(
    (a, b) => b.revenue.cmp(a.revenue) || (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0),
  );
}
