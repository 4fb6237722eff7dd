import { describe, expect, it } from 'vitest';
import { discreteCustomers, holdoutPeriods } from '../../src/evaluation/discreteCustomers.js';
import { parseDay } from '../../src/transactions/calendar.js';
import { summarizeTransactions } from '../../src/transactions/index.js';

const day = (d: string) => parseDay(d) as number;

describe('BG/BB customers of an evaluation', () => {
  it('the holdout in whole calendar periods after the calibration end’s', () => {
    expect(holdoutPeriods(day('1997-09-30'), day('1998-06-30'), 'month')).toBe(9);
    expect(holdoutPeriods(day('2006-12-31'), day('2007-12-30'), 'quarter')).toBe(4);
    // 2024-01-07 is a Sunday, so the ISO week of 2024-01-08 is the next one; 2024-01-31 is four weeks later.
    expect(holdoutPeriods(day('2024-01-07'), day('2024-01-08'), 'week')).toBe(1);
    expect(holdoutPeriods(day('2024-01-07'), day('2024-01-31'), 'week')).toBe(4);
  });

  it('every customer in months (x, t_x, n); one first seen in the end’s month has n = 0 and is not in the fit', () => {
    const s = summarizeTransactions(
      [
        { customerId: 'a', date: '2024-01-10' },
        { customerId: 'a', date: '2024-01-20' }, // the same month: one occasion
        { customerId: 'a', date: '2024-03-05' },
        { customerId: 'b', date: '2024-02-01' },
        { customerId: 'c', date: '2024-04-15' },
      ],
      { timeUnit: 'month', granularity: 'month', calibrationEnd: '2024-04-30', observationEnd: '2024-06-30' },
    );
    const d = discreteCustomers(s.columns, 'month', day('2024-04-30'));
    const ids = s.columns.customerId;
    const of = (id: string) => {
      const i = ids.indexOf(id);
      return [d.all.frequency[i], d.all.recency[i], d.all.T[i]];
    };
    expect(of('a')).toEqual([1, 2, 3]); // January first; March is repeat period 2; Feb, Mar, Apr: 3 chances
    expect(of('b')).toEqual([0, 0, 2]);
    expect(of('c')).toEqual([0, 0, 0]);
    expect(Array.from(d.fitted.T).sort()).toEqual([2, 3]);
  });
});
