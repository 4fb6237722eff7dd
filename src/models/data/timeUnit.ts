import { ClvValidationError, makeIssue } from '../../errors.js';
import { type TimeUnit, timeUnitRule } from '../../transactions/calendar.js';

/**
 * The time unit a data set says it is in (`timeUnit` on summary columns or a summary), validated; undefined
 * when it says none.
 *
 * @example dataTimeUnit({ frequency: [1], recency: [2], T: [3], timeUnit: 'week' }, 'fitBetaGeo') // 'week'
 */
export function dataTimeUnit(data: unknown, where: string): TimeUnit | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const raw = (data as { readonly timeUnit?: unknown }).timeUnit;
  if (raw === undefined) return undefined;
  const unit = timeUnitRule.convert(raw);
  if (unit === undefined)
    throw new ClvValidationError(where, [makeIssue('timeUnit', timeUnitRule.expected, raw)]);
  return unit;
}
