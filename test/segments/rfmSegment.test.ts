import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money.js';
import {
  DEFAULT_RFM_SEGMENT_TABLE,
  type RfmCustomer,
  type RfmSegmentTable,
  rescaleScore,
  rfmScores,
  rfmSegment,
  rfmSegments,
  segmentSummary,
} from '../../src/segments/index.js';
import { messageOf } from '../messageOf.js';

describe('DEFAULT_RFM_SEGMENT_TABLE', () => {
  it('gives every one of the 125 cells exactly one matching rule', () => {
    const inRange = (s: number, r: readonly [number, number] | undefined) =>
      r === undefined || (s >= r[0] && s <= r[1]);
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++)
        for (let m = 1; m <= 5; m++) {
          const matches = DEFAULT_RFM_SEGMENT_TABLE.rules.filter(
            (x) => inRange(r, x.recency) && inRange(f, x.frequency) && inRange(m, x.monetary),
          );
          expect(matches.length, `cell ${r}${f}${m}`).toBe(1);
        }
  });

  it('names every R×F cell as documented', () => {
    const grid = [5, 4, 3, 2, 1].map((r) =>
      [1, 2, 3, 4, 5].map((f) => rfmSegment({ recency: r, frequency: f, monetary: 3 })),
    );
    expect(grid).toEqual([
      ['New Customers', 'Potential Loyalists', 'Potential Loyalists', 'Champions', 'Champions'],
      ['Promising', 'Potential Loyalists', 'Potential Loyalists', 'Loyal Customers', 'Loyal Customers'],
      ['About to Sleep', 'About to Sleep', 'Need Attention', 'Loyal Customers', 'Loyal Customers'],
      ['Hibernating', 'Hibernating', 'At Risk', 'At Risk', 'Cannot Lose Them'],
      ['Lost', 'Lost', 'At Risk', 'At Risk', 'Cannot Lose Them'],
    ]);
    expect(new Set(grid.flat()).size).toBe(11);
  });
});

