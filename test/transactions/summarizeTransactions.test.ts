import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { Decimal, roundMoney } from '../../src/money.js';
import {
  cohortRetention,
  createSummarizer,
  dayFromCivil,
  formatDay,
  grainOf,
  grainStart,
  parseDay,
  summarizeTransactions,
} from '../../src/transactions/index.js';

/** 1–60 orders of customers 1–6 on days 0–300, each with `field` drawn from `value`. */
function ordersOf<K extends string, V>(
  field: K,
  value: fc.Arbitrary<V>,
): fc.Arbitrary<({ customerId: number; day: number } & Record<K, V>)[]> {
  const order = fc.record({
    customerId: fc.integer({ min: 1, max: 6 }),
    day: fc.integer({ min: 0, max: 300 }),
    [field]: value,
  });
  return fc.array(order, { minLength: 1, maxLength: 60 }) as never;
}

const one = (
  log: Parameters<typeof summarizeTransactions>[0],
  options: Parameters<typeof summarizeTransactions>[1] = {},
) => summarizeTransactions(log, options).customers;

describe('summarizeTransactions — the rules', () => {
  it('same-day purchases are one occasion; their amounts add up', () => {
    const [c] = one(
      [
        { customerId: 'a', date: '2024-01-01', amount: 10 },
        { customerId: 'a', date: '2024-01-08', amount: 5 },
        { customerId: 'a', date: '2024-01-08', amount: 7 },
      ],
      { observationEnd: '2024-01-15' },
    );
    expect(c).toMatchObject({
      frequency: 1,
      recency: 7,
      T: 14,
      monetaryValue: 12,
      orderCount: 3,
      daysSinceLastPurchase: 7,
    });
    expect(c?.totalSpend.toString()).toBe('22');
    expect(c?.averageOrderValue.toString()).toBe('7.333333333333333333333333333333333');
  });

  it('a single-purchase customer: frequency 0, recency 0, monetary 0', () => {
    const [c] = one([{ customerId: 7, date: '2024-03-01', amount: '19.99' }], {
      observationEnd: '2024-03-15',
      timeUnit: 'week',
    });
    expect(c).toMatchObject({
      customerId: 7,
      frequency: 0,
      recency: 0,
      T: 2,
      monetaryValue: 0,
      orderCount: 1,
    });
    expect(c?.totalSpend.toString()).toBe('19.99');
  });

  it('monetary value averages the repeat occasions only (the first is left out)', () => {
    const [c] = one([
      { customerId: 'a', date: '2024-01-01', amount: 1000 },
      { customerId: 'a', date: '2024-01-02', amount: 10 },
      { customerId: 'a', date: '2024-01-03', amount: 30 },
    ]);
    expect(c?.monetaryValue).toBe(20);
    expect(c?.frequency).toBe(2);
  });

  it('observationEnd defaults to the last date in the log; rows may be in any order', () => {
    const r = summarizeTransactions([
      { customerId: 'b', date: '2024-02-10' },
      { customerId: 'a', date: '2024-02-01' },
      { customerId: 'a', date: '2024-01-01' },
    ]);
    expect(r.observationEnd).toBe('2024-02-10');
    expect(r.customers.find((c) => c.customerId === 'a')).toMatchObject({ frequency: 1, recency: 31, T: 40 });
  });

  it('leap days count', () => {
    const [c] = one(
      [
        { customerId: 1, date: '2024-02-28' },
        { customerId: 1, date: '2024-02-29' },
        { customerId: 1, date: '2024-03-01' },
      ],
      { observationEnd: '2024-03-01' },
    );
    expect(c).toMatchObject({ frequency: 2, recency: 2, T: 2 });
  });

  it('week granularity: purchases in one ISO week (Monday–Sunday) are one occasion', () => {
    const log = [
      { customerId: 1, date: '2024-01-01' }, // Monday
      { customerId: 1, date: '2024-01-07' }, // Sunday, same week
      { customerId: 1, date: '2024-01-08' }, // next Monday
    ];
    const [c] = one(log, { granularity: 'week', timeUnit: 'week', observationEnd: '2024-01-29' });
    expect(c).toMatchObject({ frequency: 1, recency: 1, T: 4 });
  });

  it('month granularity and month time unit (months of 365.25/12 days)', () => {
    const [c] = one(
      [
        { customerId: 1, date: '2024-01-05' },
        { customerId: 1, date: '2024-01-25' },
        { customerId: 1, date: '2024-03-02' },
      ],
      { granularity: 'month', timeUnit: 'month', observationEnd: '2024-04-01' },
    );
    // occasions dated by their month's first day: 2024-01-01 and 2024-03-01 (60 days apart)
    expect(c?.frequency).toBe(1);
    expect(c?.recency).toBeCloseTo(60 / (365.25 / 12), 12);
    expect(c?.T).toBeCloseTo(91 / (365.25 / 12), 12);
  });

  it('a calibration split: holdout figures, customers first seen after calibrationEnd left out and counted', () => {
    const r = summarizeTransactions(
      [
        { customerId: 'a', date: '2024-01-01', amount: 10 },
        { customerId: 'a', date: '2024-01-10', amount: 20 },
        { customerId: 'a', date: '2024-02-05', amount: 40 },
        { customerId: 'a', date: '2024-02-05', amount: 2 },
        { customerId: 'a', date: '2024-02-20', amount: 8 },
        { customerId: 'late', date: '2024-02-01', amount: 99 },
      ],
      { calibrationEnd: '2024-01-31', observationEnd: '2024-02-29', timeUnit: 'day' },
    );
    expect(r.customersLeftOut).toBe(1);
    expect(r.customers).toHaveLength(1);
    expect(r.customers[0]).toMatchObject({
      frequency: 1,
      recency: 9,
      T: 30,
      monetaryValue: 20,
      frequencyHoldout: 2,
      monetaryValueHoldout: 25,
      durationHoldout: 29,
      orderCount: 2,
      lastPurchase: '2024-01-10',
      daysSinceLastPurchase: 21,
    });
    expect(r.customers[0]?.totalSpend.toString()).toBe('30');
    expect(r.calibrationEnd).toBe('2024-01-31');
  });

  it('the columnar form carries the same figures', () => {
    const r = summarizeTransactions([
      { customerId: 'a', date: '2024-01-01', amount: 1 },
      { customerId: 'a', date: '2024-01-03', amount: 3 },
      { customerId: 'b', date: '2024-01-02', amount: 2 },
    ]);
    expect(r.columns.customerId).toEqual(['a', 'b']);
    expect([...r.columns.frequency]).toEqual([1, 0]);
    expect([...r.columns.recency]).toEqual([2, 0]);
    expect([...r.columns.T]).toEqual([2, 1]);
    expect([...r.columns.monetaryValue]).toEqual([3, 0]);
  });
});

