import fc from 'fast-check';
import { expect } from 'vitest';
import { Decimal } from '../../src/money.js';
import {
  createSummarizer,
  formatDay,
  type Granularity,
  type OrderRows,
  type SortedRunStore,
  type SummarizeOptions,
  type SummaryResult,
} from '../../src/transactions/index.js';

/** A `SortedRunStore` keeping copies of its runs in memory, counting what it was asked. */
export function memoryRunStore(): SortedRunStore & { runs: number; rows: number; disposed: number } {
  const kept: { rows: OrderRows; logDays: Int32Array | undefined }[] = [];
  const store = {
    runs: 0,
    rows: 0,
    disposed: 0,
    write(run: { rows: OrderRows; logDays?: Int32Array }) {
      store.runs++;
      store.rows += run.rows.customer.length;
      kept.push({
        rows: {
          customer: run.rows.customer.slice(),
          day: run.rows.day.slice(),
          units: run.rows.units.slice(),
        },
        logDays: run.logDays?.slice(),
      });
      return kept.length - 1;
    },
    read(handle: number, from: number, into: OrderRows) {
      const r = (kept[handle] as { rows: OrderRows }).rows;
      const n = Math.max(0, Math.min(into.customer.length, r.customer.length - from));
      into.customer.set(r.customer.subarray(from, from + n));
      into.day.set(r.day.subarray(from, from + n));
      into.units.set(r.units.subarray(from, from + n));
      return n;
    },
    readLogDays(handle: number, from: number, into: Int32Array) {
      const d = (kept[handle] as { logDays: Int32Array | undefined }).logDays ?? new Int32Array(0);
      const n = Math.max(0, Math.min(into.length, d.length - from));
      into.set(d.subarray(from, from + n));
      return n;
    },
    dispose() {
      store.disposed++;
      kept.length = 0;
    },
  };
  return store;
}

/** One generated row: a customer, a day (or a bad date), an amount (or none). */
export interface LogRow {
  readonly customerId: string | number;
  readonly date: string;
  readonly amount: string | number | undefined;
}

const amountArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 50_000 }).map((c) => c / 100) },
  { weight: 2, arbitrary: fc.integer({ min: -20_000, max: -1 }).map((c) => (c / 100).toFixed(2)) },
  { weight: 1, arbitrary: fc.constantFrom('0.00001', '123456789012.3456', '-0.123456', '7', '') },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant('abc') },
);

const rowArb: fc.Arbitrary<LogRow> = fc.record({
  customerId: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom('a', 'b', 'c', '')),
  date: fc.oneof(
    { weight: 30, arbitrary: fc.integer({ min: 10_000, max: 10_400 }).map(formatDay) },
    // Isolated outlier dates, and a date that is none.
    { weight: 1, arbitrary: fc.constantFrom(formatDay(40_000), formatDay(-5_000), 'not a date') },
  ),
  amount: amountArb,
});

/** Random logs in random order: returns, Decimals, outlier dates, bad rows. */
export const logArb = fc.array(rowArb, { minLength: 0, maxLength: 160, size: 'max' });

/** Random summarizer options (bad rows collected, so that the account can be compared). */
export const optionsArb: fc.Arbitrary<SummarizeOptions> = fc.record(
  {
    onBadRow: fc.constant('collect' as const),
    returns: fc.constantFrom('net', 'exclude', 'reject') as fc.Arbitrary<'net' | 'exclude' | 'reject'>,
    granularity: fc.constantFrom('day', 'week', 'month') as fc.Arbitrary<'day' | 'week' | 'month'>,
    timeUnit: fc.constantFrom('day', 'week') as fc.Arbitrary<'day' | 'week'>,
    calibrationEnd: fc.integer({ min: 10_000, max: 10_399 }).map(formatDay),
    outlierDates: fc.constantFrom('reject', 'keep') as fc.Arbitrary<'reject' | 'keep'>,
  },
  { requiredKeys: ['onBadRow'] },
);

/** Every figure of a result as plain data: Decimals as text, typed arrays as arrays, cohorts included. */
export function everything(result: SummaryResult, granularity: Granularity = 'day'): unknown {
  const plain = (v: unknown): unknown => {
    if (v instanceof Decimal) return `D${v.toString()}`;
    if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
    if (Array.isArray(v)) return v.map(plain);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    return v;
  };
  const n = result.columns.customerId.length;
  return plain({
    customers: result.customers,
    columns: result.columns,
    rfmColumns: result.rfmColumns,
    revenue: result.revenue,
    spendText: Array.from({ length: n }, (_, i) => result.totalSpendTextAt(i)),
    aovText: Array.from({ length: n }, (_, i) => result.averageOrderValueTextAt(i, 4)),
    cohorts: result.cohortRetention({ period: granularity === 'week' ? 'week' : 'quarter' }),
    rowsRead: result.rowsRead,
    rowsUsed: result.rowsUsed,
    rowsRejected: result.rowsRejected,
    customersLeftOut: result.customersLeftOut,
    rejected: result.rejected,
    returns: result.returns,
    returnRate: result.returnRate,
    observationEnd: result.observationEnd,
    calibrationEnd: result.calibrationEnd,
    outlierDates: result.outlierDates,
  });
}

/** The summary of `rows` with `options`, its error instead when it throws. */
export function summaryOf(rows: readonly LogRow[], options: SummarizeOptions): unknown {
  try {
    const s = createSummarizer(options);
    for (const r of rows) s.add(r);
    return everything(s.finish(), options.granularity as Granularity | undefined);
  } catch (e) {
    return { error: String(e) };
  }
}

/** Asserts that summarizing with `store` and runs of `runRows` rows equals the summary held in memory. */
export function expectSameWithSpill(
  rows: readonly LogRow[],
  options: SummarizeOptions,
  store: SortedRunStore,
  runRows: number,
): void {
  const spilled = summaryOf(rows, { ...options, spill: { store, memoryBudget: runRows * 36 } });
  expect(spilled).toEqual(summaryOf(rows, options));
}
