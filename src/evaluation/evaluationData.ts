/**
 * The calibration/holdout split that evaluation scores on, built once from an order log (summarized by the
 * library's summarizer with `calibrationEnd`) or taken from a summary that already has the split.
 */
import { ClvValidationError, makeIssue } from '../errors.js';
import { guardedRead } from '../schemas/parse.js';
import { DAYS_PER_UNIT, type Granularity, parseDay, type TimeUnit } from '../transactions/calendar.js';
import type { CohortRetention } from '../transactions/cohortRetention.js';
import type { RepeatPurchasesByDay, SummaryColumns, Transaction } from '../transactions/createSummarizer.js';
import { summarizeTransactions } from '../transactions/summarizeTransactions.js';
import { type ActualTracking, actualRepeatPurchasesByDay } from './actualTracking.js';

/** A summary with a calibration split (a `SummaryResult` of `summarizeTransactions(log, { calibrationEnd })`). */
export interface SplitSummary {
  readonly columns: SummaryColumns;
  readonly calibrationEnd?: string;
  readonly observationEnd: string;
  readonly rowsRead?: number;
  readonly rowsUsed?: number;
  readonly rowsRejected?: number;
  readonly customersLeftOut?: number;
  /** The summarizer's repeat purchases by day (`SummaryResult.repeatPurchasesByDay`): the tracking curve's actuals. */
  repeatPurchasesByDay?(options?: { readonly period?: Granularity }): RepeatPurchasesByDay;
  /** The summarizer's cohort table (`SummaryResult.cohortRetention`): the actuals when the summary has no `repeatPurchasesByDay`. */
  cohortRetention?(options?: { readonly period?: Granularity }): CohortRetention;
}

/** The data of an evaluation, split once. */
export interface EvaluationData {
  /** Calibration customers (x, t_x, T, m̄) with their unit. */
  readonly calibration: SummaryColumns;
  /** Holdout purchase occasions per customer (same order). */
  readonly holdoutPurchases: Float64Array;
  /** Holdout spend per customer: occasions × their mean spend. */
  readonly holdoutSpend: Float64Array;
  /** Whether the data carry amounts (some spend > 0): the spend model is evaluated only then. */
  readonly hasAmounts: boolean;
  readonly timeUnit: TimeUnit;
  /** Day numbers of the calibration end and the observation end. */
  readonly calibrationEndDay: number;
  readonly observationEndDay: number;
  /** (observationEnd − calibrationEnd) in the time unit. */
  readonly holdoutLength: number;
  /** Actual repeat purchases per day of the calibration cohort (from a summary at day granularity). */
  readonly actualTracking: ActualTracking | undefined;
  /** Why `actualTracking` is undefined, when it is: said in the evaluation's notes. */
  readonly actualTrackingGap: string | undefined;
  /** All the data to observationEnd without a split: what the chosen model is refitted on. */
  readonly allData: SummaryColumns | undefined;
  /** The row account of a log (rows read = used + rejected), when the input was a log. */
  readonly rows: { readonly read: number; readonly used: number; readonly rejected: number } | undefined;
  /** Customers first seen after calibrationEnd: not in the calibration cohort, so not scored. */
  readonly customersLeftOut: number;
  /**
   * The period of discrete data (granularity = time unit, week or coarser: at most one purchase per period),
   * when the data are discrete: the discrete models (BG/BB) are evaluated then. Undefined for day occasions.
   */
  readonly discretePeriod: TimeUnit | undefined;
}

/** Options the split needs (already validated by `evaluateModels`' schema). */
export interface SplitOptions {
  readonly calibrationEnd?: string | Date | undefined;
  readonly observationEnd?: string | Date | undefined;
  readonly timeUnit?: TimeUnit | undefined;
  readonly onBadRow?: 'throw' | 'collect' | undefined;
  readonly allData?: SplitSummary | undefined;
  /** Occasions per day (default) or per calendar period: a log is summarized at it, a summary declares it. */
  readonly granularity?: Granularity | undefined;
}

