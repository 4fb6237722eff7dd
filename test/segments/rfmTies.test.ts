import { describe, expect, it } from 'vitest';
import { rfmScores, rfmSegments } from '../../src/index.js';

/** Customers from columns of days, orders and spend (ids c1, c2, …). */
function customers(days: number[], orders: number[], spend: number[]) {
  return days.map((d, i) => ({
    customerId: `c${i + 1}`,
    daysSinceLastPurchase: d,
    orderCount: orders[i] as number,
    totalSpend: spend[i] as number,
    averageOrderValue: (spend[i] as number) / (orders[i] as number),
  }));
}

describe('RFM ties: a tie takes the rank between its lowest and highest by the share of others below it', () => {
  it('49 of 50 customers who bought yesterday score R = 5, not R = 1 "Lost" (tie at the top)', () => {
    const days = [100, ...Array.from({ length: 49 }, () => 1)];
    const orders = Array.from({ length: 50 }, (_, i) => i + 1); // distinct: F by plain quintiles
    const spend = Array.from({ length: 50 }, (_, i) => 10 * (i + 1));
    const s = rfmScores(customers(days, orders, spend));
    // The one who left 100 days ago: nobody is worse, rank 0, R = 1. The 49: B = 1, E = 49, A = 0, so
    // rank* = 1 + 48 × 1/1 = 49 and R = ⌊49 × 5 / 50⌋ + 1 = 5.
    expect(s.map((r) => r.recency)).toEqual([1, ...Array.from({ length: 49 }, () => 5)]);
    expect(rfmSegments(s).slice(0, 3)).toEqual(['Lost', 'New Customers', 'New Customers']);
    expect(s.warnings).toEqual([
      {
        axis: 'recency',
        value: 1,
        customers: 49,
        spans: [1, 5],
        score: 5,
        message:
          '49 customers share days since the last purchase = 1: their ranks span recency scores 1–5 of 5, so the split is uneven; they all score 5 (ties take the rank between their lowest and highest in proportion to the share of other customers below them)',
      },
    ]);
    // The warnings do not show in the rows themselves.
    expect(Object.keys(s)).toHaveLength(50);
  });

  it('60 one-order customers of 100 score F = 1, not 3 (tie at the bottom)', () => {
    const orders = [...Array.from({ length: 60 }, () => 1), ...Array.from({ length: 40 }, (_, i) => i + 2)];
    const days = Array.from({ length: 100 }, (_, i) => i);
    const s = rfmScores(
      customers(
        days,
        orders,
        orders.map((o) => o * 10),
      ),
    );
    const f = s.map((r) => r.frequency);
    // Orders 2..21 have B = 60..79 → ⌊B × 5/100⌋ + 1 = 4; orders 22..41, B = 80..99 → 5.
    expect(f.filter((x) => x === 1)).toHaveLength(60);
    expect(f.filter((x) => x === 4)).toHaveLength(20);
    expect(f.filter((x) => x === 5)).toHaveLength(20);
    expect(f.slice(58, 63)).toEqual([1, 1, 4, 4, 4]);
    expect(s.warnings.filter((w) => w.axis === 'frequency')).toEqual([
      expect.objectContaining({ value: 1, customers: 60, spans: [1, 3], score: 1 }),
    ]);
  });

  it('a tie in the middle takes the middle of its span; all equal take the middle rank', () => {
    const spend = [1, 2, 3, 3, 3, 3, 3, 3, 9, 10];
    const s = rfmScores(
      customers(
        Array.from({ length: 10 }, (_, i) => i),
        Array.from({ length: 10 }, () => 1),
        spend,
      ),
    );
    // Value 3: B = 2, E = 6, A = 2: rank* = 2 + 5 × 2/4 = 4.5, M = ⌊4.5 × 5/10⌋ + 1 = 3.
    expect(s.map((r) => r.monetary)).toEqual([1, 1, 3, 3, 3, 3, 3, 3, 5, 5]);
    // Every customer has one order: rank* = (10 − 1)/2 = 4.5, F = 3.
    expect(s.map((r) => r.frequency)).toEqual(Array.from({ length: 10 }, () => 3));
    expect(s.warnings.map((w) => [w.axis, w.value, w.spans, w.score])).toEqual([
      ['frequency', 1, [1, 5], 3],
      ['monetary', 3, [2, 4], 3],
    ]);
  });

  it('distinct values keep plain quantiles and no warning; columns carry warnings too', () => {
    const n = 10;
    const s = rfmScores(
      customers(
        Array.from({ length: n }, (_, i) => n - i),
        Array.from({ length: n }, (_, i) => i + 1),
        Array.from({ length: n }, (_, i) => i + 1),
      ),
    );
    expect(s.map((r) => r.cell)).toEqual([
      '111',
      '111',
      '222',
      '222',
      '333',
      '333',
      '444',
      '444',
      '555',
      '555',
    ]);
    expect(s.warnings).toEqual([]);
    const cols = rfmScores({
      daysSinceLastPurchase: [100, 1, 1, 1],
      orderCount: [1, 2, 3, 4],
      totalSpend: [1, 2, 3, 4],
    });
    // n = 4 < 5 bins: the highest rank, 3, scores ⌊3 × 5/4⌋ + 1 = 4, as it would for distinct values.
    expect([...cols.recency]).toEqual([1, 4, 4, 4]);
    expect(cols.warnings).toEqual([
      expect.objectContaining({ axis: 'recency', value: 1, customers: 3, spans: [2, 4], score: 4 }),
    ]);
  });
});
