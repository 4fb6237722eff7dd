import { type ClvIssue, ClvValidationError, IssueList, makeIssue } from '../errors.js';
import { Decimal } from '../money.js';
import { customerIdRule } from '../schemas/customerId.js';
import { enumRule } from '../schemas/field.js';
import { guardedRead } from '../schemas/parse.js';
import {
  calendarDateRule,
  civilFromDay,
  formatDay,
  type Granularity,
  grainOf,
  grainStart,
  isoOfDay,
  parseDay,
  TIME_UNITS,
  yearText,
} from './calendar.js';
import type { Transaction } from './createSummarizer.js';
import { plausibleDays } from './outlierDays.js';

/** One acquisition cohort: customers whose first purchase fell in the same period. */
export interface Cohort {
  /** The cohort's period: 'yyyy-MM' for months, 'yyyy-Qn' for quarters, 'yyyy' for years, else its first day. */
  readonly cohort: string;
  /** Customers in the cohort. */
  readonly size: number;
  /** active[k]: cohort customers who bought in the k-th period after their first (active[0] = size). */
  readonly active: number[];
  /** rates[k] = active[k] / size, exact. */
  readonly rates: Decimal[];
}

/** A cohort retention table. */
export interface CohortRetention {
  readonly period: Granularity;
  /** Cohorts in time order; each runs to the last period of the log. */
  readonly cohorts: Cohort[];
}

const periodRule = enumRule(TIME_UNITS);

/**
 * The most cells a cohort table holds: Σ over cohorts of the periods from its first to the log's last, the
 * `active` and `rates` entries it returns. Ten years of daily cohorts make 6.7 million, so a daily table is
 * refused past about 7.7 years of daily acquisition (a weekly one past 54 years, a monthly one past 236); a
 * report never reads such a triangle, and 4 million cells take about 100 MB and a second. Past it
 * `cohortRetention` is a `ClvValidationError` naming the span and a coarser period, before anything is allocated.
 */
export const MAX_COHORT_CELLS = 4_000_000;

/**
 * The cells of a cohort table — Σ over cohorts of the periods from its first to `lastGrain` — from the cohorts'
 * first grains (`firsts`, distinct) and the last grain of the log, before anything is counted or allocated.
 */
export function cohortTableCells(firsts: ReadonlySet<number>, lastGrain: number): number {
  let cells = 0;
  for (const first of firsts) cells += lastGrain - first + 1;
  return cells;
}

/**
 * Throws the `ClvValidationError` of a cohort table past `MAX_COHORT_CELLS` (naming `period`, the span and a
 * coarser period), given the cohorts' first grains and the log's last grain: the check `cohortRetention` and
 * `SummaryResult.cohortRetention` make before counting (internal: its inputs are the callers' own).
 */
export function refuseLargeCohortTable(
  period: Granularity,
  firsts: ReadonlySet<number>,
  lastGrain: number,
): void {
  const cells = cohortTableCells(firsts, lastGrain);
  if (cells > MAX_COHORT_CELLS)
    throw new ClvValidationError('cohortRetention', [tooLargeIssue(period, firsts, lastGrain, cells)]);
}

/** The issue of a table past `MAX_COHORT_CELLS`: its span, its size and a coarser period to ask for. */
function tooLargeIssue(
  period: Granularity,
  firsts: ReadonlySet<number>,
  lastGrain: number,
  cells: number,
): ClvIssue {
  let firstGrain = lastGrain;
  for (const first of firsts) if (first < firstGrain) firstGrain = first;
  const cohorts = firsts.size;
  const coarser = TIME_UNITS.slice(TIME_UNITS.indexOf(period) + 1);
  const ask =
    coarser.length === 0
      ? 'dates within a narrower span'
      : `a coarser period (${coarser.map((u) => `'${u}'`).join(', ')}) or dates within a narrower span`;
  return makeIssue(
    'period',
    `${ask}: the dates run from ${label(firstGrain, period)} to ${label(lastGrain, period)}, and ${cohorts.toLocaleString('en-US')} cohort${cohorts === 1 ? '' : 's'} of '${period}' over them make${cohorts === 1 ? 's' : ''} ${cells.toLocaleString('en-US')} cells (at most ${MAX_COHORT_CELLS.toLocaleString('en-US')})`,
    period,
  );
}

