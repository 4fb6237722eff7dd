import { ClvError, type ClvIssue, ClvValidationError, makeIssue, thrownMessage } from '../errors.js';
import type { Decimal } from '../money.js';
import { customerIdRule } from '../schemas/customerId.js';
import { guardedRead, unreadableInput } from '../schemas/parse.js';
import { typedArrayKind } from '../schemas/typedArrayKind.js';
import {
  calendarDateRule,
  DEFAULT_TIME_UNIT,
  type Granularity,
  isDayNumber,
  parseDay,
  type TimeUnit,
  timeUnitRule,
} from './calendar.js';
import type { CohortRetention } from './cohortRetention.js';
import { keepPlainRows } from './keepPlainRows.js';
import { OrderLogReader } from './orderLogReader.js';
import {
  type ResolvedSummarizeOptions,
  resolveSummarizeOptions,
  type SummarizeOptions,
} from './summarizeOptions.js';

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

/**
 * A rejected row: its index in the log (0-based) and why (`transactions[4].date: expected …, received …`;
 * `'return'` for a negative amount dropped by `returns: 'exclude'`).
 */
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
  /** With `returns: 'net'`: Σ of the non-negative amounts in the window (before returns), exact. */
  readonly grossSpend?: Decimal;
  /** With `returns: 'net'`: Σ |negative amounts| in the window, exact. */
  readonly returnedSpend?: Decimal;
  /** With `returns: 'net'`: returnedSpend / grossSpend (0 when grossSpend is 0; above 1 when older orders came back). */
  readonly returnRate?: number;
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

/**
 * The actual side of a tracking plot: repeat purchases by calendar period of a summary's customers (see
 * `SummaryResult.repeatPurchasesByDay`). Days are day numbers (days since 1970-01-01; `formatDay` prints them).
 */
export interface RepeatPurchasesByDay {
  /** The period the purchases are counted by: 'day', or the summary's grains (e.g. 'year' for yearly data). */
  readonly period: Granularity;
  /** The first day of each period with a repeat purchase, ascending. */
  readonly days: Int32Array;
  /** How many of the customers made a repeat purchase in that period (a customer counts once a period). */
  readonly counts: Float64Array;
}

/** What became of the returns (negative amounts) of a summary run with `returns: 'net'` or `'exclude'`. */
export interface ReturnsAccount {
  readonly mode: 'net' | 'exclude';
  /** Rows with a negative amount (netted with 'net'; rejected with reason 'return' with 'exclude'). */
  readonly rows: number;
  /** Σ |negative amounts|, exact. */
  readonly value: Decimal;
  /** With 'net': the returned value that found no earlier purchase of the customer to net against. */
  readonly unmatchedValue: Decimal;
  /** With 'net': customers whose purchases were all netted away (in no figure of the summary). */
  readonly customersWithoutPurchase: number;
}

