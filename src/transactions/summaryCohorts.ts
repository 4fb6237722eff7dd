/**
 * `SummaryResult.cohortRetention`: the cohort table of a summary's customers, from the occasions it keeps. Its own
 * module, so that the spreadsheet build can leave the cohort tables out (tsup.config.ts, SHEETS_LEFT_OUT): no
 * spreadsheet function asks for them.
 */
import { ClvValidationError, makeIssue } from '../errors.js';
import { enumRule } from '../schemas/field.js';
import { type Granularity, grainOf, grainStart, TIME_UNITS } from './calendar.js';
import {
  CohortCounts,
  type CohortRetention,
  PERIODS_OF_WHOLE_GRAINS,
  refuseLargeCohortTable,
} from './cohortRetention.js';
import type { CustomerFigures } from './customerFigures.js';

const cohortPeriodRule = enumRule(TIME_UNITS);

/**
 * `SummaryResult.cohortRetention`: each customer's occasions mapped to cohort periods, deduplicated, counted.
 *
 * @example summary.cohortRetention({ period: 'month' }) // calls cohortsOfFigures(figures, 'day', 'month')
 */
export function cohortsOfFigures(
  figures: CustomerFigures,
  granularity: Granularity,
  requested: unknown,
): CohortRetention {
  const where = 'cohortRetention';
  const period = requested === undefined ? 'month' : cohortPeriodRule.convert(requested);
  if (period === undefined)
    throw new ClvValidationError(where, [makeIssue('period', cohortPeriodRule.expected, requested)]);
  const allowed = PERIODS_OF_WHOLE_GRAINS[granularity];
  if (!allowed.includes(period))
    throw new ClvValidationError(where, [
      makeIssue('period', `one of ${allowed.join(', ')} (periods made of whole ${granularity}s)`, period),
    ]);
  const { occasionStart, occasionGrain } = figures;
  const periodOf = (grain: number) =>
    period === granularity ? grain : grainOf(grainStart(grain, granularity), period);
  // The table's size first, from each customer's first and last occasion (in ascending order), before any cell.
  const firsts = new Set<number>();
  let lastGrain = Number.NEGATIVE_INFINITY;
  for (let c = 0; c + 1 < occasionStart.length; c++) {
    const from = occasionStart[c] as number;
    const to = occasionStart[c + 1] as number;
    if (to === from) continue;
    firsts.add(periodOf(occasionGrain[from] as number));
    lastGrain = Math.max(lastGrain, periodOf(occasionGrain[to - 1] as number));
  }
  refuseLargeCohortTable(period, firsts, lastGrain);
  const counts = new CohortCounts();
  let scratch = new Int32Array(64);
  for (let c = 0; c + 1 < occasionStart.length; c++) {
    const from = occasionStart[c] as number;
    const m = (occasionStart[c + 1] as number) - from;
    if (m === 0) continue;
    if (m > scratch.length) scratch = new Int32Array(m * 2);
    for (let k = 0; k < m; k++) {
      scratch[k] = periodOf(occasionGrain[from + k] as number);
    }
    // Grains come in ascending order, so their periods do too: duplicates are neighbours.
    let distinct = 0;
    for (let k = 0; k < m; k++)
      if (k === 0 || scratch[k] !== scratch[distinct - 1]) scratch[distinct++] = scratch[k] as number;
    counts.addCustomer(scratch, distinct);
  }
  return counts.table(period);
}