function label(grain: number, period: Granularity): string {
  // A period's first day may lie beyond the day range when one of its days is within it (the year of -271821).
  const start = grainStart(grain, period);
  if (period === 'day' || period === 'week') return isoOfDay(start);
  const { year, month } = civilFromDay(start);
  if (period === 'year') return yearText(year);
  if (period === 'quarter') return `${yearText(year)}-Q${(month + 2) / 3}`;
  return `${yearText(year)}-${String(month).padStart(2, '0')}`;
}

/**
 * Cohort retention: customers grouped by the period of their first purchase, and for each k = 0, 1, … the
 * number (and share) of them who bought in the k-th period after it — the classic triangle
 * (e.g. Fader & Hardie 2007, "How to project customer retention"; Gupta et al. 2006, "Modeling customer
 * lifetime value"). A customer counts once per period however often they bought in it. Rows with a missing
 * id or an unparseable date throw `ClvValidationError` naming each. A table of more than `MAX_COHORT_CELLS`
 * (4,000,000) cells — daily cohorts over decades, or one row dated 9999-12-31 — is a `ClvValidationError`,
 * found before the table is built: it names the rows whose dates the isolated-outlier rule (`plausibleDays`, as
 * the summarizer applies it) sets apart, or else `period`, with the span and a coarser period to ask for.
 *
 * @example
 * cohortRetention([{ customerId: 1, date: '2024-01-05' }, { customerId: 1, date: '2024-02-10' },
 *   { customerId: 2, date: '2024-01-20' }], { period: 'month' }).cohorts[0]
 * // { cohort: '2024-01', size: 2, active: [2, 1], rates: [1, 0.5] }
 */
export function cohortRetention(
  transactions: readonly Transaction[],
  options: { period?: Granularity } = {},
): CohortRetention {
  return guardedRead('cohortRetention', 'input', () => cohortRetentionChecked(transactions, options));
}

function cohortRetentionChecked(
  transactions: readonly Transaction[],
  options: { period?: Granularity } = {},
): CohortRetention {
  const where = 'cohortRetention';
  if (!Array.isArray(transactions))
    throw new ClvValidationError(where, [makeIssue('transactions', 'an array', transactions)]);
  const period = options.period === undefined ? 'month' : periodRule.convert(options.period);
  if (period === undefined)
    throw new ClvValidationError(where, [makeIssue('period', periodRule.expected, options.period)]);

  const grainsByCustomer = new Map<string | number, Set<number>>();
  const issues = new IssueList();
  const days = new Int32Array(transactions.length);
  let lastGrain = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < transactions.length; i++) {
    const t = transactions[i] as Transaction;
    const id = t?.customerId;
    const day = parseDay(t?.date);
    const idOk = customerIdRule.convert(id) !== undefined;
    if (!idOk || day === undefined) {
      if (idOk) issues.note(`transactions[${i}].date`, calendarDateRule.expected, t?.date, i);
      else issues.note(`transactions[${i}].customerId`, customerIdRule.expected, id, i);
      continue;
    }
    days[i] = day;
    const g = grainOf(day, period);
    if (g > lastGrain) lastGrain = g;
    let set = grainsByCustomer.get(id as string | number);
    if (set === undefined) grainsByCustomer.set(id as string | number, (set = new Set()));
    set.add(g);
  }
  issues.throwIfAny(where);
  refuseTooLarge(transactions, days, grainsByCustomer, lastGrain, period);

  const counts = new CohortCounts();
  for (const grains of grainsByCustomer.values()) counts.addCustomer(Int32Array.from(grains), grains.size);
  return counts.table(period);
}

/**
 * Throws when the table of these customers' grains would pass `MAX_COHORT_CELLS`: naming the rows the
 * isolated-outlier rule sets apart (one 9999-12-31 in a 1997 log), or else `period` with the span.
 */