describe('rfmSegment / rfmSegments', () => {
  it('uses the first matching rule of a custom table, monetary included', () => {
    const table: RfmSegmentTable<'VIP' | 'Big spender' | 'Other'> = {
      bins: 3,
      rules: [
        { segment: 'VIP', recency: [3, 3], frequency: [3, 3], monetary: [3, 3] },
        { segment: 'Big spender', recency: [1, 3], frequency: [1, 3], monetary: [3, 3] },
        { segment: 'Other', recency: [1, 3], frequency: [1, 3] },
      ],
    };
    expect(rfmSegment({ recency: 3, frequency: 3, monetary: 3 }, table)).toBe('VIP');
    expect(rfmSegment({ recency: 1, frequency: 3, monetary: 3 }, table)).toBe('Big spender');
    expect(rfmSegment({ recency: 3, frequency: 3, monetary: 2 }, table)).toBe('Other');
  });

  it('rescales scores of other bin counts onto the table by band midpoints', () => {
    expect([1, 2, 3].map((s) => rescaleScore(s, 3, 5))).toEqual([1, 3, 5]);
    expect([1, 2, 3, 4].map((s) => rescaleScore(s, 4, 5))).toEqual([1, 2, 4, 5]);
    expect([1, 2, 3, 4, 5].map((s) => rescaleScore(s, 5, 5))).toEqual([1, 2, 3, 4, 5]);
    expect([1, 5, 9].map((s) => rescaleScore(s, 9, 5))).toEqual([1, 3, 5]);
    // 3 bins: R3 F3 → R5 F5 → Champions; R1 F2 → R1 F3 → At Risk.
    expect(rfmSegment({ recency: 3, frequency: 3, monetary: 1, bins: 3 })).toBe('Champions');
    expect(rfmSegment({ recency: 1, frequency: 2, bins: 3 })).toBe('At Risk');
  });

  it('segments score rows and score columns', () => {
    const customers: RfmCustomer[] = [1, 5, 5, 30, 60, 90, 120, 200, 365, 400].map((d, i) => ({
      customerId: i,
      daysSinceLastPurchase: d,
      orderCount: [10, 1, 1, 1, 1, 1, 2, 3, 3, 8][i] as number,
      totalSpend: ['1200.50', 15, 20, '35.10', 50, 50, 80, 300, 310, 900][i] as number | string,
      averageOrderValue: 1,
    }));
    // Cells (see rfmScores.test): 555 411 411 412 312 312 233 244 144 155.
    const expected = [
      'Champions',
      'Promising',
      'Promising',
      'Promising',
      'About to Sleep',
      'About to Sleep',
      'At Risk',
      'At Risk',
      'At Risk',
      'Cannot Lose Them',
    ];
    const scores = rfmScores(customers);
    expect(rfmSegments(scores)).toEqual(expected);
    const cols = rfmScores({
      daysSinceLastPurchase: customers.map((c) => c.daysSinceLastPurchase),
      orderCount: customers.map((c) => c.orderCount),
      totalSpend: customers.map((c) => Number(c.totalSpend)),
    });
    expect(rfmSegments(cols)).toEqual(expected);

    const summary = segmentSummary(customers, rfmSegments(scores));
    expect(
      summary.map((s) => [s.segment, s.customers, s.revenue.toString(), s.customerShare.toString()]),
    ).toEqual([
      ['Champions', 1, '1200.5', '0.1'],
      ['Cannot Lose Them', 1, '900', '0.1'],
      ['At Risk', 3, '690', '0.3'],
      ['About to Sleep', 2, '100', '0.2'],
      ['Promising', 3, '70.1', '0.3'],
    ]);
    // 1200.50 / 2960.60 to 34 significant digits.
    expect(summary[0]?.revenueShare.toString()).toBe('0.4054921299736539890562723772208336');
    expect(summary[4]?.revenueShare.toString()).toBe('0.02367763291224751739512261028169966');
  });

  it('names invalid scores and tables', () => {
    expect(messageOf(() => rfmSegment({ recency: 6, frequency: 1 }))).toContain(
      'score.recency: expected a whole number in [1, 5], received 6',
    );
    expect(
      messageOf(() =>
        rfmSegments([
          { recency: 1, frequency: 1 },
          { recency: 2, frequency: 2.5 },
        ]),
      ),
    ).toContain('scores[1].frequency: expected a whole number in [1, 5], received 2.5');
    const gap: RfmSegmentTable = { bins: 2, rules: [{ segment: 'A', recency: [1, 1], frequency: [1, 2] }] };
    expect(messageOf(() => rfmSegment({ recency: 1, frequency: 1 }, gap))).toContain(
      'rules.rules: expected rules that cover every cell (no rule matches R=2, F=1, M=1)',
    );
    const inverted: RfmSegmentTable = {
      bins: 2,
      rules: [{ segment: 'A', recency: [2, 1], frequency: [1, 2] }],
    };
    expect(messageOf(() => rfmSegment({ recency: 1, frequency: 1 }, inverted))).toContain(
      'rules.rules[0].recency: expected a range [low, high] with 1 ≤ low ≤ high ≤ 2, received an array of 2',
    );
  });

  it('segmentSummary: zero revenue gives zero shares; names invalid input', () => {
    const c = (id: number, spend: number | string | Decimal): RfmCustomer => ({
      customerId: id,
      daysSinceLastPurchase: 1,
      orderCount: 1,
      totalSpend: spend,
      averageOrderValue: spend,
    });
    const s = segmentSummary([c(1, 0), c(2, '0.00')], ['A', 'B']);
    expect(s.map((r) => [r.segment, r.revenueShare.toString(), r.customerShare.toString()])).toEqual([
      ['A', '0', '0.5'],
      ['B', '0', '0.5'],
    ]);
    expect(segmentSummary([], [])).toEqual([]);
    // The documented example, and the same from a spend column.
    const rows = segmentSummary(
      [{ totalSpend: 600 }, { totalSpend: '100' }, { totalSpend: new Decimal(300) }],
      ['Champions', 'Lost', 'Champions'],
    );
    const cols = segmentSummary({ totalSpend: Float64Array.of(600, 100, 300) }, [
      'Champions',
      'Lost',
      'Champions',
    ]);
    for (const r of [rows, cols]) {
      expect(r.map((x) => [x.segment, x.customers, x.revenue.toString(), x.revenueShare.toString()])).toEqual(
        [
          ['Champions', 2, '900', '0.9'],
          ['Lost', 1, '100', '0.1'],
        ],
      );
      expect(r[0]?.customerShare.toString()).toBe('0.6666666666666666666666666666666667');
    }
    expect(messageOf(() => segmentSummary({ totalSpend: [1, Number.NaN] }, ['A', 'B']))).toContain(
      'customers.totalSpend[1]: expected an amount of 0 or more, received NaN',
    );
    expect(messageOf(() => segmentSummary([{ totalSpend: 1 }, { spend: 2 } as never], ['A', 'B']))).toContain(
      'customers[1].totalSpend: expected an amount of 0 or more, received undefined',
    );
    expect(messageOf(() => segmentSummary([c(1, 1)], ['A', 'B']))).toContain(
      'segments: expected an array of 1 segment names (one per customer), received an array of 2',
    );
    expect(messageOf(() => segmentSummary([c(1, -1)], ['A']))).toContain(
      'customers[0].totalSpend: expected an amount of 0 or more, received -1',
    );
    expect(messageOf(() => segmentSummary([c(1, 1)], [null as unknown as string]))).toContain(
      'segments[0]: expected a segment name, received null',
    );
  });
});