/** The rows dropped as isolated outlier dates (`SummarizeOptions.outlierDates`). */
export interface OutlierDates {
  /** The first day kept (yyyy-MM-dd). */
  readonly from: string;
  /** The last day kept (yyyy-MM-dd). */
  readonly to: string;
  /** The gap, in days, that isolated the dropped dates from the rest. */
  readonly gapDays: number;
  /** Every dropped row, with its index (reason 'outlier date'); they are also in the bad-row count. */
  readonly rows: RejectedRow[];
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
  /**
   * Repeat purchases by calendar day of the summary's customers — those whose first purchase is on or before the
   * calibration end (the observation end without a split; for a period longer than a day, whose first period
   * starts on or before it) — over the whole log, calibration and holdout alike:
   * the actual curve of a tracking plot (Fader, Hardie & Lee 2005, "Counting your customers the easy way",
   * Figure 3: incremental repeat transactions, cumulated for Figure 4; BTYD's `elog2inc`). A customer counts
   * once a period, each period after their first in which they bought; the counts up to the calibration end
   * sum to Σ frequency, those after it to Σ frequencyHoldout. `period` (default 'day') must be made of whole
   * grains of the summary's granularity ('year' for yearly data). Counted from the occasions the summarizer
   * kept (`cohorts: true`), without a cohort table: its size is the log's span, not the span squared.
   *
   * @example summarizeTransactions(log, { calibrationEnd: '1997-09-30' }).repeatPurchasesByDay().counts.length // days with a repeat purchase
   */
  repeatPurchasesByDay(options?: { readonly period?: Granularity }): RepeatPurchasesByDay;
  readonly rowsRead: number;
  readonly rowsUsed: number;
  /** Bad rows, and with `returns: 'exclude'` the returns dropped: rowsRead = rowsUsed + rowsRejected. */
  readonly rowsRejected: number;
  /** Customers whose first purchase is after calibrationEnd: not in a calibration summary. */
  readonly customersLeftOut: number;
  /** Rejected bad rows (with `onBadRow: 'collect'`; returns dropped by `returns: 'exclude'` are counted, not listed). */
  readonly rejected: RejectedRow[];
  /** With `returns: 'net'` or `'exclude'`: what became of the returns. */
  readonly returns?: ReturnsAccount;
  /** With `returns: 'net'`: each customer's return rate (see `CustomerSummary.returnRate`), element i for customer i. */
  readonly returnRate?: Float64Array;
  readonly observationEnd: string;
  readonly calibrationEnd?: string;
  /** Present when rows were dropped as isolated outlier dates (see `SummarizeOptions.outlierDates`). */
  readonly outlierDates?: OutlierDates;
}

/**
 * A streaming summarizer: rows are kept in compact columns (16 bytes per row; see `summarizeColumns`) and
 * summarized at `finish` by a sort and one linear pass, so the order rows arrive in costs nothing.
 */
export interface Summarizer {
  /** Adds one row; returns false when it was rejected (and `onBadRow` is `'collect'`). */
  add(transaction: Transaction): boolean;
  /**
   * Adds one row whose date is already a day number (days since 1970-01-01, as `dayFromCivil` gives):
   * the fast path for readers that parse dates themselves (the CLI, columnar sources). Same rules as `add`.
   */
  addDay(customerId: string | number, day: number, amount?: number | string): boolean;
  /**
   * Adds rows from, from + 1, … of columns — integer customer ids (or the keys of `FinishOptions.customerIds`)
   * ≥ 0, day numbers, amounts (none: 0) — while each is plain: a whole day on or before the observation end
   * and an amount of 0 or more with at most four decimals. Returns the index of the first row it did not add
   * (`to` when it added them all): add that one with `addDay`, which applies every rule to it (rejects it, or
   * keeps a return), and go on from the next. The same rows, in the same order, as `addDay` row by row,
   * without a call per row: the fast path for readers that hold a block of rows in typed arrays (the CLI,
   * Arrow batches).
   */
  addDays(
    customerIds: Uint32Array | Int32Array,
    days: Int32Array,
    amounts: Float64Array | undefined,
    from: number,
    to: number,
  ): number;
  /** The most recent rejected row, even past the listed cap (undefined when none). */
  readonly lastRejection: RejectedRow | undefined;
  /**
   * Summarizes everything added; no row may be added afterwards. Throws `ClvValidationError` for bad rows
   * unless `onBadRow` is `'collect'`.
   */
  finish(options?: FinishOptions): SummaryResult;
}

/** The real id of each dense key: an array (`ids[key]`), or a function of the key. */
export type CustomerIdsOfKeys = readonly (string | number)[] | ((key: number) => string | number | undefined);

/** Options of `Summarizer.finish`. */
export interface FinishOptions {
  /**
   * For readers that intern ids (a million string ids found by their bytes): rows were added with dense
   * integer keys 0, 1, 2, … and `customerIds[key]` — or `customerIds(key)`, a function — is the customer's
   * real id, which the result reports (the summarizer finds small integer keys in one array access instead
   * of hashing strings). A function is asked once per customer of the summary, after the rows are summed, so
   * a reader that keeps its ids as bytes makes each id's string only then (the CLI: 10 million ids' strings
   * never sit beside the rows).
   */
  readonly customerIds?: CustomerIdsOfKeys;
}

