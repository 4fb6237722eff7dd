import { describe, expect, it } from 'vitest';
import { createSummarizer } from '../../src/index.js';
import { messageOf } from '../messageOf.js';

describe('Summarizer: rows and columns that cannot be read', () => {
  it('add: a row whose fields throw when read is a rejected row, counted in the account', () => {
    const trap = new Proxy(
      {},
      {
        get() {
          throw new Error('trap: get');
        },
      },
    );
    const s = createSummarizer({ onBadRow: 'collect' });
    expect(s.add({ customerId: 'a', date: '2024-01-01', amount: 5 })).toBe(true);
    expect(s.add(trap as never)).toBe(false);
    expect(s.add({ customerId: 'a', date: '2024-02-01', amount: 7 })).toBe(true);
    const r = s.finish();
    expect([r.rowsRead, r.rowsUsed, r.rowsRejected]).toEqual([3, 2, 1]);
    expect(r.rejected.map((x) => x.reason)).toEqual([
      'transactions[1]: expected a transaction whose fields can be read (reading it threw: trap: get), received an unreadable object',
    ]);
    expect(r.customers[0]).toMatchObject({ customerId: 'a', frequency: 1, orderCount: 2 });
    // By default the first bad row stops the summary at finish, naming it.
    const strict = createSummarizer();
    strict.add(trap as never);
    expect(messageOf(() => strict.finish())).toContain(
      'transactions[0]: expected a transaction whose fields can be read',
    );
  });

  it('addDays: columns of the wrong kind and ranges past them are refused, naming the argument', () => {
    const keys = Uint32Array.of(0, 0);
    const days = Int32Array.of(19_723, 19_753);
    const amounts = Float64Array.of(5, 7);
    const cases: [unknown[], string][] = [
      [[[0, 0], days, amounts, 0, 2], 'customerIds: expected a Uint32Array or Int32Array of keys'],
      [[keys, [19_723, 19_753], amounts, 0, 2], 'days: expected an Int32Array of day numbers'],
      [[keys, days, [5, 7], 0, 2], 'amounts: expected a Float64Array of amounts, or undefined'],
      [[keys, days, amounts, 0, 3], "to: expected a whole number from 0 to 2 (the columns' length)"],
      [
        [keys, days, Float64Array.of(5), 0, 2],
        "to: expected a whole number from 0 to 1 (the columns' length)",
      ],
      [[keys, days, amounts, 2, 1], 'from: expected a whole number from 0 to 1'],
      [[keys, days, amounts, 0.5, 2], 'from: expected a whole number from 0 to 2'],
    ];
    for (const [args, words] of cases) {
      const s = createSummarizer();
      const add = s.addDays as (...a: unknown[]) => number;
      expect(messageOf(() => add(...args))).toContain(`Summarizer.addDays: invalid input — ${words}`);
    }
    // The same columns, well formed: both rows kept.
    const s = createSummarizer();
    expect(s.addDays(keys, days, amounts, 0, 2)).toBe(2);
    expect(s.finish({ customerIds: ['k'] }).customers[0]).toMatchObject({ customerId: 'k', orderCount: 2 });
  });
});
