import { ClvValidationError, makeIssue } from '../errors.js';
import { Decimal } from '../money.js';
import { customerIdRule } from '../schemas/customerId.js';
import { type ParsedAmount, parseAmount } from './amount.js';
import { DAYS_PER_UNIT, formatDay, type InstantDayReader, instantDayReader } from './calendar.js';
import type {
  CustomerIdsOfKeys,
  OutlierDates,
  RejectedRow,
  ReturnsAccount,
  SummaryResult,
} from './createSummarizer.js';
import { customerFigures } from './customerFigures.js';
import { CustomerKeys } from './customerKeys.js';
import { memoryRunCursor, mergeSortedRuns, type RunCursor, storedRunCursor } from './mergeSortedRuns.js';
import { OrderColumns } from './orderColumns.js';
import { distinctDays, type PlausibleDays, plausibleDays, plausibleDaysOfHistogram } from './outlierDays.js';
import { type OrderRows, sortByCustomerDay } from './sortByCustomerDay.js';
import type { ResolvedSummarizeOptions } from './summarizeOptions.js';
import { summaryResult } from './summaryResult.js';
import { TEN_THOUSANDTH } from './tenThousandths.js';

const MAX_LISTED_REJECTS = 1000;
/** Rows per block when a spilling summarizer reads its runs back (16 bytes each), at most. */
const MAX_BLOCK_ROWS = 65536;
/** The reason of a row dropped by `returns: 'exclude'`. */
export const RETURN_REASON = 'return';
/** The reason of a row dropped as an isolated outlier date (`outlierDates: 'reject'`). */
export const OUTLIER_REASON = 'outlier date';

/**
 * The reading behind every summarizer entry (`createSummarizer`, `summarizeTransactions`,
 * `summarizeColumns`): each row is checked — customer id, day, observation end, amount, returns rule — and
 * either kept in compact columns (`OrderColumns`, ids interned by `CustomerKeys`) or counted as rejected
 * with its index and reason; `finish` sorts the columns by (customer, day) (`sortByCustomerDay`), reads
 * every customer's figures in one pass (`customerFigures`) and builds the result (`summaryResult`).
 * Memory: 16 bytes per kept row while reading (up to 32 while a column doubles), plus the in-place sort's
 * scratch (16 bytes per row of its largest bucket) and 4 per row for the occasions, then the per-customer figures (about 80 bytes per
 * customer, 4 per purchase occasion) once the rows are let go.
 *
 * With `spill` (a log larger than memory): whenever ⌊memoryBudget / 36⌋ rows are held they are sorted and
 * written to the store as a run (`SortedRunStore`; 36 bytes per held row: columns, the sort's scratch at most, the
 * days in log order) and the columns reused; `finish` merges the runs and the rows still held
 * (`mergeSortedRuns`: a k-way merge, reading each run in blocks of at most 64 Ki rows so that the
 * blocks stay within the budget) into the same one pass. The outlier-date rule reads a day histogram added up
 * run by run; its dropped rows are named from the runs' days in log order, so the result — every figure, the
 * account, the rejections — is that of the path without a store.
 */
export class OrderLogReader {
  private readonly o: ResolvedSummarizeOptions;
  private readonly log: OrderColumns;
  private readonly keys = new CustomerKeys();
  private readonly rejected: RejectedRow[] = [];
  private rowsRead = 0;
  private badRows = 0;
  private returnRows = 0;
  private returnValue = new Decimal(0);
  private excludedUnits = 0;
  private latestRejection: RejectedRow | undefined;
  /** The indices of the rows not kept, increasing (to name a kept row dropped later by its index). */
  private readonly skipped: number[] = [];
  /** The rows dropped as isolated outlier dates (`plausibleDays`), with the range kept. */
  private outliers: OutlierDates | undefined;
  private readonly endDay: number;
  private readonly signed: boolean;
  /** Whether the isolated-outlier-date rule applies (no observationEnd, outlierDates 'reject'). */
  private readonly outlierRule: boolean;
  /** Rows held at most before they go to the spill store as a run (+∞ without one). */
  private readonly runRows: number;
  /** The runs written, in log order. */
  private readonly runs: { readonly handle: number; readonly length: number }[] = [];
  private spilledRows = 0;
  private spilledMaxDay = -2147483648;
  /** With the outlier rule: the rows of the written runs by day. */
  private readonly spilledDays = new Map<number, number>();
  /** The calendar day of an instant in the options' time zone (`Date`s, timestamps with a zone). */
  readonly instantDay: InstantDayReader;

