import { ClvError, type ClvIssue, ClvValidationError, makeIssue } from '../errors.js';
import type { Decimal } from '../money.js';
import { customerIdRule } from '../schemas/customerId.js';
import { guardedRead, parseInput } from '../schemas/parse.js';
import { amountValue, parseAmount } from './amount.js';
import {
  calendarDateRule,
  DAYS_PER_UNIT,
  DEFAULT_TIME_UNIT,
  DEFAULT_TIME_ZONE,
  formatDay,
  type Granularity,
  grainOf,
  grainStart,
  instantDayReader,
  parseDay,
  type TimeUnit,
  timeUnitRule,
} from './calendar.js';
import type { CohortRetention } from './cohortRetention.js';
import { CustomerLedger } from './customerLedger.js';
import {
  type ResolvedSummarizeOptions,
  type SummarizeOptions,
  SummarizeOptionsSchema,
} from './summarizeOptions.js';
import { summaryResult } from './summaryResult.js';

/** One row of an order log. */
export interface Transaction {
  readonly customerId: string | number;
  readonly date: string | Date;
  readonly amount?:
    | number
    | string
    | {
        /** The amount as decimal text (a Decimal, a driver's numeric). */
        toString(): string;
      }
    | undefined;
}

/** A rejected row: its index in the log (0-based) and why (`transactions[4].date: expected …, received …`). */
export interface RejectedRow {
  readonly index: number;
  readonly reason: string;
  readonly issue: ClvIssue;
}

/**
 * One customer's summary. Buy-till-you-die figures (Fader, Hardie & Lee 2005; as Python lifetimes'
 * `summary_data_from_transaction_data`), over the calibration window when `calibrationEnd` is given:
 * - frequency: distinct purchase occasions (grains with a purchase) − 1 — the repeat purchases;
 * - recency: time from the first to the last occasion; T: time from the first occasion to the end
 *   (calibrationEnd, else observationEnd); occasions are dated by their grain's first day;
 * - monetaryValue: mean spend of the repeat occasions (amounts of one occasion summed first), 0 when frequency is 0.
 * Marketing RFM figures, over the same window: first/last purchase dates, daysSinceLastPurchase at its end,
 * orderCount (rows), totalSpend and averageOrderValue (exact).
 */
export interface CustomerSummary {
  readonly customerId: string | number;
  readonly frequency: number;
  readonly recency: number;
  readonly T: number;
  readonly monetaryValue: number;
  readonly firstPurchase: string;
  readonly lastPurchase: string;
  readonly daysSinceLastPurchase: number;
  readonly orderCount: number;
  readonly totalSpend: Decimal;
  readonly averageOrderValue: Decimal;
  /** With calibrationEnd: purchase occasions after it, up to observationEnd. */
  readonly frequencyHoldout?: number;
  /** With calibrationEnd: mean spend of the holdout occasions (0 when none). */
  readonly monetaryValueHoldout?: number;
  /** With calibrationEnd: time from calibrationEnd to observationEnd. */
  readonly durationHoldout?: number;
}

/** The summaries in columns: what the models take. */
export interface SummaryColumns {
  readonly customerId: (string | number)[];
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
  readonly monetaryValue: Float64Array;
  readonly frequencyHoldout?: Float64Array;
  readonly monetaryValueHoldout?: Float64Array;
  /** The unit of recency and T: fits of these columns record it, predictions check it. */
  readonly timeUnit: TimeUnit;
}

/**
 * The RFM figures of the summaries in columns (element i belongs to customer i of `columns`): what RFM
 * scoring takes as `RfmCustomerColumns`, and what writers read without building row objects. Days are day
 * numbers (days since 1970-01-01; `formatDay` prints them). Spend here is float64, for ranking; the exact
 * figures are `totalSpendTextAt` / `averageOrderValueTextAt` (or the Decimals of `customerAt`).
 */
export interface SummaryRfmColumns {
  readonly customerId: (string | number)[];
  readonly firstPurchaseDay: Int32Array;
  readonly lastPurchaseDay: Int32Array;
  readonly daysSinceLastPurchase: Int32Array;
  readonly orderCount: Int32Array;
  readonly totalSpend: Float64Array;
  readonly averageOrderValue: Float64Array;
}

