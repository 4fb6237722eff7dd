import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { Decimal } from '../../src/money.js';
import { dayFromCivil, formatDay, summarizeTransactions } from '../../src/transactions/index.js';
import { netReturns } from '../../src/transactions/netReturns.js';

const D = (x: number | string) => new Decimal(x);

/**
 * A: bought 100 on Jan 1; on Jan 5 bought 30 and returned 40 (the day nets to −10, taken from Jan 1);
 *    returned 50 on Jan 9 (no purchase that day: taken from Jan 1, which keeps 40); bought 25 on Jan 20.
 * B: returned 20 on Jan 3 before buying anything (unmatched); bought 50 on Jan 10 and 10 on Jan 12;
 *    returned 70 on Jan 15: 10 from Jan 12, 50 from Jan 10, 10 unmatched — nothing left, no occasion.
 * C: no returns; a 0 order on Jan 2 and 10 on Jan 4 (a 0 order untouched by returns is still an occasion).
 */
const LOG = [
  { customerId: 'A', date: '2024-01-01', amount: 100 },
  { customerId: 'B', date: '2024-01-03', amount: -20 },
  { customerId: 'A', date: '2024-01-05', amount: '30' },
  { customerId: 'C', date: '2024-01-02', amount: 0 },
  { customerId: 'A', date: '2024-01-05', amount: '-40' },
  { customerId: 'B', date: '2024-01-10', amount: 50 },
  { customerId: 'A', date: '2024-01-09', amount: -50 },
  { customerId: 'B', date: '2024-01-12', amount: 10 },
  { customerId: 'C', date: '2024-01-04', amount: 10 },
  { customerId: 'B', date: '2024-01-15', amount: '-70.00' },
  { customerId: 'A', date: '2024-01-20', amount: 25 },
];