  constructor(options: ResolvedSummarizeOptions, capacity = 1024) {
    this.o = options;
    this.runRows = options.spill?.runRows ?? Number.POSITIVE_INFINITY;
    this.log = new OrderColumns(capacity, this.runRows);
    this.endDay = options.observationEnd ?? Number.POSITIVE_INFINITY;
    this.signed = options.returns !== 'reject';
    this.outlierRule = options.observationEnd === undefined && options.outlierDates === 'reject';
    // The zone was validated with the options, so a reader exists.
    this.instantDay = instantDayReader(options.timeZone) as InstantDayReader;
  }

  /** The index the next row gets (rows read so far). */
  nextIndex(): number {
    return this.rowsRead++;
  }

  get lastRejection(): RejectedRow | undefined {
    return this.latestRejection;
  }

  /** Counts row `index` as rejected: `transactions[index].field: expected …, received …`. */
  reject(index: number, field: string, expected: string, value: unknown, reason?: string): false {
    this.skipped.push(index);
    return this.record(index, field, expected, value, reason);
  }

  private record(index: number, field: string, expected: string, value: unknown, reason?: string): false {
    const issue = makeIssue(
      field === '' ? `transactions[${index}]` : `transactions[${index}].${field}`,
      expected,
      value,
      index,
    );
    this.latestRejection = { index, reason: reason ?? issue.message, issue };
    if (reason === RETURN_REASON) return false;
    this.badRows++;
    if (this.rejected.length < MAX_LISTED_REJECTS) this.rejected.push(this.latestRejection);
    return false;
  }

  /**
   * Checks and keeps row `index`: customer `id`, `day` a whole day number, `rawDate` the date as given (for
   * messages). False when the row was rejected. Ids are interned in the order of their first accepted row.
   */
  accept(index: number, id: unknown, day: number, rawDate: unknown, rawAmount: unknown): boolean {
    // The common ids pass without a call; anything else is judged by the one customer-id rule.
    const plainId =
      typeof id === 'number' ? Number.isSafeInteger(id) : typeof id === 'string' && id.length > 0;
    if (!plainId && customerIdRule.convert(id) === undefined)
      return this.reject(index, 'customerId', customerIdRule.expected, id);
    if (day > this.endDay)
      return this.reject(
        index,
        'date',
        `a date on or before observationEnd ${formatDay(this.endDay)}`,
        rawDate,
      );
    let amount: ParsedAmount | undefined;
    if (!(rawAmount === undefined || rawAmount === null || rawAmount === '')) {
      amount = parseAmount(rawAmount, this.signed);
      if (amount === undefined) return this.reject(index, 'amount', 'an amount of 0 or more', rawAmount);
      const negative = typeof amount === 'number' ? amount < 0 : amount.isNegative();
      if (negative) {
        this.returnRows++;
        if (this.o.returns === 'exclude') {
          if (typeof amount === 'number' && this.excludedUnits - amount < 2 ** 53)
            this.excludedUnits -= amount;
          else
            this.returnValue = this.returnValue.sub(
              typeof amount === 'number' ? new Decimal(amount).mul(TEN_THOUSANDTH) : amount,
            );
          return this.reject(
            index,
            'amount',
            'an amount of 0 or more (returns: exclude)',
            rawAmount,
            RETURN_REASON,
          );
        }
      }
    }
    this.log.push(this.keys.keyOf(id as string | number), day, amount);
    if (this.log.length === this.runRows) this.writeRun();
    return true;
  }

  /**
   * Keeps the next row without the checks of `accept`, for a caller that made them already (the common case
   * of typed columns): `id` a valid customer id, `day` a whole day number on or before the observation end,
   * `units` a whole number of ten-thousandths in [0, 2^53).
   */
  keepChecked(id: number, day: number, units: number): void {
    this.rowsRead++;
    this.log.push(this.keys.keyOf(id), day, units);
    if (this.log.length === this.runRows) this.writeRun();
  }

  /** Sorts the rows held, writes them to the spill store as a run and lets them go (the store disposed on failure). */
  private writeRun(): void {
    const log = this.log;
    const n = log.length;
    const store = (this.o.spill as NonNullable<ResolvedSummarizeOptions['spill']>).store;
    try {
      let logDays: Int32Array | undefined;
      if (this.outlierRule) {
        const { values, counts } = distinctDays(log.day, n, log.minDay, log.maxDay);
        const byDay = this.spilledDays;
        for (let k = 0; k < values.length; k++) {
          const d = values[k] as number;
          byDay.set(d, (byDay.get(d) ?? 0) + (counts[k] as number));
        }
        logDays = log.day.slice(0, n);
      }
      const rows = sortByCustomerDay(log, n, log.maxKey, log.minDay, log.maxDay);
      this.runs.push({ handle: store.write({ rows, logDays }), length: n });
    } catch (e) {
      store.dispose();
      throw e;
    }
    this.spilledRows += n;
    if (log.maxDay > this.spilledMaxDay) this.spilledMaxDay = log.maxDay;
    log.clearRows();
  }