/** What a summary run returns: both forms, and an account of every row. */
export interface SummaryResult {
  /** One row per customer, built when first read (the columns are what the models need). */
  readonly customers: CustomerSummary[];
  /**
   * Customer i's row, built afresh on each call (rows in the order of `columns`): for writers that stream a
   * million customers out without holding a million row objects.
   */
  customerAt(i: number): CustomerSummary;
  readonly columns: SummaryColumns;
  /** The RFM figures in typed columns, made when first read. */
  readonly rfmColumns: SummaryRfmColumns;
  /** Σ totalSpend over the summary's customers, exact (summed from whole ten-thousandths; made when first read). */
  readonly revenue: Decimal;
  /**
   * Customer i's exact total spend as decimal text, the same text as `customerAt(i).totalSpend.toString()`,
   * printed from the summarizer's whole ten-thousandths without making a Decimal (for writers).
   */
  totalSpendTextAt(i: number): string;
  /**
   * Customer i's average order value rounded half up to `places` decimals (0–4, default 2) as fixed text:
   * `roundMoney(customerAt(i).averageOrderValue, places).toFixed(places)`, by integer long division.
   */
  averageOrderValueTextAt(i: number, places?: number): string;
  /**
   * Cohort retention (see `cohortRetention`) of every customer added — those left out of a calibration
   * summary too — from the purchase occasions the summarizer kept, without the order log: the same table
   * as `cohortRetention` over the accepted rows. The period (default 'month') must be made of whole grains
   * of the summary's granularity (any period for 'day').
   */
  cohortRetention(options?: { readonly period?: Granularity }): CohortRetention;
  readonly rowsRead: number;
  readonly rowsUsed: number;
  readonly rowsRejected: number;
  /** Customers whose first purchase is after calibrationEnd: not in a calibration summary. */
  readonly customersLeftOut: number;
  /** Rejected rows (with `onBadRow: 'collect'`). */
  readonly rejected: RejectedRow[];
  readonly observationEnd: string;
  readonly calibrationEnd?: string;
}

const MAX_LISTED_REJECTS = 1000;

/** A streaming summarizer: memory grows with customers and their occasions, not with rows. */
export interface Summarizer {
  /** Adds one row; returns false when it was rejected (and `onBadRow` is `'collect'`). */
  add(transaction: Transaction): boolean;
  /**
   * Adds one row whose date is already a day number (days since 1970-01-01, as `dayFromCivil` gives):
   * the fast path for readers that parse dates themselves (the CLI, columnar sources). Same rules as `add`.
   */
  addDay(customerId: string | number, day: number, amount?: number | string): boolean;
  /** The most recent rejected row, even past the listed cap (undefined when none). */
  readonly lastRejection: RejectedRow | undefined;
  /**
   * Summarizes everything added; no row may be added afterwards. Throws `ClvValidationError` for bad rows
   * unless `onBadRow` is `'collect'`.
   */
  finish(options?: FinishOptions): SummaryResult;
}

/** Options of `Summarizer.finish`. */
export interface FinishOptions {
  /**
   * For readers that intern ids (a million string ids found by their bytes): rows were added with dense
   * integer keys 0, 1, 2, … and `customerIds[key]` is the customer's real id, which the result reports
   * (the summarizer finds small integer keys in one array access instead of hashing strings).
   */
  readonly customerIds?: readonly (string | number)[];
}

/**
 * Creates a streaming summarizer of an order log (see `CustomerSummary` for the definitions). Rows may come
 * in any order. Bad rows — a missing id, an unparseable date, a non-numeric or negative amount, a date after
 * observationEnd — are counted; by default `finish` then throws listing them with their index.
 *
 * @example
 * const s = createSummarizer({ timeUnit: 'week' });
 * s.add({ customerId: 'a', date: '2024-01-01', amount: 10 }); s.add({ customerId: 'a', date: '2024-01-15', amount: 30 });
 * s.finish().customers[0] // { frequency: 1, recency: 2, T: 2, monetaryValue: 30, … }
 */