/** The period of discrete data: granularity = time unit, coarser than a day. */
const discreteOf = (granularity: Granularity | undefined, unit: TimeUnit) =>
  granularity !== undefined && granularity !== 'day' && granularity === unit ? unit : undefined;

function holdoutSpendOf(c: SummaryColumns): Float64Array {
  const h = c.frequencyHoldout as Float64Array;
  const m = c.monetaryValueHoldout as Float64Array;
  return h.map((x, i) => x * (m[i] as number));
}

function amountsIn(c: SummaryColumns, spend: Float64Array): boolean {
  return c.monetaryValue.some((v) => v > 0) || spend.some((v) => v > 0);
}

/** The fields of a summary this module reads (each read once under guard before any is used). */
const FIELDS_READ = [
  'columns',
  'calibrationEnd',
  'observationEnd',
  'repeatPurchasesByDay',
  'cohortRetention',
  'customersLeftOut',
] as const satisfies readonly (keyof SplitSummary)[];

/**
 * Splits an order log (summarized with `calibrationEnd`, and again without it for the refit) or checks a summary
 * that has the split (holdout columns and `calibrationEnd`). The unit of a log's summary is `timeUnit`; a
 * summary keeps its own.
 *
 * @example evaluationData(log, { calibrationEnd: '1997-09-30', observationEnd: '1998-06-30', timeUnit: 'week' }).holdoutLength // 39
 */
export function evaluationData(input: unknown, options: SplitOptions, where: string): EvaluationData {
  if (Array.isArray(input)) {
    if (options.calibrationEnd === undefined)
      throw new ClvValidationError(where, [
        makeIssue('options.calibrationEnd', 'the last day of the calibration period', undefined),
      ]);
    const log = input as readonly Transaction[];
    const common = {
      ...(options.timeUnit === undefined ? {} : { timeUnit: options.timeUnit }),
      ...(options.observationEnd === undefined ? {} : { observationEnd: options.observationEnd }),
      ...(options.onBadRow === undefined ? {} : { onBadRow: options.onBadRow }),
      ...(options.granularity === undefined ? {} : { granularity: options.granularity }),
    };
    const split = summarizeTransactions(log, { ...common, calibrationEnd: options.calibrationEnd });
    const all = summarizeTransactions(log, { ...common, observationEnd: split.observationEnd });
    const data = fromSummary(split, where, undefined, options.granularity);
    return {
      ...data,
      allData: all.columns,
      rows: { read: split.rowsRead, used: split.rowsUsed, rejected: split.rowsRejected },
    };
  }
  // The summary's fields read once under guard: a Proxy trap or a getter that throws is the input's fault.
  const isSummary =
    input !== null &&
    typeof input === 'object' &&
    guardedRead(where, 'input', () => {
      const s = input as Partial<Record<keyof SplitSummary, unknown>>;
      for (const field of FIELDS_READ) void s[field];
      return 'columns' in input;
    });
  if (!isSummary)
    throw new ClvValidationError(where, [
      makeIssue('input', 'an order log (an array of transactions) or a summary with calibrationEnd', input),
    ]);
  const summary = input as SplitSummary;
  for (const [name, given] of [
    ['calibrationEnd', options.calibrationEnd],
    ['observationEnd', options.observationEnd],
  ] as const) {
    const own = summary[name];
    if (given !== undefined && parseDay(given) !== parseDay(own))
      throw new ClvValidationError(where, [
        makeIssue(`options.${name}`, `the summary's own ${name}, ${own ?? 'none'} (or leave it out)`, given),
      ]);
  }
  if (options.timeUnit !== undefined && options.timeUnit !== summary.columns.timeUnit)
    throw new ClvValidationError(where, [
      makeIssue('options.timeUnit', `the summary's unit, '${summary.columns.timeUnit}'`, options.timeUnit),
    ]);
  const allData = options.allData?.columns;
  if (allData !== undefined && allData.timeUnit !== summary.columns.timeUnit)
    throw new ClvValidationError(where, [
      makeIssue(
        'options.allData.timeUnit',
        `the summary's unit, '${summary.columns.timeUnit}'`,
        allData.timeUnit,
      ),
    ]);
  return fromSummary(summary, where, allData, options.granularity);
}