  /** The observation end as a day number (+∞ when none is given). */
  get observationEnd(): number {
    return this.endDay;
  }

  /**
   * Summarizes the kept rows; the reader's columns are sorted in place, so nothing may be added afterwards.
   * With `labels`, the ids given were keys into it (`FinishOptions.customerIds`; `labelsChecked`: the caller
   * checked each already). Throws the bad rows unless `onBadRow` is 'collect'.
   */
  finish(labels?: CustomerIdsOfKeys, labelsChecked = false): SummaryResult {
    try {
      return this.summarize(labels, labelsChecked);
    } finally {
      this.o.spill?.store.dispose();
    }
  }

  private summarize(labels: CustomerIdsOfKeys | undefined, labelsChecked: boolean): SummaryResult {
    const o = this.o;
    const accepted = this.log.length + this.spilledRows;
    const kept = this.outlierRule ? this.dropOutlierDays() : undefined;
    if (this.badRows > 0 && o.onBadRow === 'throw') {
      const issues = this.rejected.map((r) => r.issue);
      const unlisted = this.badRows - this.rejected.length;
      if (unlisted > 0)
        issues.push(makeIssue('transactions', `no more bad rows (${unlisted} more not listed)`, 'more'));
      throw new ClvValidationError('summarizeTransactions', issues);
    }
    const log = this.log;
    const held = log.length;
    const spilled = this.runs.length > 0;
    // The rows kept, and the last day among them (the outlier days of the runs are dropped by the merge).
    const n = accepted - (this.outliers?.rows.length ?? 0);
    const maxDay =
      kept !== undefined ? kept.to : Math.max(held > 0 ? log.maxDay : -2147483648, this.spilledMaxDay);
    const end = o.observationEnd ?? (n > 0 ? maxDay : 0);
    const split = o.calibrationEnd !== undefined;
    const windowEnd = split ? (o.calibrationEnd as number) : end;
    const interned = this.keys.labels;
    const ids = (key: number) => interned[key] as string | number;
    const idOfKey =
      labels === undefined
        ? ids
        : (key: number) => {
            const given = ids(key);
            const id =
              typeof given !== 'number'
                ? undefined
                : typeof labels === 'function'
                  ? labels(given)
                  : labels[given];
            if (id === undefined || (!labelsChecked && customerIdRule.convert(id) === undefined))
              throw new ClvValidationError('finish', [
                makeIssue(
                  `customerIds[${String(given)}]`,
                  `the id of the customer added with key ${String(given)}`,
                  id,
                ),
              ]);
            return id;
          };
    const figures = customerFigures(this.sortedRows(spilled, kept), log.decimals, {
      granularity: o.granularity,
      split,
      calibrationEnd: split ? windowEnd : Number.POSITIVE_INFINITY,
      windowEnd,
      unit: DAYS_PER_UNIT[o.timeUnit],
      customers: this.keys.size,
      occasions: o.cohorts ? Math.min(n, this.runRows) : 0,
      keepOccasions: o.cohorts,
    });
    log.release();
    let returns: ReturnsAccount | undefined;
    if (o.returns === 'net')
      returns = {
        mode: 'net',
        rows: this.returnRows,
        value: figures.returnedValue,
        unmatchedValue: figures.unmatchedReturnValue,
        customersWithoutPurchase: figures.customersWithoutPurchase,
      };
    else if (o.returns === 'exclude')
      returns = {
        mode: 'exclude',
        rows: this.returnRows,
        value: this.returnValue.add(new Decimal(this.excludedUnits).mul(TEN_THOUSANDTH)),
        unmatchedValue: new Decimal(0),
        customersWithoutPurchase: 0,
      };
    const result = summaryResult({
      figures,
      granularity: o.granularity,
      timeUnit: o.timeUnit,
      split,
      end,
      windowEnd,
      unit: DAYS_PER_UNIT[o.timeUnit],
      idOf: idOfKey,
      cohorts: o.cohorts,
      rowsRead: this.rowsRead,
      rowsRejected: this.badRows + (o.returns === 'exclude' ? this.returnRows : 0),
      rejected: this.rejected,
      returns,
    });
    return this.outliers === undefined ? result : Object.assign(result, { outlierDates: this.outliers });
  }

  /** The rows held, sorted in place by (customer, day), merged with the runs written when there are some. */
  private sortedRows(spilled: boolean, kept: PlausibleDays | undefined): Iterable<OrderRows> {
    const log = this.log;
    const held = log.length;
    const sorted = sortByCustomerDay(
      log,
      held,
      log.maxKey,
      held > 0 ? log.minDay : 0,
      held > 0 ? log.maxDay : 0,
    );
    return spilled ? this.mergedRuns(sorted, kept) : [sorted];
  }