describe("returns: 'net' — the documented rule, hand-computed", () => {
  const r = summarizeTransactions(LOG, { returns: 'net', observationEnd: '2024-01-31' });

  it('nets within the day, then against the most recent earlier days, and drops days left at 0', () => {
    expect(r.customers.map((c) => c.customerId)).toEqual(['A', 'C']);
    const [a, c] = r.customers;
    expect(a).toMatchObject({
      frequency: 1,
      recency: 19,
      T: 30,
      monetaryValue: 25,
      firstPurchase: '2024-01-01',
      lastPurchase: '2024-01-20',
      orderCount: 2,
      daysSinceLastPurchase: 11,
    });
    expect(a?.totalSpend.toString()).toBe('65'); // 40 left of Jan 1 + 25
    expect(a?.grossSpend?.toString()).toBe('155');
    expect(a?.returnedSpend?.toString()).toBe('90');
    expect(a?.returnRate).toBe(90 / 155);
    expect(c).toMatchObject({ frequency: 1, recency: 2, orderCount: 2, returnRate: 0 });
    expect(c?.totalSpend.toString()).toBe('10');
    expect([...(r.returnRate ?? [])]).toEqual([90 / 155, 0]);
  });

  it('accounts for every row and every returned unit', () => {
    expect([r.rowsRead, r.rowsUsed, r.rowsRejected]).toEqual([11, 11, 0]);
    expect(r.returns?.mode).toBe('net');
    expect(r.returns?.rows).toBe(4);
    expect(r.returns?.value.toString()).toBe('180');
    expect(r.returns?.unmatchedValue.toString()).toBe('30'); // B: 20 before any purchase + 10 past all
    expect(r.returns?.customersWithoutPurchase).toBe(1);
    // Gross − returned = what is left + what found nothing to net against.
    const left = r.customers.reduce((s, c) => s.add(c.totalSpend), D(0));
    expect(left.toString()).toBe('75');
    expect(
      D(155 + 60 + 10)
        .sub(180)
        .toString(),
    ).toBe(left.sub(30).toString());
  });

  it('a return after calibrationEnd never reaches an occasion on or before it', () => {
    const s = summarizeTransactions(
      [
        { customerId: 1, date: '2024-01-01', amount: 100 },
        { customerId: 1, date: '2024-01-12', amount: 20 },
        { customerId: 1, date: '2024-01-15', amount: -30 },
      ],
      { returns: 'net', calibrationEnd: '2024-01-10', observationEnd: '2024-01-31' },
    );
    const [c] = s.customers;
    expect(c).toMatchObject({ frequency: 0, frequencyHoldout: 0, monetaryValueHoldout: 0, orderCount: 1 });
    expect(c?.totalSpend.toString()).toBe('100');
    expect(c?.returnRate).toBe(0); // nothing came back within the calibration window
    expect(s.returns?.unmatchedValue.toString()).toBe('10'); // 20 netted in the holdout, 10 with nowhere to go
  });

  it('with no negative amount, net is the default summary (property)', () => {
    const base = dayFromCivil(2023, 1, 1);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            customerId: fc.integer({ min: 1, max: 6 }),
            day: fc.integer({ min: 0, max: 200 }),
            cents: fc.integer({ min: 0, max: 10_000 }),
          }),
          { minLength: 1, maxLength: 50 },
        ),
        (rows) => {
          const log = rows.map((x) => ({
            customerId: x.customerId,
            date: formatDay(base + x.day),
            amount: (x.cents / 100).toFixed(2),
          }));
          const plain = summarizeTransactions(log, { granularity: 'week' }).customers;
          const netted = summarizeTransactions(log, { granularity: 'week', returns: 'net' }).customers;
          expect(netted.map(({ grossSpend, returnedSpend, returnRate, ...c }) => c)).toEqual(plain);
          for (const c of netted) expect(c.returnRate).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("returns: 'exclude' and 'reject'", () => {
  it("'exclude' drops negative rows as rejected with reason 'return', and read = used + rejected", () => {
    const r = summarizeTransactions(LOG, { returns: 'exclude', observationEnd: '2024-01-31' });
    expect([r.rowsRead, r.rowsUsed, r.rowsRejected]).toEqual([11, 7, 4]);
    expect(r.rejected).toEqual([]); // bad rows only: the returns are counted, not listed
    expect(r.returns).toMatchObject({ mode: 'exclude', rows: 4 });
    expect(r.returns?.value.toString()).toBe('180');
    // In the order of each customer's first accepted row: B's first row was a return.
    expect(r.customers.map((c) => c.customerId)).toEqual(['A', 'C', 'B']);
    const [a, , b] = r.customers;
    expect(a).toMatchObject({ customerId: 'A', frequency: 2, monetaryValue: 27.5, orderCount: 3 });
    expect(a?.totalSpend.toString()).toBe('155');
    expect(b).toMatchObject({ customerId: 'B', frequency: 1, monetaryValue: 10 });
  });

  it("'reject' (the default) names each negative row", () => {
    try {
      summarizeTransactions(LOG, { observationEnd: '2024-01-31' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ClvValidationError);
      expect((e as ClvValidationError).issues.map((i) => i.message)).toEqual([
        'transactions[1].amount: expected an amount of 0 or more, received -20',
        'transactions[4].amount: expected an amount of 0 or more, received "-40"',
        'transactions[6].amount: expected an amount of 0 or more, received -50',
        'transactions[9].amount: expected an amount of 0 or more, received "-70.00"',
      ]);
    }
  });

  it('a bad returns mode is named', () => {
    expect(() => summarizeTransactions([], { returns: 'keep' as never })).toThrow(
      `returns: expected one of 'net', 'exclude', 'reject', received "keep"`,
    );
  });
});

describe('netReturns', () => {
  it('the doc example', () => {
    const r = netReturns([1, 5, 9], [D(100), D(30), D(0)], [D(0), D(40), D(50)], 3, Number.POSITIVE_INFINITY);
    expect(r.balance.map(String)).toEqual(['40', '0', '0']);
    expect([...r.touched]).toEqual([1, 1, 1]);
    expect(r.unmatched.toString()).toBe('0');
  });
  it('never leaves a balance below 0, and conserves value (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1000), fc.nat(1000)), { minLength: 1, maxLength: 30 }), (days) => {
        const r = netReturns(
          days.map((_, i) => i),
          days.map(([p]) => D(p)),
          days.map(([, q]) => D(q)),
          days.length,
          Number.POSITIVE_INFINITY,
        );
        const bought = days.reduce((s, [p]) => s + p, 0);
        const back = days.reduce((s, [, q]) => s + q, 0);
        const left = r.balance.reduce((s, b) => s + b.toNumber(), 0);
        expect(r.balance.every((b) => !b.isNegative())).toBe(true);
        expect(left - r.unmatched.toNumber()).toBe(bought - back);
      }),
    );
  });
});
