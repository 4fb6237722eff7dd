import { ClvError } from '../errors.js';
import { customerIdRule } from '../schemas/customerId.js';
import { type RejectReason, type SummaryQuery, summaryAccountSql } from '../sql/summarySql.js';
import type { SummarySqlOptions } from '../sql/summarySqlOptions.js';
import { blankFieldReason } from '../transactions/blankFieldReason.js';
import { formatDay, parseDay } from '../transactions/calendar.js';
import { type KeptDateRange, outlierDateReason } from '../transactions/outlierDays.js';
import { type EngineValue, engineNumber } from './engineResult.js';

/** The kinds of the in-process reader's account (`read N rows: …`) that engine rejections count under. */
export type EngineRejectKind = 'date' | 'implausible date' | 'amount' | 'customer id' | 'outlier date';

/** The first row an engine rejected, named as the in-process reader names a rejected line. */
export interface EngineRejection {
  readonly reason: RejectReason;
  readonly kind: EngineRejectKind;
  /** A file's row number (1-based, in file order, the header not counted); undefined for a table. */
  readonly row?: number;
  /** `column amount: expected an amount of 0 or more, received '-3'` (the in-process reader's words). */
  readonly message: string;
}

/** Every row an engine read, used or rejected (read = used + rejected), with the count per kind. */
export interface EngineAccount {
  readonly rowsRead: number;
  readonly rowsUsed: number;
  readonly rowsRejected: number;
  /** Rejected rows by kind; they sum to `rowsRejected`. */
  readonly rejectedBy: Readonly<Partial<Record<EngineRejectKind, number>>>;
  /** The first rejected row, when any was (an outlier date only when no row was rejected for another reason). */
  readonly firstRejection?: EngineRejection;
  /**
   * Present when rows were rejected as isolated outlier dates (`keptDays`, see `EngineOutlierOption`): the range
   * kept and the gap, as the in-process result's `outlierDates` gives them; the rows are counted under 'outlier date'.
   */
  readonly outlierDates?: KeptDateRange;
}

const KIND: Readonly<Record<RejectReason, EngineRejectKind>> = {
  date: 'date',
  'early date': 'implausible date',
  'late date': 'implausible date',
  'blank amount': 'amount',
  'customer id': 'customer id',
  amount: 'amount',
  decimals: 'amount',
  'outlier date': 'outlier date',
};

const KIND_ORDER: readonly EngineRejectKind[] = [
  'date',
  'implausible date',
  'amount',
  'customer id',
  'outlier date',
];

/** The kept range of `keptDays` as a summary reports it (ISO dates, the gap in days). */
function keptRange(kept: NonNullable<SummarySqlOptions['keptDays']>): KeptDateRange {
  return { from: formatDay(kept.from), to: formatDay(kept.to), gapDays: kept.gap };
}

/**
 * The reason of a rejected row in the in-process reader's words, naming the log's column and the received text.
 *
 * @example rejectionMessage('amount', { amount: '-3' }, {}) === "column amount: expected an amount of 0 or more, received '-3'"
 */
export function rejectionMessage(
  reason: RejectReason,
  fields: {
    readonly customerId?: string | null;
    readonly date?: string | null;
    readonly amount?: string | null;
  },
  options: Pick<SummarySqlOptions, 'columns' | 'observationEnd' | 'keptDays'>,
): string {
  const names = {
    customerId: options.columns?.customerId ?? 'customer_id',
    date: options.columns?.date ?? 'date',
    amount: options.columns?.amount ?? 'amount',
  };
  // The received text trimmed, as the in-process reader trims every field.
  const got = (v: string | null | undefined) => `received '${(v ?? '').trim()}'`;
  const end = options.observationEnd === undefined ? undefined : parseDay(options.observationEnd);
  switch (reason) {
    case 'date':
      return `column ${names.date}: expected a date (yyyy-MM-dd), ${got(fields.date)}`;
    case 'early date':
      return `column ${names.date}: expected a date on or after 1900-01-01, ${got(fields.date)}`;
    case 'late date':
      return end === undefined
        ? `column ${names.date}: expected a date no later than today (${formatDay(parseDay(new Date()) as number)}; give observationEnd to read later dates), ${got(fields.date)}`
        : `column ${names.date}: expected a date on or before observationEnd ${formatDay(end)}, ${got(fields.date)}`;
    case 'blank amount':
      return blankFieldReason(names.amount, 'an amount');
    case 'customer id':
      return `column ${names.customerId}: expected ${customerIdRule.expected}, ${got(fields.customerId)}`;
    case 'outlier date':
      if (options.keptDays === undefined)
        throw new ClvError("rejectionMessage: an 'outlier date' rejection needs the options' keptDays");
      return outlierDateReason(names.date, keptRange(options.keptDays), (fields.date ?? '').trim());
    case 'decimals':
      return `column ${names.amount}: expected an amount with at most 10 decimals (the engine sums them exactly to 10 decimals; the in-process reader keeps every one), ${got(fields.amount)}`;
    default:
      return `column ${names.amount}: expected an amount of 0 or more, ${got(fields.amount)}`;
  }
}

/**
 * Builds the account from the columns of `summaryAccountSql`'s two queries (the first-rejection one only run
 * when a row was rejected).
 *
 * @example engineAccount([[null, 'amount'], [9n, 1n], [null, 3n]], undefined, {}).rowsRead === 10
 */
