import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money.js';
import { type RfmCustomer, rfmCell, rfmScores, rfmScoresWithThresholds } from '../../src/segments/index.js';
import { messageOf } from '../messageOf.js';

// Ten customers, scored by hand with score = ⌊rankFirst × 5 / 10⌋ + 1 = ⌊rankFirst / 2⌋ + 1, where rankFirst
// counts the customers with a worse value (more days; fewer orders; less spend).
const days = [1, 5, 5, 30, 60, 90, 120, 200, 365, 400];
const orders = [10, 1, 1, 1, 1, 1, 2, 3, 3, 8];
const spend = ['1200.50', 15, 20, '35.10', 50, 50, 80, 300, 310, 900];
const aov = ['120.05', 15, 20, '35.10', 50, 50, 40, 100, '103.33', '112.50'];
const customers: RfmCustomer[] = days.map((d, i) => ({
  customerId: `c${i}`,
  daysSinceLastPurchase: d,
  orderCount: orders[i] as number,
  totalSpend: spend[i] as string | number,
  averageOrderValue: new Decimal(aov[i] as string | number),
}));

describe('rfmScores (quantiles, first-occurrence rank)', () => {
  it('scores rows by hand-computed quintiles', () => {
    const s = rfmScores(customers);
    // R: 1 day has 9 worse → 5; the two 5-day customers have 7 worse → 4; 30 → 6 worse → 4; 60 → 3; 90 → 3; …
    expect(s.map((x) => x.recency)).toEqual([5, 4, 4, 4, 3, 3, 2, 2, 1, 1]);
    // F: five one-order customers tie at rank 0 → 1; 2 orders: 5 worse → 3; 3 orders: 6 worse → 4; 8 → 5; 10 → 5.
    expect(s.map((x) => x.frequency)).toEqual([5, 1, 1, 1, 1, 1, 3, 4, 4, 5]);
    // M (total): 15 → 1, 20 → 1, 35.10 → 2, 50 & 50 → rank 3 → 2, 80 → 3, 300 → 4, 310 → 4, 900 → 5, 1200.50 → 5.
    expect(s.map((x) => x.monetary)).toEqual([5, 1, 1, 2, 2, 2, 3, 4, 4, 5]);
    expect(s.map((x) => x.cell)).toEqual([
      '555',
      '411',
      '411',
      '412',
      '312',
      '312',
      '233',
      '244',
      '144',
      '155',
    ]);
    expect(s.map((x) => x.score)).toEqual([15, 6, 6, 7, 6, 6, 8, 10, 9, 11]);
    expect(s[0]).toEqual({
      customerId: 'c0',
      recency: 5,
      frequency: 5,
      monetary: 5,
      cell: '555',
      score: 15,
      bins: 5,
    });
  });

  it('uses average order value for M when asked', () => {
    // AOV 40 has 3 lower values → 2; the two 50s have 4 lower (15, 20, 35.10, 40) → 3.
    expect(rfmScores(customers, { monetary: 'average' }).map((x) => x.monetary)).toEqual([
      5, 1, 1, 2, 3, 3, 2, 4, 4, 5,
    ]);
  });

  it('scores columns exactly like rows', () => {
    const cols = rfmScores({
      customerId: customers.map((c) => c.customerId),
      daysSinceLastPurchase: Float64Array.from(days),
      orderCount: Uint16Array.from(orders),
      totalSpend: Float64Array.from(spend.map(Number)),
    });
    expect(cols.bins).toBe(5);
    expect([...cols.recency]).toEqual([5, 4, 4, 4, 3, 3, 2, 2, 1, 1]);
    expect([...cols.frequency]).toEqual([5, 1, 1, 1, 1, 1, 3, 4, 4, 5]);
    expect([...cols.monetary]).toEqual([5, 1, 1, 2, 2, 2, 3, 4, 4, 5]);
    expect([...cols.score]).toEqual([15, 6, 6, 7, 6, 6, 8, 10, 9, 11]);
    expect(cols.customerId?.[9]).toBe('c9');
  });

  it('supports other bin counts', () => {
    // bins 2: score = ⌊rankFirst × 2 / 10⌋ + 1 → 2 once rankFirst ≥ 5.
    expect(rfmScores(customers, { bins: 2 }).map((x) => x.frequency)).toEqual([2, 1, 1, 1, 1, 1, 2, 2, 2, 2]);
    const three = rfmScores(customers, { bins: 3 });
    // bins 3: ⌊rankFirst × 3 / 10⌋ + 1; R ranks 9,7,7,6,5,4,3,2,1,0 → 3,3,3,2,2,2,1,1,1,1.
    expect(three.map((x) => x.recency)).toEqual([3, 3, 3, 2, 2, 2, 1, 1, 1, 1]);
    expect(three[0]?.bins).toBe(3);
  });

  it('handles one customer and an empty list', () => {
    expect(rfmScores([customers[0] as RfmCustomer])[0]?.cell).toBe('111');
    expect(rfmScores([])).toEqual([]);
    expect(rfmScores({ daysSinceLastPurchase: [], orderCount: [], totalSpend: [] }).score.length).toBe(0);
  });

  it('names invalid fields and options', () => {
    const bad = { ...customers[0], daysSinceLastPurchase: -1 } as RfmCustomer;
    expect(messageOf(() => rfmScores([customers[1] as RfmCustomer, bad]))).toContain(
      'customers[1].daysSinceLastPurchase: expected a finite number of 0 or more, received -1',
    );
    expect(messageOf(() => rfmScores([{ ...customers[0], orderCount: 1.5 } as RfmCustomer]))).toContain(
      'customers[0].orderCount: expected a whole number of 0 or more, received 1.5',
    );
    expect(messageOf(() => rfmScores([{ ...customers[0], totalSpend: 'abc' } as RfmCustomer]))).toContain(
      'customers[0].totalSpend: expected an amount of 0 or more, received "abc"',
    );
    expect(
      messageOf(() => rfmScores([{ ...customers[0], averageOrderValue: new Decimal(-2) } as RfmCustomer])),
    ).toContain('customers[0].averageOrderValue: expected an amount of 0 or more, received -2');
    expect(messageOf(() => rfmScores([{ ...customers[0], customerId: '' } as RfmCustomer]))).toContain(
      'customers[0].customerId: expected a customer id (a non-empty string or an integer), received ""',
    );
    // A misspelt field is caught as the real one missing (extra fields are allowed: summaries carry more).
    const { totalSpend: _dropped, ...misspelt } = { ...customers[0], totalspend: 5 };
    expect(messageOf(() => rfmScores([misspelt as unknown as RfmCustomer]))).toContain(
      'customers[0].totalSpend: expected an amount of 0 or more, received undefined',
    );
    expect(messageOf(() => rfmScores([null as unknown as RfmCustomer]))).toContain(
      'customers[0]: expected an object, received null',
    );
    expect(messageOf(() => rfmScores(customers, { bins: 10 }))).toContain(
      'bins: expected a whole number in [2, 9], received 10',
    );
    expect(messageOf(() => rfmScores(customers, { monetary: 'median' as 'total' }))).toContain(
      `monetary: expected one of 'total', 'average', received "median"`,
    );
  });

  it('names input that is neither rows nor columns', () => {
    expect(messageOf(() => rfmScores(null as never))).toContain(
      'customers: expected an array of rows or an object of columns, received null',
    );
    expect(
      messageOf(() =>
        rfmScores({
          customerId: ['a'],
          daysSinceLastPurchase: [1, 2],
          orderCount: [1, 2],
          totalSpend: [1, 2],
        }),
      ),
    ).toContain('customers.customerId: expected an array of 2 customer ids, received an array of 1');
  });

  it('names invalid columns', () => {
    expect(
      messageOf(() =>
        rfmScores({ daysSinceLastPurchase: [1, 2], orderCount: [1, Number.NaN], totalSpend: [1] }),
      ),
    ).toContain('customers.orderCount[1]: expected a whole number of 0 or more, received NaN');
    expect(
      messageOf(() => rfmScores({ daysSinceLastPurchase: [1, 2], orderCount: [1, 2], totalSpend: [1] })),
    ).toContain(
      'customers.totalSpend: expected 2 values (as many as daysSinceLastPurchase), received "1 values"',
    );
    expect(
      messageOf(() => rfmScores({ daysSinceLastPurchase: [1], orderCount: [1] }, { monetary: 'average' })),
    ).toContain(
      'customers.averageOrderValue: expected an array or typed array of numbers, received undefined',
    );
  });
});

