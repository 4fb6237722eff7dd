import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import {
  createSummarizer,
  dayFromCivil,
  summarizeColumns,
  summarizeTransactions,
  type Transaction,
} from '../../src/transactions/index.js';
import { plausibleDays, plausibleDaysOfHistogram } from '../../src/transactions/outlierDays.js';

const DATA = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/cdnow');

/** CDNOW_master.txt: id, yyyyMMdd, CDs, dollars — whitespace-separated, one header line. */
function masterLog(): Transaction[] {
  const file = join(DATA, 'CDNOW_master.txt');
  if (!existsSync(file)) throw new Error(`reference data missing: ${file} (see README, 'Reference data')`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [id, date, , amount] = l.trim().split(/\s+/);
      return { customerId: id as string, date: date as string, amount: amount as string };
    });
}

const D1997 = dayFromCivil(1997, 1, 1);
const days = (list: number[]) => Int32Array.from(list);
const range = (from: number, count: number) => Array.from({ length: count }, (_, k) => from + k);

describe('plausibleDays: the gap rule', () => {
  it('cuts one 9999-12-31 day off 99 days of 1997 (the doc example)', () => {
    const d = days([...range(D1997, 99), dayFromCivil(9999, 12, 31)]);
    expect(plausibleDays(d, 100, D1997, dayFromCivil(9999, 12, 31))).toEqual({
      from: D1997,
      to: D1997 + 98,
      gap: 366,
    });
  });

  it('cuts a lower tail (1971) and sizes the gap by 3 × the interquartile span', () => {
    // 400 days, one row a day: Q1 = day 100 (rank 101), Q3 = day 300 (rank 301) → gap max(366, 600) = 600.
    const low = dayFromCivil(1971, 1, 1);
    const d = days([low, ...range(D1997, 400)]);
    expect(plausibleDays(d, 401, low, D1997 + 399)).toEqual({ from: D1997, to: D1997 + 399, gap: 600 });
    // A date 500 days after the rest is within 600 days: kept.
    const near = days([...range(D1997, 400), D1997 + 899]);
    expect(plausibleDays(near, 401, D1997, D1997 + 899)).toBeUndefined();
  });

  it('judges no log of fewer than 20 rows, no span of 366 days or less, and no tail over 1 % of the rows', () => {
    const far = dayFromCivil(2031, 1, 1);
    expect(plausibleDays(days([...range(D1997, 18), far]), 19, D1997, far)).toBeUndefined();
    expect(plausibleDays(days([...range(D1997, 30), D1997 + 366]), 31, D1997, D1997 + 366)).toBeUndefined();
    // Two eras (a shop closed for three years): 200 rows, 3 after the gap → over ⌊0.01 × 200⌋ = 2: kept.
    const eras = days([...range(D1997, 197), far, far + 1, far + 2]);
    expect(plausibleDays(eras, 200, D1997, far + 2)).toBeUndefined();
    // 2 rows after the gap are within the cap: cut.
    const two = days([...range(D1997, 198), far, far + 1]);
    expect(plausibleDays(two, 200, D1997, far + 1)?.to).toBe(D1997 + 197);
  });

  it('finds the same cut over a span too wide for the histogram (the sorted copy)', () => {
    const far = 50_000_000;
    const d = days([...range(D1997, 99), far]);
    expect(plausibleDays(d, 100, D1997, far)).toEqual({ from: D1997, to: D1997 + 98, gap: 366 });
  });

  it('never cuts a log whose successive distinct days are at most 366 days apart (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 366 }), { minLength: 1, maxLength: 300 }),
        fc.array(fc.nat(), { minLength: 0, maxLength: 300 }),
        (steps, picks) => {
          const distinct = [D1997];
          for (const s of steps) distinct.push((distinct[distinct.length - 1] as number) + s);
          const all = [...distinct, ...picks.map((p) => distinct[p % distinct.length] as number)];
          const d = days(all);
          return plausibleDays(d, d.length, Math.min(...all), Math.max(...all)) === undefined;
        },
      ),
    );
  });
});