/**
 * Creates a streaming summarizer of an order log (see `CustomerSummary` for the definitions). Rows may come
 * in any order: they are kept in compact columns and summarized at `finish` by a radix sort by (customer,
 * day) and one linear pass (`summarizeColumns` does the same for arrays). Bad rows — a missing id, an
 * unparseable date, a non-numeric amount, a negative one (unless `returns` says otherwise), a date after
 * observationEnd — are counted; by default `finish` then throws listing them with their index.
 *
 * `expectedRows`, a hint, makes room for that many rows at once (at most 2^27, 2 GB; less when a spill budget
 * holds fewer, or when the memory is not there): a reader that knows about how many rows are coming (the CLI
 * estimates a file's lines from its size) saves the columns' doublings — a copy of every row each time, and the
 * old columns left to the garbage collector. More rows than that still fit: the columns grow as before.
 *
 * @example
 * const s = createSummarizer({ timeUnit: 'week' });
 * s.add({ customerId: 'a', date: '2024-01-01', amount: 10 }); s.add({ customerId: 'a', date: '2024-01-15', amount: 30 });
 * s.finish().customers[0] // { frequency: 1, recency: 2, T: 2, monetaryValue: 30, … }
 */
export function createSummarizer(options: SummarizeOptions = {}, expectedRows?: number): Summarizer {
  const where = 'createSummarizer';
  const resolved = resolveSummarizeOptions(options, where);
  if (expectedRows !== undefined && !(Number.isSafeInteger(expectedRows) && expectedRows >= 0))
    throw new ClvValidationError(where, [
      makeIssue('expectedRows', 'a whole number of rows, 0 or more', expectedRows),
    ]);
  const reader = readerWithRoom(resolved, Math.min(MAX_ROOM, Math.max(MIN_ROOM, expectedRows ?? 0)));
  let finished = false;

  function assertOpen(): void {
    if (finished)
      throw new ClvError('createSummarizer: a row was added after finish(); start a new summarizer');
  }

  function add(t: Transaction): boolean {
    assertOpen();
    if (t === null || typeof t !== 'object') return readTransaction(reader, t);
    // The row's fields are read once, without a copy or a closure per row (the streaming hot path): a Proxy
    // trap or a getter that throws makes the row a rejected one, counted like any bad row (read = used +
    // rejected), never the foreign error.
    let customerId: unknown;
    let date: unknown;
    let amount: unknown;
    try {
      customerId = t.customerId;
      date = t.date;
      amount = t.amount;
    } catch (e) {
      if (e instanceof ClvError) throw e;
      const expected = `a transaction whose fields can be read (reading it threw: ${thrownMessage(e)})`;
      return reader.reject(reader.nextIndex(), '', expected, t);
    }
    try {
      return readFields(reader, customerId, date, amount);
    } catch (e) {
      if (e instanceof ClvError) throw e;
      throw unreadableInput('Summarizer.add', 'transaction', e);
    }
  }

  function addDay(customerId: string | number, day: number, amount?: number | string): boolean {
    assertOpen();
    const index = reader.nextIndex();
    if (!isDayNumber(day)) {
      if (customerIdRule.convert(customerId) === undefined)
        return reader.reject(index, 'customerId', customerIdRule.expected, customerId);
      return reader.reject(index, 'date', 'a whole day number', day);
    }
    return reader.accept(index, customerId, day, day, amount);
  }

  function addDays(
    customerIds: Uint32Array | Int32Array,
    days: Int32Array,
    amounts: Float64Array | undefined,
    from: number,
    to: number,
  ): number {
    assertOpen();
    checkDayColumns(customerIds, days, amounts, from, to);
    return keepPlainRows(reader, customerIds, days, amounts, from, to, Number.MAX_SAFE_INTEGER);
  }

  function finish(finishOptions: FinishOptions = {}): SummaryResult {
    // The rows are let go once summed: a second summary would be of none.
    if (finished)
      throw new ClvError('createSummarizer: finish() was called already; its result is the summary');
    const result = reader.finish(finishOptions.customerIds);
    finished = true;
    return result;
  }

  return {
    add,
    addDay,
    addDays,
    finish,
    get lastRejection() {
      return reader.lastRejection;
    },
  };
}