function refuseTooLarge(
  transactions: readonly Transaction[],
  days: Int32Array,
  grainsByCustomer: ReadonlyMap<string | number, ReadonlySet<number>>,
  lastGrain: number,
  period: Granularity,
): void {
  const firsts = new Set<number>();
  for (const grains of grainsByCustomer.values()) {
    let first = Number.POSITIVE_INFINITY;
    for (const g of grains) if (g < first) first = g;
    firsts.add(first);
  }
  const cells = cohortTableCells(firsts, lastGrain);
  if (cells <= MAX_COHORT_CELLS) return;
  const where = 'cohortRetention';
  let minDay = Number.POSITIVE_INFINITY;
  let maxDay = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < days.length; i++) {
    const d = days[i] as number;
    if (d < minDay) minDay = d;
    if (d > maxDay) maxDay = d;
  }
  const kept = plausibleDays(days, days.length, minDay, maxDay);
  if (kept !== undefined) {
    const issues = new IssueList();
    const expected = `a date within ${kept.gap.toLocaleString('en-US')} days of the rest of the log (${formatDay(kept.from)} … ${formatDay(kept.to)}): an isolated outlier date, which stretches the '${period}' cohort table to ${cells.toLocaleString('en-US')} cells (at most ${MAX_COHORT_CELLS.toLocaleString('en-US')})`;
    for (let i = 0; i < days.length; i++) {
      const d = days[i] as number;
      if (d < kept.from || d > kept.to)
        issues.note(`transactions[${i}].date`, expected, (transactions[i] as Transaction).date, i);
    }
    issues.throwIfAny(where);
  }
  refuseLargeCohortTable(period, firsts, lastGrain);
}

/**
 * The counting behind every cohort table: customers are added one at a time with their distinct periods
 * (grains), and each cohort (first grain) keeps how many of its customers were active k grains later.
 */
export class CohortCounts {
  private readonly byCohort = new Map<number, number[]>();
  private lastGrain = Number.NEGATIVE_INFINITY;

  /**
   * One customer's distinct grains, grains[0 … count) in any order (count ≥ 1). The caller has checked the
   * table's size first (`refuseLargeCohortTable`): the cells allocated here are the table's.
   */
  addCustomer(grains: ArrayLike<number>, count: number): void {
    let first = Number.POSITIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      const g = grains[i] as number;
      if (g < first) first = g;
      if (g > this.lastGrain) this.lastGrain = g;
    }
    let active = this.byCohort.get(first);
    if (active === undefined) this.byCohort.set(first, (active = []));
    for (let i = 0; i < count; i++) {
      const k = (grains[i] as number) - first;
      while (active.length <= k) active.push(0);
      active[k] = (active[k] as number) + 1;
    }
  }

  /** The table: cohorts in time order, each running to the last grain seen. */
  table(period: Granularity): CohortRetention {
    const cohorts = [...this.byCohort.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([grain, active]) => {
        while (active.length < this.lastGrain - grain + 1) active.push(0);
        const size = active[0] as number;
        // One Decimal per distinct count of the cohort (mostly 0, 1, 2 … in a long daily table), shared by its
        // cells: Decimals are immutable.
        const rateOf = new Map<number, Decimal>();
        return {
          cohort: label(grain, period),
          size,
          active,
          rates: active.map((n) => {
            let rate = rateOf.get(n);
            if (rate === undefined) rateOf.set(n, (rate = new Decimal(n).div(size)));
            return rate;
          }),
        };
      });
    return { period, cohorts };
  }
}

/** Which cohort periods a summarizer's grains fit in whole (a day fits in anything, a week only in a week). */
export const PERIODS_OF_WHOLE_GRAINS: Readonly<Record<Granularity, readonly Granularity[]>> = {
  day: TIME_UNITS,
  week: ['week'],
  month: ['month', 'quarter', 'year'],
  quarter: ['quarter', 'year'],
  year: ['year'],
};
