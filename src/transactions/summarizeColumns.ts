import * as z from 'zod/mini';
import { ClvValidationError, makeIssue } from '../errors.js';
import { customerIdRule } from '../schemas/customerId.js';
import { guardedRead, parseInput } from '../schemas/parse.js';
import { isDayNumber } from './calendar.js';
import type { SummaryResult, Transaction } from './createSummarizer.js';
import { keepPlainRows } from './keepPlainRows.js';
import { OrderLogReader } from './orderLogReader.js';
import { resolveSummarizeOptions, type SummarizeOptions } from './summarizeOptions.js';

/** An order log held as arrays, element i of each being row i (see `summarizeColumns`). */
export interface OrderLogColumns {
  /**
   * The customer of each row: the ids themselves (strings or integers, also in a typed array), or — when
   * `customerIds` is given — integer keys into it.
   */
  readonly customerKey: Uint32Array | Int32Array | readonly (string | number)[];
  /** With integer keys: `customerIds[key]` is the customer's id. */
  readonly customerIds?: readonly (string | number)[];
  /** The day of each row as a day number (days since 1970-01-01; `dayFromCivil`, `parseDay` give them). */
  readonly day: Int32Array | readonly number[];
  /** The amount of each row (none: orders are counted, spend is 0); negative amounts are returns (see `returns`). */
  readonly amount?: Float64Array | readonly (number | string | NonNullable<Transaction['amount']>)[];
}

const isArrayOf =
  (...types: (new (...args: never[]) => unknown)[]) =>
  (v: unknown) =>
    Array.isArray(v) || types.some((t) => v instanceof t);

const OrderLogColumnsSchema = z.strictObject({
  customerKey: z.custom<OrderLogColumns['customerKey']>(isArrayOf(Uint32Array, Int32Array), {
    message: 'expected an array of customer ids, or a Uint32Array or Int32Array of keys',
  }),
  customerIds: z.optional(
    z.custom<readonly (string | number)[]>(Array.isArray, { message: 'expected an array of customer ids' }),
  ),
  day: z.custom<OrderLogColumns['day']>(isArrayOf(Int32Array), {
    message: 'expected an array or Int32Array of day numbers',
  }),
  amount: z.optional(
    z.custom<NonNullable<OrderLogColumns['amount']>>(isArrayOf(Float64Array), {
      message: 'expected an array or Float64Array of amounts',
    }),
  ),
});

/**
 * Summarizes an order log held in columns — the entry for callers who already hold arrays (a Parquet or
 * Arrow reader, a data frame, the CLI's interned ids) — with the same figures, rules, options and result
 * as `summarizeTransactions` (see `CustomerSummary`), customers in the order of their first accepted row.
 *
 * How: each row is checked and kept in compact columns — customer key (Uint32), day (Int32), amount in
 * whole ten-thousandths (float64): 16 bytes per row; then sorted by (customer, day) in place with a radix sort
 * (`sortByCustomerDay`; its scratch is 16 bytes per row of its largest bucket, a 512th of the rows when
 * customers are many) and read in one linear pass, customer after
 * customer (Σ over a customer's days; Fader, Hardie & Lee 2005 for frequency, recency and T; 4 bytes per
 * row for the purchase occasions). So time is O(n) whatever order the rows come in, and the peak is about
 * 20 bytes per row besides the input, falling to the per-customer figures (about 80 bytes per customer, 4
 * per purchase occasion) at the end. Customers get dense keys in the order of their first accepted row:
 * integer keys (`customerIds` indexes, whole-number ids) through a directory array, string ids through a Map.
 *
 * @example
 * summarizeColumns({
 *   customerKey: Uint32Array.of(0, 1, 0),
 *   customerIds: ['alice', 'bob'],
 *   day: Int32Array.of(19_723, 19_724, 19_737), // 2024-01-01, 01-02, 01-15
 *   amount: Float64Array.of(10, 5, 30),
 * }, { timeUnit: 'day' }).customers[0]
 * // → { customerId: 'alice', frequency: 1, recency: 14, T: 14, monetaryValue: 30, totalSpend: 40, … }
 */
export function summarizeColumns(columns: OrderLogColumns, options: SummarizeOptions = {}): SummaryResult {
  return guardedRead('summarizeColumns', 'columns', () => summarizeColumnsChecked(columns, options));
}

function summarizeColumnsChecked(input: OrderLogColumns, options: SummarizeOptions): SummaryResult {
  const where = 'summarizeColumns';
  const o = resolveSummarizeOptions(options, where);
  const columns = parseInput(OrderLogColumnsSchema, input, where);
  const { customerKey, customerIds, day, amount } = columns;
  const n = customerKey.length;
  const lengths = [
    ['day', day.length],
    ['amount', amount?.length ?? n],
  ] as const;
  for (const [name, length] of lengths)
    if (length !== n)
      throw new ClvValidationError(where, [
        makeIssue(name, `as many elements as customerKey (${n})`, `${length} elements`),
      ]);
  if (customerIds !== undefined) {
    // Each id by the one customer-id rule, in a loop (a million labels through zod would copy them).
    for (let k = 0; k < customerIds.length; k++)
      if (customerIdRule.convert(customerIds[k]) === undefined)
        throw new ClvValidationError(where, [
          makeIssue(`customerIds[${k}]`, customerIdRule.expected, customerIds[k], k),
        ]);
  }
  const reader = new OrderLogReader(o, n);
  const typed = !Array.isArray(customerKey);
  const labels = customerIds?.length ?? 0;

  /** Row i through every check (`OrderLogReader.accept`). */
  const checkRow = (i: number): void => {
    const index = reader.nextIndex();
    const d = day[i] as number;
    const id = customerKey[i] as string | number;
    if (!isDayNumber(d)) {
      if (!typed && customerIdRule.convert(id) === undefined)
        reader.reject(index, 'customerId', customerIdRule.expected, id);
      else reader.reject(index, 'date', 'a whole day number', d);
    } else if (
      customerIds !== undefined &&
      !(Number.isInteger(id) && (id as number) >= 0 && (id as number) < labels)
    )
      reader.reject(index, 'customerId', `a key in [0, ${labels - 1}] (an index into customerIds)`, id);
    else reader.accept(index, id, d, d, amount?.[i]);
  };

  if (typed && customerIds !== undefined && (amount === undefined || amount instanceof Float64Array)) {
    // Typed columns: the plain rows are kept at once; any other goes through every check.
    const keys = customerKey as Uint32Array | Int32Array;
    for (let i = 0; i < n; ) {
      i = keepPlainRows(reader, keys, day, amount, i, n, labels);
      if (i < n) checkRow(i++);
    }
  } else for (let i = 0; i < n; i++) checkRow(i);
  return reader.finish(customerIds, true);
}
