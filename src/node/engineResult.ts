import { Decimal } from '../money.js';
import type { SummaryQuery } from '../sql/summarySql.js';
import { formatDay, parseDay } from '../transactions/calendar.js';
import type { CustomerSummary, SummaryColumns } from '../transactions/createSummarizer.js';
import type { EngineAccount } from './engineAccount.js';

/** A value as an engine driver returns it: number, bigint, string, or an object with an exact `toString` (decimals, dates). */
export type EngineValue = unknown;

/** The per-customer summary an engine computed: the same rows and Float64Array columns as `summarizeTransactions`. */
export interface EngineSummaryResult {
  readonly customers: CustomerSummary[];
  /** Customer i's row, built afresh on each call (as `SummaryResult.customerAt`). */
  customerAt(i: number): CustomerSummary;
  /** The calibration end (ISO) when the summary has holdout columns. */
  readonly calibrationEnd?: string;
  readonly columns: SummaryColumns;
  /** The query that ran (SQL and bound parameters). */
  readonly query: SummaryQuery;
  /** Every row read, used or rejected with its reason (DuckDB and PostgreSQL; see `summaryAccountSql`). */
  readonly account?: EngineAccount;
}

/** The grouped summary: distinct (frequency, recency, T) and how many customers share each — the fitters' weighted input. */
export interface EngineGroupedResult {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
  readonly weights: Float64Array;
  /** Σ weights: the number of customers. */
  readonly customers: number;
  readonly query: SummaryQuery;
  /** Every row read, used or rejected with its reason (DuckDB and PostgreSQL; see `summaryAccountSql`). */
  readonly account?: EngineAccount;
}

/** An engine's number (a JS number, a BIGINT as bigint, a NUMERIC or Int64 as text) as a float64. */
export function engineNumber(v: EngineValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return Number(String(v));
}

function text(v: EngineValue): string {
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
}

function id(v: EngineValue): string | number {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
  return typeof v === 'number' ? v : String(v);
}

function floats(column: readonly EngineValue[]): Float64Array {
  const out = new Float64Array(column.length);
  for (let i = 0; i < column.length; i++) out[i] = engineNumber(column[i]);
  return out;
}

/**
 * Builds the result of a per-customer query from its columns (in `query.columns` order): Float64Array
 * columns at once, row objects (with exact Decimal totals) when first asked for.
 *
 * @example engineSummary(query, columnsFromDriver).columns.frequency // Float64Array
 */
export function engineSummary(
  query: SummaryQuery,
  data: readonly (readonly EngineValue[])[],
  calibrationEnd?: string,
  account?: EngineAccount,
): EngineSummaryResult {
  const at = (name: string) => data[query.columns.indexOf(name)] ?? [];
  const customerId = at('customerId').map(id);
  const holdout = query.columns.includes('frequencyHoldout');
  const base = {
    customerId,
    frequency: floats(at('frequency')),
    recency: floats(at('recency')),
    T: floats(at('T')),
    monetaryValue: floats(at('monetaryValue')),
    timeUnit: query.timeUnit,
  };
  const columns: SummaryColumns = holdout
    ? {
        ...base,
        frequencyHoldout: floats(at('frequencyHoldout')),
        monetaryValueHoldout: floats(at('monetaryValueHoldout')),
      }
    : base;
  const first = at('firstPurchase');
  const last = at('lastPurchase');
  const since = at('daysSinceLastPurchase');
  const count = at('orderCount');
  const total = at('totalSpend');
  const duration = at('durationHoldout');
  const customerAt = (i: number): CustomerSummary => {
    const totalSpend = new Decimal(text(total[i]));
    const orderCount = engineNumber(count[i]);
    return {
      customerId: customerId[i] as string | number,
      frequency: base.frequency[i] as number,
      recency: base.recency[i] as number,
      T: base.T[i] as number,
      monetaryValue: base.monetaryValue[i] as number,
      firstPurchase: text(first[i]),
      lastPurchase: text(last[i]),
      daysSinceLastPurchase: engineNumber(since[i]),
      orderCount,
      totalSpend,
      averageOrderValue: totalSpend.div(orderCount),
      ...(holdout
        ? {
            frequencyHoldout: columns.frequencyHoldout?.[i] as number,
            monetaryValueHoldout: columns.monetaryValueHoldout?.[i] as number,
            durationHoldout: engineNumber(duration[i]),
          }
        : {}),
    };
  };
  let rows: CustomerSummary[] | undefined;
  return {
    get customers() {
      rows ??= customerId.map((_, i) => customerAt(i));
      return rows;
    },
    customerAt,
    columns,
    query,
    ...(calibrationEnd === undefined ? {} : { calibrationEnd }),
    ...(account === undefined ? {} : { account }),
  };
}

/**
 * Builds the grouped result (frequency, recency, T, count) as the fitters' columns with weights.
 *
 * @example fitBetaGeo(engineGrouped(query, data)) // weights = the counts
 */
export function engineGrouped(
  query: SummaryQuery,
  data: readonly (readonly EngineValue[])[],
  account?: EngineAccount,
): EngineGroupedResult {
  const weights = floats(data[3] ?? []);
  let customers = 0;
  for (const w of weights) customers += w;
  return {
    frequency: floats(data[0] ?? []),
    recency: floats(data[1] ?? []),
    T: floats(data[2] ?? []),
    weights,
    customers,
    query,
    ...(account === undefined ? {} : { account }),
  };
}

/**
 * The ISO calibration end of runner options (validated later by `summarySql`), or undefined.
 *
 * @example calibrationEndOf({ calibrationEnd: '1997-09-30' }) === '1997-09-30'
 */
export function calibrationEndOf(options: {
  readonly calibrationEnd?: string | Date | undefined;
}): string | undefined {
  const day = options.calibrationEnd === undefined ? undefined : parseDay(options.calibrationEnd);
  return day === undefined ? undefined : formatDay(day);
}