export function createSummarizer(options: SummarizeOptions = {}): Summarizer {
  const parsed = parseInput(SummarizeOptionsSchema, options, 'createSummarizer');
  const o: ResolvedSummarizeOptions = {
    timeUnit: parsed.timeUnit ?? DEFAULT_TIME_UNIT,
    granularity: parsed.granularity ?? 'day',
    observationEnd: parsed.observationEnd,
    calibrationEnd: parsed.calibrationEnd,
    onBadRow: parsed.onBadRow ?? 'throw',
    timeZone: parsed.timeZone ?? DEFAULT_TIME_ZONE,
  };
  const instantDay = instantDayReader(o.timeZone);
  const ledger = new CustomerLedger();
  let finished = false;
  const rejected: RejectedRow[] = [];
  let rowsRead = 0;
  let rowsRejected = 0;
  let maxDay = Number.NEGATIVE_INFINITY;
  const cal = o.calibrationEnd ?? Number.POSITIVE_INFINITY;
  const split = o.calibrationEnd !== undefined;
  const observationEnd = o.observationEnd ?? Number.POSITIVE_INFINITY;

  let lastRejection: RejectedRow | undefined;

  function reject(index: number, field: string, expected: string, value: unknown): false {
    rowsRejected++;
    const issue = makeIssue(
      field === '' ? `transactions[${index}]` : `transactions[${index}].${field}`,
      expected,
      value,
      index,
    );
    lastRejection = { index, reason: issue.message, issue };
    if (rejected.length < MAX_LISTED_REJECTS) rejected.push(lastRejection);
    return false;
  }

  function assertOpen(): void {
    if (finished)
      throw new ClvError('createSummarizer: a row was added after finish(); start a new summarizer');
  }

  function add(t: Transaction): boolean {
    assertOpen();
    const index = rowsRead++;
    if (t === null || typeof t !== 'object') return reject(index, '', 'a transaction object', t);
    const day = parseDay(t.date, instantDay);
    if (day === undefined) {
      if (customerIdRule.convert(t.customerId) === undefined)
        return reject(index, 'customerId', customerIdRule.expected, t.customerId);
      return reject(index, 'date', calendarDateRule.expected, t.date);
    }
    return addAt(index, t.customerId, day, t.date, t.amount);
  }

  function addDay(customerId: string | number, day: number, amount?: number | string): boolean {
    assertOpen();
    const index = rowsRead++;
    if (!Number.isInteger(day)) {
      if (customerIdRule.convert(customerId) === undefined)
        return reject(index, 'customerId', customerIdRule.expected, customerId);
      return reject(index, 'date', 'a whole day number', day);
    }
    return addAt(index, customerId, day, day, amount);
  }

  function addAt(
    index: number,
    id: string | number,
    day: number,
    rawDate: unknown,
    rawAmount: Transaction['amount'],
  ): boolean {
    // The common ids pass without a call; anything else is judged by the one customer-id rule.
    const plainId =
      typeof id === 'number' ? Number.isSafeInteger(id) : typeof id === 'string' && id.length > 0;
    if (!plainId && customerIdRule.convert(id) === undefined)
      return reject(index, 'customerId', customerIdRule.expected, id);
    if (day > observationEnd) {
      return reject(
        index,
        'date',
        `a date on or before observationEnd ${formatDay(observationEnd)}`,
        rawDate,
      );
    }
    let amount = 0;
    const given = !(rawAmount === undefined || rawAmount === null || rawAmount === '');
    const parsedAmount = given ? parseAmount(rawAmount) : undefined;
    if (given && parsedAmount === undefined)
      return reject(index, 'amount', 'an amount of 0 or more', rawAmount);
    let slot = ledger.slotOf(id);
    if (slot < 0) slot = ledger.open(id);
    const inWindow = day <= cal;
    // A number that parsed is its own float value (parseAmount checked it is exactly its units).
    if (parsedAmount !== undefined)
      amount = typeof rawAmount === 'number' ? rawAmount : amountValue(parsedAmount);
    if (day > maxDay) maxDay = day;
    const grain = grainOf(day, o.granularity);
    ledger.addOrder(
      slot,
      day,
      grain,
      parsedAmount,
      amount,
      inWindow,
      !split || grainStart(grain, o.granularity) <= cal,
    );
    return true;
  }

  function finish(finishOptions: FinishOptions = {}): SummaryResult {
    if (rowsRejected > 0 && o.onBadRow === 'throw') {
      const issues = rejected.map((r) => r.issue);
      const unlisted = rowsRejected - rejected.length;
      if (unlisted > 0)
        issues.push(makeIssue('transactions', `no more bad rows (${unlisted} more not listed)`, 'more'));
      throw new ClvValidationError('summarizeTransactions', issues);
    }
    const end = o.observationEnd ?? (Number.isFinite(maxDay) ? maxDay : 0);
    const unit = DAYS_PER_UNIT[o.timeUnit];
    const windowEnd = split ? (o.calibrationEnd as number) : end;
    const labels = finishOptions.customerIds;
    const idOf = (key: string | number): string | number => {
      if (labels === undefined) return key;
      const id = typeof key === 'number' ? labels[key] : undefined;
      if (id === undefined || customerIdRule.convert(id) === undefined)
        throw new ClvValidationError('finish', [
          makeIssue(
            `customerIds[${String(key)}]`,
            `the id of the customer added with key ${String(key)}`,
            id,
          ),
        ]);
      return id;
    };
    finished = true;
    return summaryResult({
      ledger,
      granularity: o.granularity,
      timeUnit: o.timeUnit,
      split,
      end,
      windowEnd,
      unit,
      idOf,
      rowsRead,
      rowsRejected,
      rejected,
    });
  }

  return {
    add,
    addDay,
    finish,
    get lastRejection() {
      return lastRejection;
    },
  };
}

