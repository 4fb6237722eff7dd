import { ClvValidationError, IssueList, makeIssue } from '../errors.js';
import { Decimal } from '../money.js';
import { customerIdRule } from '../schemas/customerId.js';
import { enumRule } from '../schemas/field.js';
import { guardedRead } from '../schemas/parse.js';
import {
  calendarDateRule,
  formatDay,
  type Granularity,
  grainOf,
  grainStart,
  parseDay,
  TIME_UNITS,
} from './calendar.js';
import type { Transaction } from './createSummarizer.js';

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

function label(grain: number, period: Granularity): string {
  const day = formatDay(grainStart(grain, period));
  if (period === 'month') return day.slice(0, 7);
  if (period === 'year') return day.slice(0, 4);
  if (period === 'quarter') return `${day.slice(0, 4)}-Q${(grain % 4) + 1}`;
  return day;
}

/**
 * Cohort retention: customers grouped by the period of their first purchase, and for each k = 0, 1, … the
 * number (and share) of them who bought in the k-th period after it — the classic triangle
 * (e.g. Fader & Hardie 2007, "How to project customer retention"; Gupta et al. 2006, "Modeling customer
 * lifetime value"). A customer counts once per period however often they bought in it. Rows with a missing
 * id or an unparseable date throw `ClvValidationError` naming each.
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
    const g = grainOf(day, period);
    if (g > lastGrain) lastGrain = g;
    let set = grainsByCustomer.get(id as string | number);
    if (set === undefined) grainsByCustomer.set(id as string | number, (set = new Set()));
    set.add(g);
  }
  issues.throwIfAny(where);

  const counts = new CohortCounts();
  for (const grains of grainsByCustomer.values()) counts.addCustomer(Int32Array.from(grains), grains.size);
  return counts.table(period);
}

/**
 * The counting behind every cohort table: customers are added one at a time with their distinct periods
 * (grains), and each cohort (first grain) keeps how many of its customers were active k grains later.
 */
export class CohortCounts {
  private readonly byCohort = new Map<number, number[]>();
  private lastGrain = Number.NEGATIVE_INFINITY;

  /** One customer's distinct grains, grains[0 … count) in any order (count ≥ 1). */
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
        return {
          cohort: label(grain, period),
          size,
          active,
          rates: active.map((n) => new Decimal(n).div(size)),
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
