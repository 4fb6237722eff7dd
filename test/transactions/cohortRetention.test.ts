import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { createSummarizer, summarizeTransactions } from '../../src/index.js';
import { cohortRetention } from '../../src/transactions/index.js';
import { cdnowSampleOrders } from '../cli/cdnow.js';
import { memoryRunStore } from './spillCases.js';

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

describe('summaries without purchase occasions (cohorts: false)', () => {
  const orders = cdnowSampleOrders();
  it('give the same customers, keep no occasions, and say so when a cohort table is asked for', () => {
    for (const options of [
      { timeUnit: 'week' as const },
      { timeUnit: 'week' as const, calibrationEnd: '1997-09-30' },
    ]) {
      const full = summarizeTransactions(orders, options);
      const lean = summarizeTransactions(orders, { ...options, cohorts: false });
      expect(lean.columns).toEqual(full.columns);
      expect(lean.customers).toEqual(full.customers);
      expect(full.cohortRetention({ period: 'month' }).cohorts.length).toBeGreaterThan(0);
      expect(() => lean.cohortRetention({ period: 'month' })).toThrow(ClvValidationError);
      expect(() => lean.cohortRetention()).toThrow(
        /options\.cohorts: expected a summary made with cohorts: true/,
      );
    }
    // The same through the streaming summarizer spilling sorted runs (the merge makes the figures).
    const store = memoryRunStore();
    const s = createSummarizer({
      timeUnit: 'week',
      cohorts: false,
      spill: { store, memoryBudget: 36 * 1000 },
    });
    for (const o of orders) s.add(o);
    expect(s.finish().columns).toEqual(summarizeTransactions(orders, { timeUnit: 'week' }).columns);
    expect(store.runs).toBeGreaterThan(1);
  });
  it('cohorts must be true or false', () => {
    expect(() => summarizeTransactions(orders, { cohorts: 'no' as never })).toThrow(
      /cohorts: expected true or false/,
    );
  });
});