/**
 * `Summarizer.addDays`' columns and range, checked once a block (a `ClvValidationError` naming the argument):
 * integer keys in a Uint32Array or Int32Array, days in an Int32Array, amounts in a Float64Array or none, and
 * 0 ≤ from ≤ to ≤ every column's length.
 */
function checkDayColumns(
  customerIds: unknown,
  days: unknown,
  amounts: unknown,
  from: unknown,
  to: unknown,
): void {
  const where = 'Summarizer.addDays';
  const keys = typedArrayKind(customerIds);
  if (keys !== 'Uint32Array' && keys !== 'Int32Array')
    throw new ClvValidationError(where, [
      makeIssue('customerIds', 'a Uint32Array or Int32Array of keys', customerIds),
    ]);
  if (typedArrayKind(days) !== 'Int32Array')
    throw new ClvValidationError(where, [makeIssue('days', 'an Int32Array of day numbers', days)]);
  if (amounts !== undefined && typedArrayKind(amounts) !== 'Float64Array')
    throw new ClvValidationError(where, [
      makeIssue('amounts', 'a Float64Array of amounts, or undefined', amounts),
    ]);
  const length = Math.min(
    (customerIds as Int32Array).length,
    (days as Int32Array).length,
    amounts === undefined ? Number.POSITIVE_INFINITY : (amounts as Float64Array).length,
  );
  if (!(Number.isSafeInteger(to) && (to as number) >= 0 && (to as number) <= length))
    throw new ClvValidationError(where, [
      makeIssue('to', `a whole number from 0 to ${length} (the columns' length)`, to),
    ]);
  if (!(Number.isSafeInteger(from) && (from as number) >= 0 && (from as number) <= (to as number)))
    throw new ClvValidationError(where, [makeIssue('from', `a whole number from 0 to ${to}`, from)]);
}

/** Rows the columns start with at least, and at most (16 bytes a row: 2 GB) whatever `expectedRows` says. */
const MIN_ROOM = 1024;
const MAX_ROOM = 2 ** 27;

/** A reader with room for `rows` rows, or the default room when that memory cannot be had (the room is a hint). */
function readerWithRoom(options: ResolvedSummarizeOptions, rows: number): OrderLogReader {
  try {
    return new OrderLogReader(options, rows);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return new OrderLogReader(options, MIN_ROOM);
  }
}

/** Reads one row object into `reader` (the rules of `Summarizer.add`); false when it was rejected. */
export function readTransaction(reader: OrderLogReader, t: Transaction): boolean {
  if (t === null || typeof t !== 'object')
    return reader.reject(reader.nextIndex(), '', 'a transaction object', t);
  return readFields(reader, t.customerId, t.date, t.amount);
}

/** Reads one row's three fields into `reader` (the rules of `Summarizer.add`); false when it was rejected. */
function readFields(reader: OrderLogReader, customerId: unknown, date: unknown, amount: unknown): boolean {
  const index = reader.nextIndex();
  const day = parseDay(date, reader.instantDay);
  if (day === undefined) {
    if (customerIdRule.convert(customerId) === undefined)
      return reader.reject(index, 'customerId', customerIdRule.expected, customerId);
    return reader.reject(index, 'date', calendarDateRule.expected, date);
  }
  return reader.accept(index, customerId, day, date, amount);
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
