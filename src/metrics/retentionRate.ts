import { Decimal } from '../money.js';
import { parseInput } from '../schemas/parse.js';
import { type CustomerCounts, CustomerCountsSchema } from './customerCounts.js';

/**
 * Customer retention rate (CRR) over a period: the share of the customers at the start still there at the
 * end, new customers excluded,
 *
 *   CRR = (endCount − newCount) / startCount
 *
 * (the standard customer retention rate; Kumar & Reinartz 2012, "Customer Relationship Management", ch. 5).
 * Validates startCount > 0, newCount ≤ endCount and endCount − newCount ≤ startCount; exact Decimal in [0, 1].
 *
 * @example retentionRate({ startCount: 200, endCount: 190, newCount: 30 }).toString() === '0.8'
 */
export function retentionRate(input: CustomerCounts): Decimal {
  const v = parseInput(CustomerCountsSchema, input, 'retentionRate');
  return new Decimal(v.endCount - v.newCount).div(v.startCount);
}
