import { describe, expect, it } from 'vitest';
import { ClvValidationError, discretePeriods, summarizeTransactions } from '../../src/index.js';

describe('discretePeriods (BG/BB opportunities from a summary in calendar periods)', () => {
  const log = [
    { customerId: 'a', date: '2024-01-10', amount: 1 },
    { customerId: 'a', date: '2024-03-02', amount: 1 },
    { customerId: 'a', date: '2024-03-20', amount: 1 },
    { customerId: 'b', date: '2024-02-05', amount: 1 },
    { customerId: 'c', date: '2024-06-30', amount: 1 },
  ];
  const summary = summarizeTransactions(log, {
    granularity: 'month',
    timeUnit: 'month',
    observationEnd: '2024-06-30',
  });

  it('counts repeat periods, the last one and the opportunities; customers without one are left out', () => {
    const d = discretePeriods(summary.columns, 'month', '2024-06-30');
    // a: first in January, a repeat in March → x 1, t_x 2, n 5 (Feb … Jun); b: February → x 0, n 4; c: June → no opportunity.
    expect(Array.from(d.frequency)).toEqual([1, 0]);
    expect(Array.from(d.recency)).toEqual([2, 0]);
    expect(Array.from(d.periods)).toEqual([5, 4]);
    expect(Array.from(d.kept)).toEqual([0, 1]);
  });

  it('names a bad period or end date', () => {
    expect(() => discretePeriods(summary.columns, 'day', '2024-06-30')).toThrow(ClvValidationError);
    expect(() => discretePeriods(summary.columns, 'month', '2024-13-01')).toThrow(
      'end: expected a calendar date',
    );
  });
});
