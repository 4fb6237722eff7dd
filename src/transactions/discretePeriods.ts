import { ClvValidationError, makeIssue } from '../errors.js';
import { guardedRead } from '../schemas/parse.js';
import {
  calendarDateRule,
  DAYS_PER_UNIT,
  type Granularity,
  grainOf,
  parseDay,
  TIME_UNITS,
} from './calendar.js';
import type { SummaryColumns } from './createSummarizer.js';

/** BG/BB's discrete-time figures per customer: repeat periods x, last repeat period t_x, opportunities n. */
export interface PeriodFigures {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly periods: Float64Array;
  /** Index into the summary of each kept customer (those with at least one opportunity). */
  readonly kept: Uint32Array;
}

/**
 * Turns a summary made with granularity = time unit = `period` into BG/BB's opportunities (Fader, Hardie &
 * Berger 2010): the periods are calendar periods (ISO weeks, months, quarters, years); a customer whose first
 * purchase falls in period f has n = e − f opportunities, e the period holding `end` (the calibration or
 * observation end, counted as an opportunity even if it is partly observed); x = the repeat periods with a
 * purchase (the summary's frequency at that granularity) and t_x = the last such period − f (0 when x = 0).
 * Customers with n = 0 (first purchase in the last period) have had no opportunity and are left out. The
 * period numbers come from the core calendar (`grainOf`), and the day a summary's recency and T start from
 * is recovered from them exactly (rounded to the day).
 *
 * A bad period or end date throws `ClvValidationError` naming it.
 *
 * @example discretePeriods(result.columns, 'month', '1997-09-30').periods[0] // 8 for a January customer
 */
export function discretePeriods(c: SummaryColumns, period: Granularity, end: string | Date): PeriodFigures {
  return guardedRead('discretePeriods', 'input', () => discretePeriodsChecked(c, period, end));
}

function discretePeriodsChecked(c: SummaryColumns, period: Granularity, end: string | Date): PeriodFigures {
  const where = 'discretePeriods';
  const issues = [];
  if (!(TIME_UNITS as readonly string[]).includes(period) || period === 'day')
    issues.push(makeIssue('period', "one of 'week', 'month', 'quarter', 'year'", period));
  const endDay = parseDay(end);
  if (endDay === undefined) issues.push(makeIssue('end', calendarDateRule.expected, end));
  if (c === null || typeof c !== 'object' || !(c.frequency instanceof Float64Array))
    issues.push(makeIssue('summary', 'summary columns (SummaryResult.columns)', c));
  if (issues.length > 0 || endDay === undefined) throw new ClvValidationError(where, issues);
  const endGrain = grainOf(endDay, period);
  const unit = DAYS_PER_UNIT[period];
  const n = c.frequency.length;
  const frequency: number[] = [];
  const recency: number[] = [];
  const periods: number[] = [];
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    const firstDay = Math.round(endDay - (c.T[i] as number) * unit);
    const firstGrain = grainOf(firstDay, period);
    const opportunities = endGrain - firstGrain;
    if (opportunities < 1) continue;
    const x = c.frequency[i] as number;
    const lastGrain = grainOf(Math.round(firstDay + (c.recency[i] as number) * unit), period);
    frequency.push(x);
    recency.push(x > 0 ? lastGrain - firstGrain : 0);
    periods.push(opportunities);
    kept.push(i);
  }
  return {
    frequency: Float64Array.from(frequency),
    recency: Float64Array.from(recency),
    periods: Float64Array.from(periods),
    kept: Uint32Array.from(kept),
  };
}