  /**
   * The runs written and the rows still held (`sortedHeld`), merged by (customer, day) in blocks of whole
   * customers, without the outlier days (outside `kept`).
   */
  private mergedRuns(sortedHeld: OrderRows, kept: PlausibleDays | undefined): Iterable<OrderRows> {
    const store = (this.o.spill as NonNullable<ResolvedSummarizeOptions['spill']>).store;
    const blockRows = this.blockRows();
    const runs: RunCursor[] = this.runs.map((r) => storedRunCursor(store, r.handle, blockRows));
    runs.push(memoryRunCursor(sortedHeld));
    return mergeSortedRuns(
      runs,
      blockRows,
      kept?.from ?? Number.NEGATIVE_INFINITY,
      kept?.to ?? Number.POSITIVE_INFINITY,
    );
  }

  /**
   * Rows per block when runs are read back. While merging, the rows still held take 32 bytes each at most (their
   * columns and the sort's scratch), so the blocks — one per run and the merged one, 16 bytes a row — share
   * the budget's other 4 bytes per row: at most 36 per row of a run in all, as while reading.
   */
  private blockRows(): number {
    return Math.max(1, Math.min(MAX_BLOCK_ROWS, Math.floor(this.runRows / 4 / (this.runs.length + 2))));
  }

  /**
   * Drops the rows whose day is an isolated outlier (`plausibleDays`, over the day histogram of the runs
   * written and the rows held), each counted as a bad row naming its index, in log order: the runs' rows by
   * their days in log order (read back only when some day is an outlier; the merge leaves them out), then the
   * rows held, compacted in place before the sort. Returns the range kept (undefined: every day kept).
   */
  private dropOutlierDays(): PlausibleDays | undefined {
    const log = this.log;
    const n = log.length;
    const kept =
      this.runs.length === 0
        ? plausibleDays(log.day, n, log.minDay, log.maxDay)
        : this.spilledPlausibleDays();
    if (kept === undefined) return undefined;
    const skipped = this.skipped;
    const rows: RejectedRow[] = [];
    const expected = `a date within ${kept.gap} days of the rest of the log (${formatDay(kept.from)} … ${formatDay(kept.to)}); an isolated outlier date (give observationEnd, or outlierDates 'keep', to read it)`;
    let s = 0;
    /** Records kept row j (the j-th row not skipped) as an outlier. */
    const drop = (j: number, day: number): void => {
      // Its index is j plus the skipped indices before it.
      while (s < skipped.length && (skipped[s] as number) <= j + s) s++;
      this.record(j + s, 'date', expected, formatDay(day), OUTLIER_REASON);
      rows.push(this.latestRejection as RejectedRow);
    };
    let base = 0;
    if (this.runs.length > 0) {
      const store = (this.o.spill as NonNullable<ResolvedSummarizeOptions['spill']>).store;
      const days = new Int32Array(this.blockRows());
      for (const run of this.runs) {
        for (let from = 0; from < run.length; ) {
          const got = store.readLogDays(run.handle, from, days);
          if (got === 0) break;
          for (let p = 0; p < got; p++) {
            const day = days[p] as number;
            if (day < kept.from || day > kept.to) drop(base + from + p, day);
          }
          from += got;
        }
        base += run.length;
      }
    }
    let w = 0;
    let minDay = 2147483647;
    let maxDay = -2147483648;
    for (let j = 0; j < n; j++) {
      const day = log.day[j] as number;
      if (day >= kept.from && day <= kept.to) {
        if (w !== j) {
          log.customer[w] = log.customer[j] as number;
          log.day[w] = day;
          log.units[w] = log.units[j] as number;
        }
        if (day < minDay) minDay = day;
        if (day > maxDay) maxDay = day;
        w++;
        continue;
      }
      drop(base + j, day);
    }
    log.length = w;
    log.minDay = minDay;
    log.maxDay = maxDay;
    this.outliers = { from: formatDay(kept.from), to: formatDay(kept.to), gapDays: kept.gap, rows };
    return kept;
  }

  /** The outlier rule over the day histogram of the runs written and the rows held. */
  private spilledPlausibleDays(): PlausibleDays | undefined {
    const log = this.log;
    const byDay = new Map(this.spilledDays);
    if (log.length > 0) {
      const { values, counts } = distinctDays(log.day, log.length, log.minDay, log.maxDay);
      for (let k = 0; k < values.length; k++) {
        const d = values[k] as number;
        byDay.set(d, (byDay.get(d) ?? 0) + (counts[k] as number));
      }
    }
    const values = [...byDay.keys()].sort((a, b) => a - b);
    return plausibleDaysOfHistogram(
      values,
      values.map((d) => byDay.get(d) as number),
    );
  }
}
