import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import {
  type CustomerSummary,
  createSummarizer,
  dayFromCivil,
  formatDay,
  type SummarizeOptions,
  type SummaryResult,
  summarizeColumns,
  summarizeTransactions,
} from '../../src/transactions/index.js';
import { sortByCustomerDay } from '../../src/transactions/sortByCustomerDay.js';

const BASE = dayFromCivil(2023, 1, 1);

/** A customer row with every Decimal as its exact text, for exact comparison. */
const plain = (c: CustomerSummary) =>
  Object.fromEntries(Object.entries(c).map(([k, v]) => [k, typeof v === 'object' ? String(v) : v]));

/** Everything a summary says, keyed by customer (so two row orders compare equal when the figures do). */
function byCustomer(r: SummaryResult, period: SummarizeOptions['granularity'] = 'day') {
  return {
    customers: new Map(r.customers.map((c) => [c.customerId, plain(c)])),
    revenue: r.revenue.toString(),
    account: [r.rowsRead, r.rowsUsed, r.rowsRejected, r.customersLeftOut],
    cohorts: r.cohortRetention({ period: period as 'day' }),
    returns: r.returns && {
      ...r.returns,
      value: r.returns.value.toString(),
      unmatchedValue: r.returns.unmatchedValue.toString(),
    },
  };
}

const rowArb = (returns: boolean) =>
  fc.record({
    customerId: fc.oneof(fc.integer({ min: 1, max: 9 }), fc.constantFrom('a', 'b', 'C-1', '٣')),
    day: fc.integer({ min: 0, max: 500 }),
    amount: fc.oneof(
      fc.integer({ min: returns ? -5_000 : 0, max: 50_000 }).map((c) => (c / 100).toFixed(2)),
      fc.constantFrom('0.00001', '123456789012.3456', '7'),
    ),
  });

const optionsArb: fc.Arbitrary<SummarizeOptions> = fc.record({
  granularity: fc.constantFrom('day', 'week', 'month') as fc.Arbitrary<'day' | 'week' | 'month'>,
  timeUnit: fc.constantFrom('day', 'week') as fc.Arbitrary<'day' | 'week'>,
  observationEnd: fc.constant(formatDay(BASE + 500)),
  calibrationEnd: fc.option(
    fc.integer({ min: 0, max: 499 }).map((d) => formatDay(BASE + d)),
    { nil: undefined },
  ),
  returns: fc.constantFrom('net', 'exclude', 'reject') as fc.Arbitrary<'net' | 'exclude' | 'reject'>,
  onBadRow: fc.constant('collect' as const),
});