/**
 * The actual curve, when the summary can give it: a `SummaryResult` at day granularity (occasions are days), or
 * for discrete data at its period (occasions are periods, placed on each period's first day), by its
 * `repeatPurchasesByDay` (or, for a summary of another make that has only a cohort table, its `cohortRetention`).
 * Other summaries (plain columns, or occasions coarser than a day that are not the data's period) give none, and
 * the tracking chart's actual side is then known only at the calibration and observation ends.
 */
function dailyActuals(
  summary: SplitSummary,
  calibrationEndDay: number,
  period: Granularity | undefined,
  where: string,
): ActualTracking | string {
  if (typeof summary.repeatPurchasesByDay === 'function') {
    let repeats: RepeatPurchasesByDay;
    try {
      repeats = summary.repeatPurchasesByDay({ period: period ?? 'day' });
    } catch (e) {
      // Occasions coarser than a day (not made of whole grains), or a summary that kept no occasions.
      if (e instanceof ClvValidationError)
        return `no daily repeat purchases: ${e.issues[0]?.message ?? e.message}`;
      throw e;
    }
    const { days, counts } = repeats;
    if (
      !(days instanceof Int32Array && counts instanceof Float64Array && days.length === counts.length) ||
      !counts.every((n) => Number.isFinite(n) && n >= 0)
    )
      throw new ClvValidationError(where, [
        makeIssue(
          'input.repeatPurchasesByDay()',
          '{ days: Int32Array, counts: Float64Array } of one length, counts finite and 0 or more',
          repeats,
        ),
      ]);
    return { days, counts };
  }
  if (typeof summary.cohortRetention !== 'function') return 'the summary has no daily occasions';
  let table: CohortRetention;
  try {
    table = summary.cohortRetention({ period: period ?? 'day' });
  } catch (e) {
    // Occasions coarser than a day (not made of whole grains), or a table past its size bound (decades by day).
    if (e instanceof ClvValidationError) return `no daily cohort table: ${e.issues[0]?.message ?? e.message}`;
    throw e;
  }
  return actualRepeatPurchasesByDay(table, calibrationEndDay);
}

function fromSummary(
  summary: SplitSummary,
  where: string,
  allData: SummaryColumns | undefined,
  granularity: Granularity | undefined,
): EvaluationData {
  const c = summary.columns;
  const calEnd = parseDay(summary.calibrationEnd);
  const obsEnd = parseDay(summary.observationEnd);
  if (calEnd === undefined || c.frequencyHoldout === undefined || c.monetaryValueHoldout === undefined)
    throw new ClvValidationError(where, [
      makeIssue(
        'input.calibrationEnd',
        'a summary with a calibration split (summarizeTransactions with calibrationEnd)',
        summary.calibrationEnd,
      ),
    ]);
  if (obsEnd === undefined || !(obsEnd > calEnd))
    throw new ClvValidationError(where, [
      makeIssue(
        'input.observationEnd',
        `a day after calibrationEnd ${summary.calibrationEnd}`,
        summary.observationEnd,
      ),
    ]);
  if (c.frequency.length === 0)
    throw new ClvValidationError(where, [
      makeIssue('input', 'at least one customer whose first purchase is on or before calibrationEnd', 0),
    ]);
  const holdoutSpend = holdoutSpendOf(c);
  const period = discreteOf(granularity, c.timeUnit);
  const actuals = dailyActuals(summary, calEnd, period, where);
  return {
    actualTracking: typeof actuals === 'string' ? undefined : actuals,
    actualTrackingGap: typeof actuals === 'string' ? actuals : undefined,
    calibration: c,
    holdoutPurchases: c.frequencyHoldout,
    holdoutSpend,
    hasAmounts: amountsIn(c, holdoutSpend),
    timeUnit: c.timeUnit,
    calibrationEndDay: calEnd,
    observationEndDay: obsEnd,
    holdoutLength: (obsEnd - calEnd) / DAYS_PER_UNIT[c.timeUnit],
    allData,
    rows: undefined,
    customersLeftOut: summary.customersLeftOut ?? 0,
    discretePeriod: period,
  };
}