describe('summarizeTransactions — bad rows', () => {
  const log = [
    { customerId: 'a', date: '2024-01-01', amount: 5 },
    { customerId: '', date: '2024-01-02', amount: 5 },
    { customerId: 'b', date: '2024-13-01', amount: 5 },
    { customerId: 'c', date: '2024-01-03', amount: 'ten' },
    { customerId: 'd', date: '2024-01-04', amount: -1 },
    { customerId: 'e', date: '2024-03-01', amount: 1 },
  ];

  it('throw by default, naming each row, field and value', () => {
    try {
      summarizeTransactions(log, { observationEnd: '2024-02-01' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ClvValidationError);
      const err = e as ClvValidationError;
      expect(err.issues.map((i) => i.message)).toEqual([
        'transactions[1].customerId: expected a customer id (a non-empty string or an integer), received ""',
        `transactions[2].date: expected a calendar date ('yyyy-MM-dd', 'yyyyMMdd' or a Date), received "2024-13-01"`,
        'transactions[3].amount: expected an amount of 0 or more, received "ten"',
        'transactions[4].amount: expected an amount of 0 or more, received -1',
        'transactions[5].date: expected a date on or before observationEnd 2024-02-01, received "2024-03-01"',
      ]);
      expect(err.issues.map((i) => i.row)).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it("onBadRow: 'collect' keeps going and accounts for every row", () => {
    const r = summarizeTransactions(log, { observationEnd: '2024-02-01', onBadRow: 'collect' });
    expect(r).toMatchObject({ rowsRead: 6, rowsUsed: 1, rowsRejected: 5 });
    expect(r.rowsRead).toBe(r.rowsUsed + r.rowsRejected);
    expect(r.rejected.map((x) => x.index)).toEqual([1, 2, 3, 4, 5]);
    expect(r.customers.map((c) => c.customerId)).toEqual(['a']);
  });

  it('bad options are named', () => {
    expect(() => summarizeTransactions([], { timeUnit: 'fortnight' as never })).toThrow(
      `timeUnit: expected one of 'day', 'week', 'month', 'quarter', 'year', received "fortnight"`,
    );
    expect(() =>
      summarizeTransactions([], { calibrationEnd: '2024-02-01', observationEnd: '2024-01-01' }),
    ).toThrow('calibrationEnd: expected a date before observationEnd 2024-01-01, received "2024-02-01"');
  });
});

describe('calendar dates do not drift with the time zone', () => {
  for (const tz of ['America/Los_Angeles', 'Asia/Tokyo', 'UTC']) {
    it(`TZ=${tz}`, () => {
      const saved = process.env.TZ;
      process.env.TZ = tz;
      try {
        expect(parseDay('1997-01-01')).toBe(9862);
        expect(parseDay(new Date('1997-01-01'))).toBe(9862);
        expect(parseDay(new Date('1997-01-01T23:30:00Z'))).toBe(9862);
        // A timestamp with a zone is an instant, dated as a Date of the same instant is: its UTC day by default.
        expect(parseDay('1997-01-01T23:30:00-08:00')).toBe(9863);
        expect(parseDay(new Date('1997-01-01T23:30:00-08:00'))).toBe(9863);
        expect(parseDay('1997-01-01T23:30:00')).toBe(9862); // no zone: the local day written
        const [c] = summarizeTransactions([
          { customerId: 1, date: '1997-01-01' },
          { customerId: 1, date: new Date('1997-01-08') },
        ]).customers;
        expect(c).toMatchObject({ firstPurchase: '1997-01-01', lastPurchase: '1997-01-08', recency: 7 });
      } finally {
        process.env.TZ = saved;
      }
    });
  }
});

describe('summarizeTransactions — properties', () => {
  const logArb = fc.array(
    fc.record({
      customerId: fc.integer({ min: 1, max: 8 }),
      day: fc.integer({ min: 0, max: 400 }),
      cents: fc.integer({ min: 0, max: 100_000 }),
    }),
    { minLength: 1, maxLength: 80 },
  );
  const toLog = (rows: { customerId: number; day: number; cents: number }[]) =>
    rows.map((r) => ({
      customerId: r.customerId,
      date: new Date(Date.UTC(2023, 0, 1 + r.day)),
      amount: (r.cents / 100).toFixed(2),
    }));

  it('frequency ≤ orders − 1, 0 ≤ recency ≤ T, totals exact', () => {
    fc.assert(
      fc.property(
        logArb,
        fc.constantFrom('day', 'week', 'month') as fc.Arbitrary<'day' | 'week' | 'month'>,
        (rows, g) => {
          const r = summarizeTransactions(toLog(rows), { granularity: g, observationEnd: '2024-03-01' });
          const cents = rows.reduce((s, x) => s + x.cents, 0);
          const total = r.customers.reduce((s, c) => s + Math.round(c.totalSpend.toNumber() * 100), 0);
          return (
            total === cents &&
            r.customers.every((c) => c.frequency <= c.orderCount - 1 && c.recency >= 0 && c.recency <= c.T)
          );
        },
      ),
    );
  });

  it('streaming in any order equals the batch', () => {
    fc.assert(
      fc.property(logArb, fc.integer(), (rows, seed) => {
        const log = toLog(rows);
        const batch = summarizeTransactions(log, {
          timeUnit: 'week',
          calibrationEnd: '2023-07-01',
          observationEnd: '2024-03-01',
        });
        const shuffled = [...log];
        let s = seed >>> 0;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (s * 1664525 + 1013904223) >>> 0;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j] as (typeof log)[0], shuffled[i] as (typeof log)[0]];
        }
        const stream = createSummarizer({
          timeUnit: 'week',
          calibrationEnd: '2023-07-01',
          observationEnd: '2024-03-01',
        });
        for (const t of shuffled) stream.add(t);
        const a = new Map(batch.customers.map((c) => [c.customerId, c]));
        const b = stream.finish().customers;
        return (
          b.length === a.size &&
          b.every((c) => {
            const x = a.get(c.customerId);
            return (
              x !== undefined &&
              x.frequency === c.frequency &&
              x.recency === c.recency &&
              x.T === c.T &&
              Math.abs(x.monetaryValue - c.monetaryValue) < 1e-9 &&
              x.frequencyHoldout === c.frequencyHoldout &&
              x.totalSpend.eq(c.totalSpend)
            );
          })
        );
      }),
    );
  });
});

describe('createSummarizer.addDay (day-number fast path)', () => {
  it('gives the same summaries as add with ISO dates, and reports its last rejection', () => {
    const rows = [
      { customerId: 'a', date: '2024-01-01', amount: '10.10' },
      { customerId: 'a', date: '2024-01-15', amount: 30 },
      { customerId: 7, date: '2024-02-29', amount: '5' },
      { customerId: 'a', date: '2024-01-15', amount: '0.2' },
    ];
    const viaAdd = createSummarizer({ timeUnit: 'week', observationEnd: '2024-03-31' });
    const viaDay = createSummarizer({ timeUnit: 'week', observationEnd: '2024-03-31', onBadRow: 'collect' });
    for (const r of rows) {
      viaAdd.add(r);
      const [y, m, d] = r.date.split('-').map(Number) as [number, number, number];
      expect(viaDay.addDay(r.customerId, dayFromCivil(y, m, d), r.amount)).toBe(true);
    }
    expect(viaDay.lastRejection).toBeUndefined();
    expect(viaDay.addDay('b', dayFromCivil(2024, 4, 1), 1)).toBe(false);
    expect(viaDay.lastRejection?.reason).toContain('observationEnd 2024-03-31');
    expect(viaDay.addDay('b', 19000.5, 1)).toBe(false);
    expect(viaDay.lastRejection?.index).toBe(5);
    const a = viaAdd.finish();
    const b = viaDay.finish();
    expect(b.customers).toEqual(a.customers);
    expect(b.customers[0]?.totalSpend.toString()).toBe('40.3');
    expect([b.rowsRead, b.rowsUsed, b.rowsRejected]).toEqual([6, 4, 2]);
  });
});

describe('summarizeTransactions — against a direct reading of the definitions', () => {
  /** The definitions written as plainly as possible: group orders by customer, then by grain. */
  function reference(
    rows: { customerId: number; day: number; cents: number }[],
    g: 'day' | 'week' | 'month',
    calDay: number,
  ) {
    const out = new Map<number, { f: number; rec: number; T: number; m: number; fh: number; mh: number }>();
    const ids = [...new Set(rows.map((r) => r.customerId))];
    for (const id of ids) {
      const mine = rows.filter((r) => r.customerId === id);
      if (Math.min(...mine.map((r) => r.day)) > calDay) continue;
      const byGrain = new Map<number, number>();
      for (const r of mine) {
        const grain = grainOf(r.day, g);
        byGrain.set(grain, (byGrain.get(grain) ?? 0) + r.cents / 100);
      }
      const grains = [...byGrain.keys()].sort((a, b) => a - b);
      const cal = grains.filter((x) => grainStart(x, g) <= calDay);
      const later = grains.filter((x) => grainStart(x, g) > calDay);
      const first = grainStart(cal[0] as number, g);
      const repeat = cal.slice(1).reduce((s, x) => s + (byGrain.get(x) as number), 0);
      const laterSpend = later.reduce((s, x) => s + (byGrain.get(x) as number), 0);
      out.set(id, {
        f: cal.length - 1,
        rec: (grainStart(cal[cal.length - 1] as number, g) - first) / 7,
        T: (calDay - first) / 7,
        m: cal.length > 1 ? repeat / (cal.length - 1) : 0,
        fh: later.length,
        mh: later.length > 0 ? laterSpend / later.length : 0,
      });
    }
    return out;
  }

  it('frequency, recency, T, monetary value and holdout figures agree for any log and grain', () => {
    const base = dayFromCivil(2023, 1, 1);
    fc.assert(
      fc.property(
        ordersOf('cents', fc.integer({ min: 0, max: 50_000 })),
        fc.constantFrom('day', 'week', 'month') as fc.Arbitrary<'day' | 'week' | 'month'>,
        fc.integer({ min: 0, max: 299 }),
        (rows, g, calOffset) => {
          const abs = rows.map((r) => ({ ...r, day: base + r.day }));
          const calDay = base + calOffset;
          const s = createSummarizer({
            timeUnit: 'week',
            granularity: g,
            calibrationEnd: formatDay(calDay),
            observationEnd: formatDay(base + 300),
          });
          for (const r of abs) s.addDay(r.customerId, r.day, (r.cents / 100).toFixed(2));
          const got = s.finish();
          const want = reference(abs, g, calDay);
          expect(got.customers.length).toBe(want.size);
          for (const c of got.customers) {
            const w = want.get(c.customerId as number);
            expect(w).toBeDefined();
            expect([c.frequency, c.recency, c.T, c.frequencyHoldout]).toEqual([w?.f, w?.rec, w?.T, w?.fh]);
            expect(c.monetaryValue).toBeCloseTo(w?.m as number, 9);
            expect(c.monetaryValueHoldout).toBeCloseTo(w?.mh as number, 9);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('amounts with more than four decimals among cents: spend and monetary value exact (Decimal reading)', () => {
    const base = dayFromCivil(2023, 1, 1);
    // Amounts of five decimals are kept as Decimals beside the whole ten-thousandths of the others.
    const amount = fc.oneof(
      fc.integer({ min: 0, max: 50_000 }).map((c) => (c / 100).toFixed(2)),
      fc.integer({ min: 0, max: 5_000_000 }).map((u) => (u / 100_000).toFixed(5)),
    );
    fc.assert(
      fc.property(ordersOf('amount', amount), fc.integer({ min: 0, max: 20 }), (log, calOffset) => {
        // Few days, so that one customer's day often has several amounts of either kind.
        const rows = log.map((r) => ({ ...r, day: r.day % 20 }));
        const calDay = base + calOffset;
        const s = createSummarizer({
          calibrationEnd: formatDay(calDay),
          observationEnd: formatDay(base + 300),
        });
        for (const r of rows) s.addDay(r.customerId, base + r.day, r.amount);
        for (const c of s.finish().customers) {
          const mine = rows.filter((r) => r.customerId === c.customerId && base + r.day <= calDay);
          const byDay = new Map<number, Decimal>();
          for (const r of mine) byDay.set(r.day, (byDay.get(r.day) ?? new Decimal(0)).add(r.amount));
          const days = [...byDay.keys()].sort((a, b) => a - b);
          const total = days.reduce((t, d) => t.add(byDay.get(d) as Decimal), new Decimal(0));
          expect(c.totalSpend.toString()).toBe(total.toString());
          const repeats = days.length - 1;
          const m =
            repeats === 0
              ? 0
              : total
                  .sub(byDay.get(days[0] as number) as Decimal)
                  .div(repeats)
                  .toNumber();
          expect(c.monetaryValue).toBeCloseTo(m, 12);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses rows after finish', () => {
    const s = createSummarizer();
    s.add({ customerId: 1, date: '2024-01-01', amount: 1 });
    s.finish();
    expect(() => s.add({ customerId: 1, date: '2024-01-02', amount: 1 })).toThrow(
      'createSummarizer: a row was added after finish(); start a new summarizer',
    );
  });
  it('refuses a second finish (the rows are let go once summed)', () => {
    const s = createSummarizer();
    s.add({ customerId: 1, date: '2024-01-01', amount: 1 });
    expect(s.finish().customers).toHaveLength(1);
    expect(() => s.finish()).toThrow(
      'createSummarizer: finish() was called already; its result is the summary',
    );
  });
});

describe('SummaryResult — columns and exact text for writers', () => {
  it('rfmColumns, totalSpendTextAt and averageOrderValueTextAt say what the customer rows say (property)', () => {
    const amount = fc.oneof(
      fc.integer({ min: 0, max: 5_000_000 }).map((c) => (c / 100).toFixed(2)),
      fc.constantFrom('0.00001', '123456789012.3456', '400000000000.01', '7'),
    );
    fc.assert(
      fc.property(
        ordersOf('amount', amount),
        fc.option(fc.integer({ min: 0, max: 299 }), { nil: undefined }),
        fc.integer({ min: 0, max: 4 }),
        (rows, calOffset, places) => {
          const base = dayFromCivil(2023, 1, 1);
          const s = createSummarizer({
            observationEnd: formatDay(base + 300),
            ...(calOffset === undefined ? {} : { calibrationEnd: formatDay(base + calOffset) }),
          });
          for (const r of rows) s.addDay(r.customerId, base + r.day, r.amount);
          const result = s.finish();
          const c = result.rfmColumns;
          const revenue = result.customers.reduce((sum, row) => sum.add(row.totalSpend), new Decimal(0));
          expect(result.revenue.toString()).toBe(revenue.toString());
          result.customers.forEach((row, i) => {
            expect(c.customerId[i]).toBe(row.customerId);
            expect(formatDay(c.firstPurchaseDay[i] as number)).toBe(row.firstPurchase);
            expect(formatDay(c.lastPurchaseDay[i] as number)).toBe(row.lastPurchase);
            expect(c.daysSinceLastPurchase[i]).toBe(row.daysSinceLastPurchase);
            expect(c.orderCount[i]).toBe(row.orderCount);
            expect(c.totalSpend[i]).toBe(row.totalSpend.toNumber());
            const average = row.averageOrderValue.toNumber();
            expect(Math.abs((c.averageOrderValue[i] as number) - average)).toBeLessThanOrEqual(
              1e-12 * average,
            );
            expect(result.totalSpendTextAt(i)).toBe(row.totalSpend.toString());
            expect(result.averageOrderValueTextAt(i, places)).toBe(
              roundMoney(row.averageOrderValue, places).toFixed(places),
            );
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('names a bad index or number of places', () => {
    const s = createSummarizer();
    s.add({ customerId: 'a', date: '2024-01-01', amount: '10.005' });
    s.add({ customerId: 'a', date: '2024-01-03', amount: '0.01' });
    const r = s.finish();
    expect(r.totalSpendTextAt(0)).toBe('10.015');
    expect(r.averageOrderValueTextAt(0)).toBe('5.01');
    expect(r.averageOrderValueTextAt(0, 3)).toBe('5.008');
    expect(() => r.totalSpendTextAt(1)).toThrow(
      'totalSpendTextAt: invalid input — i: expected a whole number in [0, 0], received 1',
    );
    expect(() => r.averageOrderValueTextAt(0, 5)).toThrow(ClvValidationError);
    expect(() => r.averageOrderValueTextAt(0, 5)).toThrow('places: expected a whole number from 0 to 4');
  });
});

describe('Summarizer.finish({ customerIds }) — rows added with interned keys', () => {
  it('reports the real ids and the same figures as rows added with those ids', () => {
    const log = [
      ['C-9', '2024-01-01', '10'],
      ['42', '2024-01-03', '5'],
      ['C-9', '2024-02-01', '7.5'],
      ['', '2024-02-02', '1'],
    ] as const;
    const direct = createSummarizer({ onBadRow: 'collect' });
    const keyed = createSummarizer({ onBadRow: 'collect' });
    const labels: (string | number)[] = [];
    const keys = new Map<string, number>();
    for (const [id, date, amount] of log) {
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      const day = dayFromCivil(y, m, d);
      direct.addDay(id === '42' ? 42 : id, day, amount);
      // An empty id is not interned: the summarizer rejects it as it would anyway.
      let key: number | string = id;
      if (id !== '') {
        key = keys.get(id) ?? labels.length;
        if (key === labels.length) {
          keys.set(id, key);
          labels.push(id === '42' ? 42 : id);
        }
      }
      keyed.addDay(key, day, amount);
    }
    const a = direct.finish();
    const b = keyed.finish({ customerIds: labels });
    expect(b.customers).toEqual(a.customers);
    expect(b.columns.customerId).toEqual(['C-9', 42]);
    expect(b.rowsRejected).toBe(1);
  });
  it('takes the ids as a function of the key, asked once per summary customer after the rows are summed', () => {
    const rows = [
      [1, 19000, 5],
      [0, 19002, 7],
      [1, 19003, 2],
      [2, 19010, 1],
    ] as const;
    const summarize = (customerIds: readonly string[] | ((key: number) => string)) => {
      const s = createSummarizer({ calibrationEnd: '2022-01-12' });
      for (const [key, day, amount] of rows) s.addDay(key, day, amount);
      return s.finish({ customerIds });
    };
    const asked: number[] = [];
    const byFunction = summarize((key) => {
      asked.push(key);
      return ['x', 'y', 'z'][key] as string;
    });
    const byArray = summarize(['x', 'y', 'z']);
    // Key 2's first row is after the calibration end: a customer left out, never asked for.
    expect(asked).toEqual([1, 0]);
    expect(byFunction.customers).toEqual(byArray.customers);
    expect(byFunction.columns.customerId).toEqual(['y', 'x']);
  });
  it('names a key whose function gives no id', () => {
    const s = createSummarizer();
    s.addDay(0, 19000, 1);
    s.addDay(3, 19001, 1);
    expect(() => s.finish({ customerIds: (key) => (key === 0 ? 'a' : undefined) })).toThrow(
      'customerIds[3]: expected the id of the customer added with key 3, received undefined',
    );
  });
  it('names a key without an id', () => {
    const s = createSummarizer();
    s.addDay(0, 19000, 1);
    s.addDay(3, 19001, 1);
    expect(() => s.finish({ customerIds: ['a'] })).toThrow(
      'customerIds[3]: expected the id of the customer added with key 3, received undefined',
    );
  });
});

describe('SummaryResult.cohortRetention — from the kept occasions', () => {
  it('equals cohortRetention over the accepted rows, for any grain and period made of whole grains (property)', () => {
    const pairs = [
      ['day', 'day'],
      ['day', 'week'],
      ['day', 'month'],
      ['day', 'quarter'],
      ['day', 'year'],
      ['week', 'week'],
      ['month', 'month'],
      ['month', 'quarter'],
      ['month', 'year'],
      ['quarter', 'year'],
    ] as const;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ customerId: fc.integer({ min: 1, max: 9 }), day: fc.integer({ min: 0, max: 800 }) }),
          {
            minLength: 1,
            maxLength: 80,
          },
        ),
        fc.constantFrom(...pairs),
        fc.boolean(),
        (rows, [granularity, period], split) => {
          const base = dayFromCivil(2022, 11, 20);
          const s = createSummarizer({
            granularity,
            observationEnd: formatDay(base + 700),
            ...(split ? { calibrationEnd: formatDay(base + 300) } : {}),
            onBadRow: 'collect',
          });
          const accepted = [];
          for (const r of rows) {
            if (s.addDay(r.customerId, base + r.day, 1))
              accepted.push({ customerId: r.customerId, date: formatDay(base + r.day) });
          }
          const result = s.finish();
          expect(result.cohortRetention({ period })).toEqual(cohortRetention(accepted, { period }));
        },
      ),
      { numRuns: 300 },
    );
  });
  it('refuses a period the grains do not fit in whole', () => {
    const s = createSummarizer({ granularity: 'week' });
    s.add({ customerId: 1, date: '2024-01-01' });
    const r = s.finish();
    expect(() => r.cohortRetention({ period: 'month' })).toThrow(
      'cohortRetention: invalid input — period: expected one of week (periods made of whole weeks), received "month"',
    );
    expect(() => r.cohortRetention({ period: 'fortnight' as never })).toThrow(ClvValidationError);
    expect(r.cohortRetention({ period: 'week' }).cohorts[0]).toMatchObject({ cohort: '2024-01-01', size: 1 });
  });
});
