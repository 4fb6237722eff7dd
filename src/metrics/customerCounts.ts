import * as z from 'zod/mini';
import { numberSchema } from '../schemas/field.js';
import { withCrossCheck } from '../schemas/record.js';

/**
 * Customer counts over one period, the input of `retentionRate` and `churnRate`:
 * `startCount` customers at the start (> 0), `endCount` at the end, of whom `newCount` were acquired during
 * the period. Relations: newCount ≤ endCount, and the retained endCount − newCount ≤ startCount.
 */
export const CustomerCountsSchema = withCrossCheck(
  z.strictObject({
    startCount: numberSchema({ min: 0, minExclusive: true }, true),
    endCount: numberSchema({ min: 0 }, true),
    newCount: numberSchema({ min: 0 }, true),
  }),
  (v) => {
    if (v.newCount > v.endCount)
      return [
        {
          field: 'newCount',
          expected: `at most endCount (${v.endCount}): new customers are counted in endCount`,
          value: v.newCount,
        },
      ];
    if (v.endCount - v.newCount > v.startCount)
      return [
        {
          field: 'endCount',
          expected: `at most startCount + newCount (${v.startCount + v.newCount}): more customers were retained than there were`,
          value: v.endCount,
        },
      ];
    return [];
  },
);
/**
 * Customer counts over one period, the input of `retentionRate` and `churnRate`: `startCount` customers at the
 * start (> 0), `endCount` at the end, of whom `newCount` were acquired during the period.
 *
 * @interface
 */
export type CustomerCounts = z.input<typeof CustomerCountsSchema>;
