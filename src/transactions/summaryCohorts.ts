/**
 * `SummaryResult.cohortRetention`: the cohort table of a summary's customers, from the occasions it keeps. Its own
 * module, so that the spreadsheet build can leave the cohort tables out (tsup.config.ts, SHEETS_LEFT_OUT): no
 * spreadsheet function asks for them.
 */
import { ClvValidationError, makeIssue } from '../errors.js';
import { enumRule } from '../schemas/field.js';
import { optionsObject } from '../schemas/parse.js';
import { type Granularity, grainOf, grainStart, TIME_UNITS } from './calendar.js';
import {
  CohortCounts,
  type CohortRetention,
  PERIODS_OF_WHOLE_GRAINS,
  refuseLargeCohortTable,
} from './cohortRetention.js';
import type { RepeatPurchasesByDay } from './createSummarizer.js';
import type { CustomerFigures } from './customerFigures.js';

const cohortPeriodRule = enumRule(TIME_UNITS);

/**
 * `SummaryResult.cohortRetention`: each customer's occasions mapped to cohort periods, deduplicated, counted.
 *
 * @example summary.cohortRetention({ period: 'month' }) // calls cohortsOfFigures(figures, 'day', { period: 'month' }, true)
 */
export function cohortsOfFigures(
  figures: CustomerFigures,
  granularity: Granularity,
  options: unknown,
  cohorts: boolean,
): CohortRetention {
  const { period, periodOf } = periodsOfGrains('cohortRetention', granularity, options, 'month', cohorts);
  const { occasionStart, occasionGrain } = figures;
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

/**
 * The period a summary's occasions are counted by (`options.period`, else `fallback`), checked to be made of
 * whole grains of its granularity, and the function from a grain to its period; a `ClvValidationError` when the
 * summary kept no occasions (`cohorts`: false) or the options are not an object.
 */
function periodsOfGrains(
  where: string,
  granularity: Granularity,
  options: unknown,
  fallback: Granularity,
  cohorts: boolean,
) {
  if (!cohorts)
    throw new ClvValidationError(where, [
      makeIssue('options.cohorts', 'a summary made with cohorts: true (the default)', false),
    ]);
  const requested = optionsObject(where, options as { period?: unknown } | undefined, {}).period;
  const period = requested === undefined ? fallback : cohortPeriodRule.convert(requested);
  if (period === undefined)
    throw new ClvValidationError(where, [makeIssue('period', cohortPeriodRule.expected, requested)]);
  const allowed = PERIODS_OF_WHOLE_GRAINS[granularity];
  if (!allowed.includes(period))
    throw new ClvValidationError(where, [
      makeIssue('period', `one of ${allowed.join(', ')} (periods made of whole ${granularity}s)`, period),
    ]);
  const periodOf = (grain: number) =>
    period === granularity ? grain : grainOf(grainStart(grain, granularity), period);
  return { period, periodOf };
}

/**
 * `SummaryResult.repeatPurchasesByDay`: the summary's customers' repeat purchases by calendar period, from the
 * occasions it keeps — each customer whose first period starts on or before `lastFirstDay` adds 1 to every later
 * period in which they bought, dated by the period's first day. The sum over the cohort table's columns k ≥ 1
 * (`cohortsOfFigures`), counted without the table, so its size is the span's, not the span's square.
 *
 * @example repeatsOfFigures(figures, 'day', {}, true, 10_499) // { period: 'day', days: Int32Array [9_862, …], counts: Float64Array [1, …] }
 */
export function repeatsOfFigures(
  figures: CustomerFigures,
  granularity: Granularity,
  options: unknown,
  cohorts: boolean,
  lastFirstDay: number,
): RepeatPurchasesByDay {
  const { period, periodOf } = periodsOfGrains('repeatPurchasesByDay', granularity, options, 'day', cohorts);
  const dayOf = (p: number) => (period === 'day' ? p : grainStart(p, period));
  const { occasionStart, occasionGrain } = figures;
  const perDay = new Map<number, number>();
  for (let c = 0; c + 1 < occasionStart.length; c++) {
    const from = occasionStart[c] as number;
    const to = occasionStart[c + 1] as number;
    if (to === from) continue;
    let last = periodOf(occasionGrain[from] as number);
    if (dayOf(last) > lastFirstDay) continue;
    // Grains come in ascending order, so their periods do too: a period counts once per customer.
    for (let k = from + 1; k < to; k++) {
      const p = periodOf(occasionGrain[k] as number);
      if (p === last) continue;
      last = p;
      const day = dayOf(p);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
  }
  const days = Int32Array.from(perDay.keys()).sort();
  return { period, days, counts: Float64Array.from(days, (d) => perDay.get(d) as number) };
}
