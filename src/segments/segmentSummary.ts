import { type ClvIssue, ClvValidationError, makeIssue } from '../errors.js';
import { Decimal } from '../money.js';
import { compileRowsMapper } from '../schemas/record.js';
import { type RfmCustomer, rfmCustomerShape } from './rfmCustomers.js';

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

const mapRows = compileRowsMapper<{ totalSpend: Decimal }, Decimal>(
  rfmCustomerShape,
  () => [],
  'segmentSummary',
  'customers',
  'ignore',
);

/**
 * Customers, revenue and shares per segment: customer i belongs to `segments[i]` (e.g. from `rfmSegments`
 * or `valueTiers`). Revenue is the exact Decimal sum of `totalSpend`; shares are exact Decimal quotients.
 * Rows are validated like `rfmScores` rows (paths `customers[i].field`). Sorted by revenue, largest first,
 * then by segment name. An empty customer list gives an empty summary.
 *
 * @example
 * segmentSummary(customers, ['Champions', 'Lost', 'Champions'])
 * // [{ segment: 'Champions', customers: 2, revenue: 900, customerShare: 0.666…, revenueShare: 0.9 }, { segment: 'Lost', … }]
 */
export function segmentSummary(
  customers: readonly RfmCustomer[],
  segments: readonly string[],
): SegmentSummaryRow[] {
  const where = 'segmentSummary';
  const spend = mapRows(customers, (v) => v.totalSpend);
  if (!Array.isArray(segments) || segments.length !== spend.length)
    throw new ClvValidationError(where, [
      makeIssue('segments', `an array of ${spend.length} segment names (one per customer)`, segments),
    ]);
  const groups = new Map<string, { customers: number; revenue: Decimal }>();
  const issues: ClvIssue[] = [];
  let total = new Decimal(0);
  for (let i = 0; i < spend.length; i++) {
    const s = segments[i];
    if (typeof s !== 'string' || s === '') {
      issues.push(makeIssue(`segments[${i}]`, 'a segment name', s, i));
      continue;
    }
    const v = spend[i] as Decimal;
    const g = groups.get(s);
    if (g === undefined) groups.set(s, { customers: 1, revenue: v });
    else {
      g.customers++;
      g.revenue = g.revenue.add(v);
    }
    total = total.add(v);
  }
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  const n = new Decimal(spend.length);
  const rows = [...groups].map(([segment, g]) => ({
    segment,
    customers: g.customers,
    revenue: g.revenue,
    customerShare: new Decimal(g.customers).div(n),
    revenueShare: total.isZero() ? new Decimal(0) : g.revenue.div(total),
  }));
  return rows.sort(
    (a, b) => b.revenue.cmp(a.revenue) || (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0),
  );
}