export function engineAccount(
  account: readonly (readonly EngineValue[])[],
  first: readonly (readonly EngineValue[])[] | undefined,
  options: Pick<SummarySqlOptions, 'columns' | 'observationEnd' | 'keptDays'>,
): EngineAccount {
  const [reasons = [], counts = []] = account;
  let rowsRead = 0;
  let rowsRejected = 0;
  const rejectedBy: Partial<Record<EngineRejectKind, number>> = {};
  reasons.forEach((reason, i) => {
    const n = engineNumber(counts[i]);
    rowsRead += n;
    if (reason === null || reason === undefined) return;
    const kind = KIND[String(reason) as RejectReason];
    rowsRejected += n;
    rejectedBy[kind] = (rejectedBy[kind] ?? 0) + n;
  });
  // Kinds in a fixed order (the reader's order of checks), so that kinds with equal counts print the same way on
  // every run, whatever order the engine grouped them in.
  const byKind: Partial<Record<EngineRejectKind, number>> = {};
  for (const kind of KIND_ORDER) if (rejectedBy[kind] !== undefined) byKind[kind] = rejectedBy[kind];
  const text = (column: number) => {
    const v = first?.[column]?.[0];
    return v === null || v === undefined ? null : String(v);
  };
  const reason = text(0) as RejectReason | null;
  const row = first?.[4]?.[0];
  const firstRejection: EngineRejection | undefined =
    reason === null
      ? undefined
      : {
          reason,
          kind: KIND[reason],
          ...(row === null || row === undefined || engineNumber(row) === 0 ? {} : { row: engineNumber(row) }),
          message: rejectionMessage(reason, { customerId: text(1), date: text(2), amount: text(3) }, options),
        };
  return {
    rowsRead,
    rowsUsed: rowsRead - rowsRejected,
    rowsRejected,
    rejectedBy: byKind,
    ...(firstRejection === undefined ? {} : { firstRejection }),
    ...(options.keptDays === undefined || byKind['outlier date'] === undefined
      ? {}
      : { outlierDates: keptRange(options.keptDays) }),
  };
}

/** Runs one query on an engine and returns its columns. */
export type EngineRun = (
  query: Pick<SummaryQuery, 'sql' | 'params' | 'columns'>,
) => Promise<readonly (readonly EngineValue[])[]>;

/**
 * The account of the rows a summary reads (`summaryAccountSql` with the summary's options), run with `run`;
 * the first rejected row is fetched only when a row was rejected.
 *
 * @example const account = await accountWith(run, { dialect: 'duckdb', file: { path: 'orders.csv', format: 'csv' } });
 */
export async function accountWith(run: EngineRun, options: SummarySqlOptions): Promise<EngineAccount> {
  const queries = summaryAccountSql(options);
  const counts = await run(queries.account);
  const rejected = (counts[0] ?? []).some((reason) => reason !== null && reason !== undefined);
  return engineAccount(counts, rejected ? await run(queries.firstRejection) : undefined, options);
}

/** One row an engine rejected, for a rejects file: its reason in the in-process reader's words and its fields. */
export interface EngineRejectedRow {
  readonly reason: RejectReason;
  readonly kind: EngineRejectKind;
  /** A file's row number (1-based, in file order, the header not counted); undefined for a table. */
  readonly row?: number;
  /** The in-process reader's words (see `rejectionMessage`). */
  readonly message: string;
  /** The fields as text, trimmed (NULL as null). */
  readonly customerId: string | null;
  readonly date: string | null;
  readonly amount: string | null;
}

/** A runner option: called with each page of the rejected rows, in order (see `rejectedRowsWith`). */
export interface EngineRejectsOption {
  /** Called once per page of rejected rows (at most `REJECTED_ROWS_PAGE`), in order, after the account is read. */
  readonly rejectedRows?: (rows: readonly EngineRejectedRow[]) => Promise<void> | void;
}

/** Rows per page of the rejected rows: what Node holds of them at a time. */
export const REJECTED_ROWS_PAGE = 10_000;

/**
 * Reads every rejected row (`summaryAccountSql(options).rejectedRows`) page by page, `pageSize` rows at a time,
 * and hands each page to `each` before the next is read, so memory holds one page whatever the number of
 * rejected rows: a file's rows in file order, a table's by customer id, date and amount.
 *
 * @example await rejectedRowsWith(run, { dialect: 'duckdb', file: { path: 'o.csv', format: 'csv' } }, (rows) => write(rows));
 */
export async function rejectedRowsWith(
  run: EngineRun,
  options: SummarySqlOptions,
  each: (rows: readonly EngineRejectedRow[]) => Promise<void> | void,
  pageSize = REJECTED_ROWS_PAGE,
): Promise<void> {
  const queries = summaryAccountSql(options);
  // The fields trimmed by the in-process reader's set (the engine keeps an amount's text as written).
  const text = (v: EngineValue) => (v === null || v === undefined ? null : String(v).trim());
  for (let offset = 0; ; offset += pageSize) {
    const [reasons = [], ids = [], dates = [], amounts = [], rows = []] = await run(
      queries.rejectedRows(offset, pageSize),
    );
    const page = reasons.map((r, i): EngineRejectedRow => {
      const reason = String(r) as RejectReason;
      const fields = { customerId: text(ids[i]), date: text(dates[i]), amount: text(amounts[i]) };
      const row = engineNumber(rows[i]);
      return {
        reason,
        kind: KIND[reason],
        ...(row > 0 ? { row } : {}),
        message: rejectionMessage(reason, fields, options),
        ...fields,
      };
    });
    if (page.length > 0) await each(page);
    if (page.length < pageSize) return;
  }
}
