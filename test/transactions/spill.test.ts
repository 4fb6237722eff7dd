import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSummarizer, dayFromCivil, formatDay, summarizeColumns } from '../../src/transactions/index.js';
import { memoryRunCursor, mergeSortedRuns } from '../../src/transactions/mergeSortedRuns.js';
import {
  everything,
  expectSameWithSpill,
  logArb,
  memoryRunStore,
  optionsArb,
  summaryOf,
} from './spillCases.js';

describe('spill: sorted runs in a store, merged at finish', () => {
  it('gives exactly the in-memory summary for any log, options and run size (property)', () => {
    let spilledCases = 0;
    let errors = 0;
    fc.assert(
      fc.property(logArb, optionsArb, fc.integer({ min: 1, max: 50 }), (rows, options, runRows) => {
        const store = memoryRunStore();
        expectSameWithSpill(rows, options, store, runRows);
        // Every run was written whole, and the store let go once.
        expect(store.disposed).toBe(1);
        if (store.runs > 0) spilledCases++;
        if (store.runs > 0 && (summaryOf(rows, options) as { error?: string }).error !== undefined) errors++;
      }),
      { numRuns: 400 },
    );
    // The property ran on logs that did spill (most of them).
    expect(spilledCases).toBeGreaterThan(200);
    expect(errors).toBeLessThan(spilledCases / 4);
  });

  it('names the outlier rows of spilled runs by their index, in log order, as in memory', () => {
    // 40 orders over 1997, one on 9999-12-31 at index 3 and a bad row at index 1: runs of 5 rows.
    const rows = Array.from({ length: 42 }, (_, i) => ({
      customerId: i % 7,
      date: i === 3 ? '9999-12-31' : i === 1 ? 'nope' : formatDay(dayFromCivil(1997, 1, 1) + i * 9),
      amount: 10 + i,
    }));
    const store = memoryRunStore();
    const s = createSummarizer({ onBadRow: 'collect', spill: { store, memoryBudget: 5 * 36 } });
    for (const r of rows) s.add(r);
    const result = s.finish();
    expect(store.runs).toBe(8); // 41 accepted rows: 8 runs of 5, one row held
    expect(result.outlierDates?.rows.map((r) => r.index)).toEqual([3]);
    expect(result.outlierDates?.to).toBe(formatDay(dayFromCivil(1997, 1, 1) + 41 * 9));
    expect(result.rejected.map((r) => r.index)).toEqual([1, 3]);
    expect(result.rowsUsed).toBe(40);
    expect(everything(result)).toEqual(summaryOf(rows, { onBadRow: 'collect' }));
  });

  it('summarizeColumns (typed columns, the checked fast path) spills the same way', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(9), fc.integer({ min: 0, max: 300 }), fc.nat(99_999)), { maxLength: 120 }),
        fc.integer({ min: 1, max: 30 }),
        (rows, runRows) => {
          const columns = {
            customerKey: Uint32Array.from(rows, (r) => r[0]),
            day: Int32Array.from(rows, (r) => r[1]),
            amount: Float64Array.from(rows, (r) => r[2] / 100),
            customerIds: Array.from({ length: 10 }, (_, k) => `c${k}`),
          };
          const store = memoryRunStore();
          const inMemory = everything(summarizeColumns(columns));
          expect(
            everything(summarizeColumns(columns, { spill: { store, memoryBudget: runRows * 36 } })),
          ).toEqual(inMemory);
          // A run each time runRows rows are held: the last full one too.
          expect(store.runs).toBe(Math.floor(rows.length / runRows));
        },
      ),
    );
  });

  it('disposes the store when finish throws (bad rows, onBadRow throw)', () => {
    const store = memoryRunStore();
    const s = createSummarizer({ spill: { store, memoryBudget: 36 } });
    s.add({ customerId: 1, date: '2024-01-01', amount: 1 });
    s.add({ customerId: 1, date: '2024-01-02', amount: 1 });
    s.add({ customerId: 1, date: 'never', amount: 1 });
    expect(() => s.finish()).toThrow(/transactions\[2\]\.date/);
    expect(store.runs).toBe(2);
    expect(store.disposed).toBe(1);
  });

  it('refuses a spill option that is no store or a budget below one row', () => {
    const store = memoryRunStore();
    expect(() => createSummarizer({ spill: { store, memoryBudget: 35 } })).toThrow(/spill: expected/);
    expect(() => createSummarizer({ spill: { store: {} as never } })).toThrow(/SortedRunStore/);
    expect(() => createSummarizer({ spill: { store, memoryBudget: 1.5e3 + 0.5 } })).toThrow(/whole number/);
  });
});

describe('mergeSortedRuns', () => {
  it('the doc example: ties go to the earlier run', () => {
    const a = memoryRunCursor({
      customer: Uint32Array.of(0, 1),
      day: Int32Array.of(5, 5),
      units: Float64Array.of(1, 2),
    });
    const b = memoryRunCursor({
      customer: Uint32Array.of(0),
      day: Int32Array.of(5),
      units: Float64Array.of(3),
    });
    const blocks = [...mergeSortedRuns([a, b], 4, -Infinity, Infinity)];
    expect(blocks.map((x) => Array.from(x.units))).toEqual([[1, 3, 2]]);
  });

  it('equals a stable sort of the runs laid end to end, days outside the range dropped, in blocks of whole customers (property)', () => {
    const runArb = fc
      .array(fc.tuple(fc.nat(5), fc.nat(6)), { maxLength: 15 })
      .map((rows) => [...rows].sort((x, y) => x[0] - y[0] || x[1] - y[1]));
    fc.assert(
      fc.property(fc.array(runArb, { maxLength: 6 }), fc.integer({ min: 1, max: 8 }), (runs, blockRows) => {
        // Each row's units: its run and place, so the order of ties shows.
        const cursors = runs.map((rows, r) =>
          memoryRunCursor({
            customer: Uint32Array.from(rows, (x) => x[0]),
            day: Int32Array.from(rows, (x) => x[1]),
            units: Float64Array.from(rows, (_, i) => r * 100 + i),
          }),
        );
        // Array.prototype.sort is stable: the runs end to end, sorted by (customer, day).
        const expected = runs
          .flatMap((rows, r) => rows.map((x, i) => [x[0], x[1], r * 100 + i]))
          .filter((x) => (x[1] as number) >= 1 && (x[1] as number) <= 5)
          .sort((x, y) => (x[0] as number) - (y[0] as number) || (x[1] as number) - (y[1] as number));
        const got: number[][] = [];
        let lastCustomer = -1;
        for (const b of mergeSortedRuns(cursors, blockRows, 1, 5)) {
          expect(b.customer[0]).not.toBe(lastCustomer); // a customer never spans two blocks
          for (let i = 0; i < b.customer.length; i++)
            got.push([b.customer[i] as number, b.day[i] as number, b.units[i] as number]);
          lastCustomer = b.customer[b.customer.length - 1] as number;
        }
        expect(got).toEqual(expected);
      }),
    );
  });
});