describe('summarizers: an isolated outlier date is a bad row, and no other figure moves', () => {
  const log = masterLog();
  const base = summarizeTransactions(log, { timeUnit: 'week' });
  const withRow = (date: string, at = 500, id = 'X1') => [
    ...log.slice(0, at),
    { customerId: id, date, amount: '5.00' },
    ...log.slice(at),
  ];

  it('reads the master log untouched: 69,659 rows, no outlier, observation end 1998-06-30', () => {
    expect(base.rowsRejected).toBe(0);
    expect(base.rowsUsed).toBe(69_659);
    expect(base.outlierDates).toBeUndefined();
    expect(base.observationEnd).toBe('1998-06-30');
  });

  for (const date of ['9999-12-31', '2031-01-01', '1971-01-01']) {
    it(`rejects one ${date} row (collect) and every customer's figures equal those without it`, () => {
      const r = summarizeTransactions(withRow(date), { timeUnit: 'week', onBadRow: 'collect' });
      expect(r.rowsRead).toBe(69_660);
      expect(r.rowsUsed).toBe(69_659);
      expect(r.rowsRejected).toBe(1);
      expect(r.observationEnd).toBe('1998-06-30');
      expect(r.outlierDates?.from).toBe('1997-01-01');
      expect(r.outlierDates?.to).toBe('1998-06-30');
      expect(r.outlierDates?.rows.map((x) => [x.index, x.reason, x.issue.received])).toEqual([
        [500, 'outlier date', JSON.stringify(date)],
      ]);
      expect(r.rejected.map((x) => x.index)).toEqual([500]);
      expect(r.customers).toEqual(base.customers);
    });
  }

  it("an existing customer's outlier row leaves that customer as without it too", () => {
    const r = summarizeTransactions(withRow('9999-12-31', 10, '00007'), {
      timeUnit: 'week',
      onBadRow: 'collect',
    });
    // Customers come in the order of their first row read, so 00007 comes earlier: compare by id.
    const byId = (rows: typeof base.customers) =>
      [...rows].sort((a, b) => String(a.customerId).localeCompare(String(b.customerId)));
    expect(r.rowsRejected).toBe(1);
    expect(byId(r.customers)).toEqual(byId(base.customers));
  });

  it('throws by default naming the row, and keeps it with outlierDates keep (the re-based summary)', () => {
    const bad = withRow('9999-12-31');
    expect(() => summarizeTransactions(bad)).toThrow(ClvValidationError);
    expect(() => summarizeTransactions(bad)).toThrow(
      /transactions\[500\]\.date: expected a date within 774 days of the rest of the log \(1997-01-01 … 1998-06-30\)/,
    );
    const kept = summarizeTransactions(bad, { timeUnit: 'week', outlierDates: 'keep' });
    expect(kept.observationEnd).toBe('9999-12-31');
    expect(kept.rowsRejected).toBe(0);
    // With an observation end the rule is off: the end says which dates are read.
    const ended = summarizeTransactions(withRow('1971-01-01'), { observationEnd: '1998-06-30' });
    expect(ended.rowsRejected).toBe(0);
    expect(ended.outlierDates).toBeUndefined();
  });

  it('names the right index when other rows were rejected or kept unchecked before it', () => {
    const s = createSummarizer({ onBadRow: 'collect' });
    for (let k = 0; k < 30; k++) {
      s.addDay('a', D1997 + k * 20, 1);
      if (k % 7 === 0) s.addDay('b', D1997, -1); // rejected: a return
    }
    s.addDay('c', dayFromCivil(2031, 1, 1), 1); // index 35
    s.addDay('d', D1997 + 3, 'x'); // rejected: amount
    s.addDay('a', D1997 + 5, 2);
    const r = s.finish();
    expect(r.outlierDates?.rows.map((x) => x.index)).toEqual([35]);
    expect(r.rowsRead).toBe(38);
    expect(r.rowsRejected).toBe(7);
    expect(r.rowsUsed).toBe(31);
    expect(r.customers.map((c) => c.customerId)).toEqual(['a']);

    const n = 40;
    const day = Int32Array.from(range(0, n), (k) => D1997 + k * 10);
    day[17] = dayFromCivil(1971, 1, 1);
    const cols = summarizeColumns(
      { customerKey: Uint32Array.from(range(0, n), (k) => k % 3), day, amount: new Float64Array(n).fill(1) },
      { onBadRow: 'collect' },
    );
    expect(cols.outlierDates?.rows.map((x) => x.index)).toEqual([17]);
    expect(cols.rowsUsed).toBe(39);
  });

  it('changes nothing in a random plausible log, and removes only a far row added to it (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.integer({ min: 0, max: 9 }),
            step: fc.integer({ min: 0, max: 366 }),
            cents: fc.nat(99_999),
          }),
          { minLength: 20, maxLength: 200 },
        ),
        fc.integer({ min: 4_000, max: 2_000_000 }),
        (rows, away) => {
          let d = D1997;
          const tx = rows.map((r) => {
            d += r.step;
            return { customerId: `c${r.id}`, date: new Date(d * 86_400_000), amount: r.cents / 100 };
          });
          const last = d;
          const plain = summarizeTransactions(tx, { onBadRow: 'collect' });
          if (plain.rowsRejected !== 0 || plain.outlierDates !== undefined) return false;
          const kept = summarizeTransactions(tx, { outlierDates: 'keep' });
          if (JSON.stringify(kept.customers) !== JSON.stringify(plain.customers)) return false;
          // A row further than 3 × the whole span (≥ 3 × the interquartile span) and 366 days: rejected alone.
          const far = last + Math.max(away, 3 * (last - D1997) + 367);
          const added = summarizeTransactions(
            [...tx, { customerId: 'c0', date: new Date(far * 86_400_000), amount: 1 }],
            { onBadRow: 'collect' },
          );
          return (
            added.rowsRejected === 1 &&
            added.outlierDates?.rows[0]?.index === tx.length &&
            JSON.stringify(added.customers) === JSON.stringify(plain.customers)
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** The day histogram of `list` as an engine's GROUP BY day returns it: distinct days ascending, their counts. */
function histogramOf(list: readonly number[]): { values: number[]; counts: number[] } {
  const byDay = new Map<number, number>();
  for (const d of list) byDay.set(d, (byDay.get(d) ?? 0) + 1);
  const values = [...byDay.keys()].sort((a, b) => a - b);
  return { values, counts: values.map((d) => byDay.get(d) as number) };
}

describe("plausibleDaysOfHistogram: the rule on a day histogram (the SQL engines' input)", () => {
  it('the doc example and the CDNOW-like case: the same range and gap as plausibleDays', () => {
    const far = dayFromCivil(9999, 12, 31);
    expect(
      plausibleDaysOfHistogram(
        range(D1997, 99).concat(far),
        Array.from({ length: 100 }, () => 1),
      ),
    ).toEqual({ from: D1997, to: D1997 + 98, gap: 366 });
    // 400 days of 1997–1998 with 3 rows each, one 1971-01-01 and one 2031-01-01 row.
    const low = dayFromCivil(1971, 1, 1);
    const high = dayFromCivil(2031, 1, 1);
    const counts = [1, ...range(D1997, 400).map(() => 3), 1];
    // n = 1202, Q1 at rank 301 = day 100 (D1997 + 99), Q3 at rank 902 = day 300 (D1997 + 300) → gap 603.
    expect(plausibleDaysOfHistogram([low, ...range(D1997, 400), high], counts)).toEqual({
      from: D1997,
      to: D1997 + 399,
      gap: 603,
    });
    expect(plausibleDaysOfHistogram([], [])).toBeUndefined();
  });

  it('property: on random day arrays (clusters and stray days, narrow and beyond 2^22-day spans) it returns what plausibleDays returns', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 900 }), { minLength: 0, maxLength: 400 }),
        fc.array(fc.integer({ min: -3_000_000, max: 3_000_000 }), { minLength: 0, maxLength: 6 }),
        fc.integer({ min: 1, max: 4 }),
        (cluster, strays, repeat) => {
          const list = [
            ...cluster.flatMap((d) => Array.from({ length: repeat }, () => D1997 + d)),
            ...strays,
          ];
          const n = list.length;
          const { values, counts } = histogramOf(list);
          const direct =
            n === 0
              ? undefined
              : plausibleDays(Int32Array.from(list), n, Math.min(...list), Math.max(...list));
          expect(plausibleDaysOfHistogram(values, counts)).toEqual(direct);
        },
      ),
      { numRuns: 400 },
    );
  });
});
