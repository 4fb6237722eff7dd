import { describe, expect, it } from 'vitest';
import { rfmScores, rfmSegments, segmentSummary } from '../../src/segments/index.js';
import { summarizeTransactions } from '../../src/transactions/index.js';

describe('customer summaries feed RFM directly', () => {
  const { customers } = summarizeTransactions(
    [
      { customerId: 'a', date: '2024-01-01', amount: 100 },
      { customerId: 'a', date: '2024-03-01', amount: 100 },
      { customerId: 'a', date: '2024-03-20', amount: 100 },
      { customerId: 'b', date: '2024-01-05', amount: 10 },
      { customerId: 'c', date: '2024-02-01', amount: 50 },
      { customerId: 'c', date: '2024-03-25', amount: 5 },
    ],
    { observationEnd: '2024-03-31' },
  );

  it('scores summary rows (which carry frequency, recency, T and more) without complaint', () => {
    const scores = rfmScores(customers, { bins: 3 });
    expect(scores.map((s) => s.customerId)).toEqual(['a', 'b', 'c']);
    // a: 11 days since, 3 orders, $300; b: 86 days, 1, $10; c: 6 days, 2, $55
    expect(scores.map((s) => s.cell)).toEqual(['233', '111', '322']);
    const segments = rfmSegments(scores);
    const summary = segmentSummary(customers, segments);
    expect(summary.reduce((n, r) => n + r.customers, 0)).toBe(3);
    expect(summary.reduce((t, r) => t + r.revenue.toNumber(), 0)).toBe(365);
  });
});
