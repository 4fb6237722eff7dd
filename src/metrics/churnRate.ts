import * as z from 'zod/mini';
import { ClvValidationError, makeIssue } from '../errors.js';
import { Decimal } from '../money.js';
import { numberSchema } from '../schemas/field.js';
import { parseInput, snapshot } from '../schemas/parse.js';
import { withCrossCheck } from '../schemas/record.js';
import { type CustomerCounts, CustomerCountsSchema } from './customerCounts.js';

export const LostCountsSchema = withCrossCheck(
  z.strictObject({
    startCount: numberSchema({ min: 0, minExclusive: true }, true),
    lostCount: numberSchema({ min: 0 }, true),
  }),
  (v) =>
    v.lostCount > v.startCount
      ? [{ field: 'lostCount', expected: `at most startCount (${v.startCount})`, value: v.lostCount }]
      : [],
);
/**
 * Customers at the start of the period and how many of them left during it.
 *
 * @interface
 */
export type LostCounts = z.input<typeof LostCountsSchema>;

/**
 * Customer churn rate over a period: the share of the customers at the start who left,
 *
 *   churn = lostCount / startCount = 1 − CRR,   lostCount = startCount − (endCount − newCount),
 *
 * from either `{ startCount, lostCount }` or the counts of `retentionRate` (new customers are neither lost
 * nor retained). Exact Decimal in [0, 1]; the complement of `retentionRate` (Kumar & Reinartz 2012).
 *
 * @example churnRate({ startCount: 200, endCount: 190, newCount: 30 }).toString() === '0.2'
 * @example churnRate({ startCount: 200, lostCount: 40 }).toString() === '0.2'
 */
export function churnRate(input: CustomerCounts | LostCounts): Decimal {
  if (input === null || typeof input !== 'object')
    throw new ClvValidationError('churnRate', [makeIssue('input', 'an object', input)]);
  input = snapshot('churnRate', 'input', input, 1);
  if ('lostCount' in input) {
    const v = parseInput(LostCountsSchema, input, 'churnRate');
    return new Decimal(v.lostCount).div(v.startCount);
  }
  const v = parseInput(CustomerCountsSchema, input, 'churnRate');
  return new Decimal(v.startCount - (v.endCount - v.newCount)).div(v.startCount);
}