describe('rfmScoresWithThresholds', () => {
  const thresholds = {
    recency: [30, 90, 180, 365],
    frequency: [2, 3, 5, 10],
    monetary: [50, 100, '500', 1000],
  };

  it('scores against inclusive cut-offs', () => {
    const s = rfmScoresWithThresholds(customers, thresholds);
    // days 1, 5, 5, 30 ≤ 30 → R5; 60, 90 ≤ 90 → R4; 120 → R3; 200 → R2 (≤ 365); 365 → R2; 400 → R1.
    expect(s.map((x) => x.recency)).toEqual([5, 5, 5, 5, 4, 4, 3, 2, 2, 1]);
    // orders ≥ 2, 3, 5, 10: 10 → F5; 1 → F1; 2 → F2; 3 → F3; 8 → F4.
    expect(s.map((x) => x.frequency)).toEqual([5, 1, 1, 1, 1, 1, 2, 3, 3, 4]);
    // spend ≥ 50, 100, 500, 1000: 1200.50 → 5; 15, 20, 35.10 → 1; 50 → 2; 80 → 2; 300, 310 → 3; 900 → 4.
    expect(s.map((x) => x.monetary)).toEqual([5, 1, 1, 1, 2, 2, 2, 3, 3, 4]);
    expect(s[0]?.bins).toBe(5);
    const one = rfmScoresWithThresholds(
      [{ customerId: 1, daysSinceLastPurchase: 45, orderCount: 5, totalSpend: '250', averageOrderValue: 50 }],
      thresholds,
    );
    expect(one[0]?.cell).toBe('443');
  });

  it('scores columns and average order value', () => {
    const cols = rfmScoresWithThresholds(
      { daysSinceLastPurchase: [0, 366], orderCount: [1, 10], averageOrderValue: [100, 99.99] },
      { recency: [30], frequency: [2], monetary: [100] },
      { monetary: 'average' },
    );
    expect(cols.bins).toBe(2);
    expect([...cols.recency, ...cols.frequency, ...cols.monetary]).toEqual([2, 1, 1, 2, 2, 1]);
  });

  it('names invalid cut-offs', () => {
    expect(
      messageOf(() => rfmScoresWithThresholds(customers, { ...thresholds, frequency: [2, 2, 5, 10] })),
    ).toContain('thresholds.frequency[1]: expected a cut-off above the previous one (2), received 2');
    expect(
      messageOf(() => rfmScoresWithThresholds(customers, { ...thresholds, monetary: [50, 100, 500] })),
    ).toContain(
      'thresholds: expected as many frequency and monetary cut-offs as recency cut-offs (4), received "4 frequency and 3 monetary"',
    );
    expect(messageOf(() => rfmScoresWithThresholds(customers, { ...thresholds, recency: [] }))).toContain(
      'thresholds.recency: expected an array of 1 to 8 ascending cut-offs (bins − 1 of them), received an array of 0',
    );
    expect(
      messageOf(() => rfmScoresWithThresholds(customers, { ...thresholds, monetary: [50, -1, 500, 1000] })),
    ).toContain('thresholds.monetary[1]: expected an amount of 0 or more, received -1');
  });
});

describe('rfmCell', () => {
  it('writes R, F, M digits', () => {
    expect(rfmCell(5, 4, 5)).toBe('545');
    expect(rfmCell(1, 1, 1)).toBe('111');
  });
});
