import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { cohortRetention } from '../../src/transactions/index.js';

const log = [
  { customerId: 'a', date: '2024-01-05' },
  { customerId: 'a', date: '2024-01-20' }, // same month: counted once
  { customerId: 'a', date: '2024-03-02' },
  { customerId: 'b', date: '2024-01-31' },
  { customerId: 'b', date: '2024-02-01' },
  { customerId: 'c', date: '2024-02-14' },
  { customerId: 'c', date: '2024-03-30' },
  { customerId: 'd', date: '2024-02-29' },
];

describe('cohortRetention', () => {
  it('monthly triangle: cohorts by first month, active customers per month since', () => {
    const { period, cohorts } = cohortRetention(log, { period: 'month' });
    expect(period).toBe('month');
    expect(cohorts.map((c) => [c.cohort, c.size, c.active])).toEqual([
      ['2024-01', 2, [2, 1, 1]],
      ['2024-02', 2, [2, 1]],
    ]);
    expect(cohorts[0]?.rates.map(String)).toEqual(['1', '0.5', '0.5']);
  });

  it('quarters and years are labelled as such; month is the default', () => {
    expect(cohortRetention(log, { period: 'quarter' }).cohorts).toMatchObject([
      { cohort: '2024-Q1', size: 4, active: [4] },
    ]);
    expect(cohortRetention(log, { period: 'year' }).cohorts[0]?.cohort).toBe('2024');
    expect(cohortRetention(log).period).toBe('month');
  });

  it('weeks start on Monday and are labelled by that day', () => {
    const r = cohortRetention(
      [
        { customerId: 1, date: '2024-01-03' },
        { customerId: 1, date: '2024-01-15' },
      ],
      { period: 'week' },
    );
    expect(r.cohorts).toMatchObject([{ cohort: '2024-01-01', size: 1, active: [1, 0, 1] }]);
  });

  it('names bad rows and a bad period', () => {
    try {
      cohortRetention([
        { customerId: '', date: '2024-01-01' },
        { customerId: 'x', date: 'soon' },
      ]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ClvValidationError);
      expect((e as ClvValidationError).issues.map((i) => i.message)).toEqual([
        'transactions[0].customerId: expected a customer id (a non-empty string or an integer), received ""',
        `transactions[1].date: expected a calendar date ('yyyy-MM-dd', 'yyyyMMdd' or a Date), received "soon"`,
      ]);
    }
    expect(() => cohortRetention(log, { period: 'fortnight' as never })).toThrow(
      `period: expected one of 'day', 'week', 'month', 'quarter', 'year', received "fortnight"`,
    );
  });
});