describe('the summary does not depend on row order', () => {
  it('any shuffle of a log gives the same figures, exact money, cohorts and account (property)', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb(true), { minLength: 1, maxLength: 80 }),
        optionsArb,
        fc.integer(),
        (rows, options, seed) => {
          const log = rows.map((r) => ({ ...r, date: formatDay(BASE + r.day) }));
          const sorted = [...log].sort((x, y) =>
            String(x.customerId) < String(y.customerId)
              ? -1
              : x.customerId === y.customerId
                ? x.day - y.day
                : 1,
          );
          const shuffled = [...log];
          let s = seed >>> 0;
          for (let i = shuffled.length - 1; i > 0; i--) {
            s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
            const j = s % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j] as (typeof log)[0], shuffled[i] as (typeof log)[0]];
          }
          const a = byCustomer(summarizeTransactions(sorted, options), options.granularity);
          const b = byCustomer(summarizeTransactions(shuffled, options), options.granularity);
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('summarizeColumns', () => {
  it('equals summarizeTransactions on the same rows: ids, keys with customerIds, typed amounts (property)', () => {
    fc.assert(
      fc.property(fc.array(rowArb(true), { maxLength: 80 }), optionsArb, (rows, options) => {
        const want = summarizeTransactions(
          rows.map((r) => ({ customerId: r.customerId, date: formatDay(BASE + r.day), amount: r.amount })),
          options,
        );
        const day = Int32Array.from(rows, (r) => BASE + r.day);
        const amount = rows.map((r) => r.amount);
        const direct = summarizeColumns({ customerKey: rows.map((r) => r.customerId), day, amount }, options);
        const labels = [...new Set(rows.map((r) => r.customerId))].reverse();
        const keyed = summarizeColumns(
          {
            customerKey: Uint32Array.from(rows, (r) => labels.indexOf(r.customerId)),
            customerIds: labels,
            day: [...day],
            amount,
          },
          options,
        );
        // Typed all through (the fast path of typed columns), against the same amounts as numbers.
        const numbers = rows.map((r) => Number(r.amount));
        const wantNumbers = summarizeTransactions(
          rows.map((r, i) => ({
            customerId: r.customerId,
            date: formatDay(BASE + r.day),
            amount: numbers[i],
          })),
          options,
        );
        const typed = summarizeColumns(
          {
            customerKey: Int32Array.from(rows, (r) => labels.indexOf(r.customerId)),
            customerIds: labels,
            day,
            amount: Float64Array.from(numbers),
          },
          options,
        );
        expect(typed.customers.map(plain)).toEqual(wantNumbers.customers.map(plain));
        expect(byCustomer(typed, options.granularity)).toEqual(byCustomer(wantNumbers, options.granularity));
        for (const got of [direct, keyed]) {
          expect(got.customers.map(plain)).toEqual(want.customers.map(plain));
          expect(got.columns).toEqual(want.columns);
          expect(byCustomer(got, options.granularity)).toEqual(byCustomer(want, options.granularity));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reads a Float64Array of amounts and integer ids in a typed array (no labels)', () => {
    const r = summarizeColumns(
      {
        customerKey: Int32Array.of(-7, 42, -7),
        day: Int32Array.of(BASE, BASE + 1, BASE + 14),
        amount: Float64Array.of(10.1, 5, 0.2),
      },
      { timeUnit: 'week' },
    );
    expect(r.columns.customerId).toEqual([-7, 42]);
    expect(r.customers[0]).toMatchObject({ frequency: 1, recency: 2, T: 2, monetaryValue: 0.2 });
    expect(r.customers[0]?.totalSpend.toString()).toBe('10.3');
  });

  it('names what is wrong: lengths, keys outside customerIds, days, bad ids', () => {
    const day = Int32Array.of(BASE, BASE);
    expect(() => summarizeColumns({ customerKey: ['a'], day })).toThrow(
      'day: expected as many elements as customerKey (1), received "2 elements"',
    );
    expect(() => summarizeColumns({ customerKey: 'ab' as never, day })).toThrow(ClvValidationError);
    expect(() => summarizeColumns({ customerKey: ['a', 'b'], day, customerIds: ['x', ''] })).toThrow(
      'customerIds[1]: expected a customer id (a non-empty string or an integer), received ""',
    );
    const r = summarizeColumns(
      { customerKey: Uint32Array.of(0, 3), customerIds: ['x'], day: [BASE, BASE + 0.5] },
      { onBadRow: 'collect' },
    );
    expect(r.rejected.map((x) => x.reason)).toEqual([
      'transactions[1].date: expected a whole day number, received 19358.5',
    ]);
    const s = summarizeColumns(
      { customerKey: Uint32Array.of(0, 3), customerIds: ['x'], day },
      { onBadRow: 'collect' },
    );
    expect(s.rejected.map((x) => x.reason)).toEqual([
      'transactions[1].customerId: expected a key in [0, 0] (an index into customerIds), received 3',
    ]);
    expect([s.rowsRead, s.rowsUsed, s.rowsRejected]).toEqual([2, 1, 1]);
  });
});

describe('Summarizer.addDays', () => {
  const plainCustomer = plain;
  /** Rows of typed columns: keys into 4 labels, days past the observation end too, amounts a return or with five decimals too. */
  const typedRowArb = fc.record({
    key: fc.integer({ min: 0, max: 3 }),
    day: fc.oneof(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 490, max: 520 })),
    amount: fc.oneof(
      fc.integer({ min: -5_000, max: 50_000 }).map((c) => c / 100),
      fc.constantFrom(0.00001, 1e15, 7, 0),
    ),
  });

  it('adds the same rows as addDay row by row, in any split into blocks, with every rejection in place (property)', () => {
    fc.assert(
      fc.property(
        fc.array(typedRowArb, { maxLength: 60 }),
        optionsArb,
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }),
        fc.boolean(),
        (rows, options, blocks, withAmounts) => {
          const labels = ['a', 'b', 7, 'd'];
          const keys = Int32Array.from(rows, (r) => r.key);
          const days = Int32Array.from(rows, (r) => BASE + r.day);
          const amounts = withAmounts ? Float64Array.from(rows, (r) => r.amount) : undefined;
          const oneByOne = createSummarizer(options);
          const added = rows.map((r, i) => oneByOne.addDay(r.key, days[i] as number, amounts?.[i]));
          const want = oneByOne.finish({ customerIds: labels });

          const inBlocks = createSummarizer(options);
          let plain = 0;
          for (let from = 0, b = 0; from < rows.length; b++) {
            const to = Math.min(rows.length, from + (blocks[b % blocks.length] as number));
            for (let at = from; at < to; ) {
              const stop = inBlocks.addDays(keys, days, amounts, at, to);
              // Every row it kept is one addDay keeps; the one it stopped at goes through addDay.
              for (let k = at; k < stop; k++) expect(added[k]).toBe(true);
              plain += stop - at;
              if (stop < to)
                expect(inBlocks.addDay(keys[stop] as number, days[stop] as number, amounts?.[stop])).toBe(
                  added[stop],
                );
              at = stop + 1;
            }
            from = to;
          }
          const got = inBlocks.finish({ customerIds: labels });
          expect(got.customers.map(plainCustomer)).toEqual(want.customers.map(plainCustomer));
          expect(got.columns).toEqual(want.columns);
          expect(got.rejected.map((r) => [r.index, r.reason])).toEqual(
            want.rejected.map((r) => [r.index, r.reason]),
          );
          expect(byCustomer(got, options.granularity)).toEqual(byCustomer(want, options.granularity));
          // The plain rows — a day on or before the end, an amount of 0 or more in ten-thousandths — were all kept at once.
          const plainRows = rows.filter(
            (r) =>
              r.day <= 500 && (!withAmounts || (r.amount >= 0 && r.amount < 1e15 && r.amount !== 0.00001)),
          ).length;
          expect(plain).toBe(plainRows);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('adds nothing after finish', () => {
    const s = createSummarizer();
    s.finish();
    expect(() => s.addDays(Int32Array.of(0), Int32Array.of(BASE), undefined, 0, 1)).toThrow(/after finish/);
  });
});

describe('sortByCustomerDay', () => {
  /** Sorts `rows` (customer, day) with units = log position, and checks the result against a comparison sort. */
  const checkSort = (rows: readonly (readonly [number, number])[]) => {
    const n = rows.length;
    const customer = Uint32Array.from(rows, (r) => r[0]);
    const day = Int32Array.from(rows, (r) => r[1]);
    const units = Float64Array.from(rows, (_, i) => i);
    const want = rows
      .map((r, i) => [r[0], r[1], i] as const)
      .sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
    const maxKey = Math.max(0, ...customer);
    const minDay = n > 0 ? Math.min(...day) : 0;
    const maxDay = n > 0 ? Math.max(...day) : 0;
    const got = sortByCustomerDay({ customer, day, units }, n, maxKey, minDay, maxDay);
    // In place: the result is the given columns.
    expect([got.customer.buffer, got.day.buffer, got.units.buffer]).toEqual([
      customer.buffer,
      day.buffer,
      units.buffer,
    ]);
    expect(got.customer.buffer).toBe(customer.buffer);
    expect([...got.customer]).toEqual(want.map((w) => w[0]));
    expect([...got.day]).toEqual(want.map((w) => w[1]));
    // Rows of one customer and day may come in any order, but each row stays whole: its position moved with it.
    const rowsOut = [...got.units].map((i, k) => [got.customer[k], got.day[k], i]);
    expect(rowsOut.sort((x, y) => (x[2] as number) - (y[2] as number))).toEqual(
      rows.map((r, i) => [r[0], r[1], i]),
    );
  };
  it('sorts by (customer, day) in place for any keys below 2^32 and any day range, rows kept whole (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
            fc.oneof(fc.integer({ min: -5, max: 5 }), fc.integer({ min: -1e8, max: 1e8 })),
          ),
          { maxLength: 200 },
        ),
        checkSort,
      ),
      { numRuns: 300 },
    );
  });
  it('sorts buckets past the insertion size, by the key bits below the top digit and by day (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 20 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 500, maxLength: 3000 }),
        (keys, days, draws) => checkSort(draws.map(([k, d]) => [k % keys, (d % days) - 1000] as const)),
      ),
      { numRuns: 60 },
    );
  });
  it('sorts a bucket holding most rows (one heavy customer among many)', () => {
    const rows = Array.from(
      { length: 5000 },
      (_, i) => [i % 3 === 0 ? 4097 : (i * 7919) % 9000, (i * 31) % 700] as const,
    );
    checkSort(rows);
  });
});

describe('createSummarizer(options, expectedRows)', () => {
  it('gives the same summary whatever room it starts with, and names a bad hint', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      id: i % 700,
      day: BASE + (i % 97),
      amount: (i % 13) + 0.25,
    }));
    const summarize = (room?: number) => {
      const s = createSummarizer({ timeUnit: 'week' }, room);
      for (const r of rows) s.addDay(r.id, r.day, r.amount);
      return s.finish();
    };
    const plainSummary = summarize();
    for (const room of [0, 10, 3000, 50_000]) {
      const got = summarize(room);
      expect(got.columns).toEqual(plainSummary.columns);
      expect(byCustomer(got)).toEqual(byCustomer(plainSummary));
    }
    for (const bad of [-1, 1.5, Number.NaN, '100']) {
      expect(() => createSummarizer({}, bad as number)).toThrow(ClvValidationError);
      expect(() => createSummarizer({}, bad as number)).toThrow(
        /expectedRows: expected a whole number of rows/,
      );
    }
  });
});