/** The columnar form of summaries (Float64Array per figure). */
export function toSummaryColumns(
  rows: readonly CustomerSummary[],
  holdout: boolean,
  timeUnit: TimeUnit = DEFAULT_TIME_UNIT,
): SummaryColumns {
  return guardedRead('toSummaryColumns', 'input', () => toSummaryColumnsChecked(rows, holdout, timeUnit));
}

function toSummaryColumnsChecked(
  rows: readonly CustomerSummary[],
  holdout: boolean,
  timeUnit: TimeUnit = DEFAULT_TIME_UNIT,
): SummaryColumns {
  const where = 'toSummaryColumns';
  if (!Array.isArray(rows))
    throw new ClvValidationError(where, [makeIssue('rows', 'an array of customer rows', rows)]);
  const unit = timeUnitRule.convert(timeUnit);
  if (unit === undefined)
    throw new ClvValidationError(where, [makeIssue('timeUnit', timeUnitRule.expected, timeUnit)]);
  const issues: ClvIssue[] = [];
  const figure = (i: number, name: string, v: unknown, whole = false): number => {
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0 && (!whole || Number.isInteger(v))) return v;
    if (issues.length < 100)
      issues.push(
        makeIssue(
          `rows[${i}].${name}`,
          whole ? 'a whole number of 0 or more' : 'a finite number of 0 or more',
          v,
          i,
        ),
      );
    return 0;
  };
  const n = rows.length;
  const cols = {
    timeUnit: unit,
    customerId: new Array<string | number>(n),
    frequency: new Float64Array(n),
    recency: new Float64Array(n),
    T: new Float64Array(n),
    monetaryValue: new Float64Array(n),
  };
  const fh = holdout ? new Float64Array(n) : undefined;
  const mh = holdout ? new Float64Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    const r = rows[i] as CustomerSummary;
    if (r === null || typeof r !== 'object') {
      if (issues.length < 100) issues.push(makeIssue(`rows[${i}]`, 'a customer row', r, i));
      continue;
    }
    cols.customerId[i] = r.customerId;
    cols.frequency[i] = figure(i, 'frequency', r.frequency, true);
    cols.recency[i] = figure(i, 'recency', r.recency);
    cols.T[i] = figure(i, 'T', r.T);
    cols.monetaryValue[i] = figure(i, 'monetaryValue', r.monetaryValue);
    if (fh && mh) {
      fh[i] = figure(i, 'frequencyHoldout', r.frequencyHoldout ?? 0, true);
      mh[i] = figure(i, 'monetaryValueHoldout', r.monetaryValueHoldout ?? 0);
    }
  }
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  return fh && mh ? { ...cols, frequencyHoldout: fh, monetaryValueHoldout: mh } : cols;
}
