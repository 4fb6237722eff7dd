import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  churnRate,
  customerSatisfactionScore,
  grossRevenueRetention,
  netPromoterScore,
  netRevenueRetention,
  repeatPurchaseRate,
  retentionRate,
} from '../../src/metrics/index.js';
import { Decimal } from '../../src/money.js';
import { summarizeTransactions } from '../../src/transactions/index.js';
import { messageOf } from '../messageOf.js';

describe('retentionRate / churnRate', () => {
  it('CRR = (end − new) / start; churn = 1 − CRR = lost / start', () => {
    expect(retentionRate({ startCount: 200, endCount: 190, newCount: 30 }).toString()).toBe('0.8');
    expect(churnRate({ startCount: 200, endCount: 190, newCount: 30 }).toString()).toBe('0.2');
    expect(churnRate({ startCount: 200, lostCount: 40 }).toString()).toBe('0.2');
    expect(retentionRate({ startCount: 3, endCount: 2, newCount: 0 }).toString()).toBe(
      '0.6666666666666666666666666666666667',
    );
    expect(churnRate({ startCount: 3, endCount: 2, newCount: 0 }).toString()).toBe(
      '0.3333333333333333333333333333333333',
    );
    expect(retentionRate({ startCount: 10, endCount: 5, newCount: 5 }).toString()).toBe('0');
    expect(churnRate({ startCount: 10, endCount: 15, newCount: 5 }).toString()).toBe('0');
  });

  it('retention + churn = 1 for any valid counts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.nat(10_000), fc.nat(10_000), (start, r, added) => {
        const kept = r % (start + 1);
        const counts = { startCount: start, endCount: kept + added, newCount: added };
        expect(retentionRate(counts).add(churnRate(counts)).toString()).toBe('1');
      }),
    );
  });

  it('names invalid counts', () => {
    expect(messageOf(() => retentionRate({ startCount: 0, endCount: 1, newCount: 0 }))).toContain(
      'startCount: expected a whole number greater than 0, received 0',
    );
    expect(messageOf(() => retentionRate({ startCount: 10, endCount: 5, newCount: 6 }))).toContain(
      'newCount: expected at most endCount (5): new customers are counted in endCount, received 6',
    );
    expect(messageOf(() => retentionRate({ startCount: 10, endCount: 15, newCount: 2 }))).toContain(
      'endCount: expected at most startCount + newCount (12): more customers were retained than there were, received 15',
    );
    expect(messageOf(() => retentionRate({ startCount: 10, endCount: 2.5, newCount: 0 }))).toContain(
      'endCount: expected a whole number of 0 or more, received 2.5',
    );
    expect(messageOf(() => churnRate({ startCount: 10, lostCount: 11 }))).toContain(
      'lostCount: expected at most startCount (10), received 11',
    );
    expect(messageOf(() => churnRate({ startCount: 10, lostCount: 1, endCount: 3 } as never))).toContain(
      'endCount: expected no such field (check the spelling)',
    );
  });
});

describe('net and gross revenue retention', () => {
  const m = { startingRevenue: 1000, expansion: 150, contraction: 30, churned: 20 };
  it('NRR = (start + expansion − contraction − churned) / start; GRR leaves out expansion', () => {
    expect(netRevenueRetention(m).toString()).toBe('1.1');
    expect(grossRevenueRetention(m).toString()).toBe('0.95');
    expect(
      grossRevenueRetention({ startingRevenue: '300.00', contraction: '0.10', churned: '99.90' }).toString(),
    ).toBe('0.6666666666666666666666666666666667');
    expect(
      netRevenueRetention({
        startingRevenue: '0.3',
        expansion: '0.1',
        contraction: 0,
        churned: new Decimal('0.1'),
      }).toString(),
    ).toBe('1');
    expect(grossRevenueRetention({ startingRevenue: 50, contraction: 25, churned: 25 }).toString()).toBe('0');
  });

  it('names invalid movements', () => {
    expect(messageOf(() => netRevenueRetention({ ...m, startingRevenue: 0 }))).toContain(
      'startingRevenue: expected an amount greater than 0, received 0',
    );
    expect(messageOf(() => netRevenueRetention({ ...m, contraction: -1 }))).toContain(
      'contraction: expected an amount of 0 or more, received -1',
    );
    expect(messageOf(() => grossRevenueRetention({ ...m, contraction: 600, churned: 500 }))).toContain(
      'churned: expected at most startingRevenue − contraction (400): no more revenue can be lost than there was, received 500',
    );
    expect(
      messageOf(() => netRevenueRetention({ startingRevenue: 10, contraction: 0, churned: 0 } as never)),
    ).toContain('expansion: expected an amount of 0 or more, received undefined');
  });
});

describe('repeatPurchaseRate', () => {
  it('share of customers with 2+ orders (frequency = repeat purchases ≥ 1)', () => {
    expect(
      repeatPurchaseRate([
        { orderCount: 1 },
        { orderCount: 3 },
        { frequency: 2 },
        { frequency: 0 },
      ]).toString(),
    ).toBe('0.5');
    expect(repeatPurchaseRate([{ orderCount: 2 }, { orderCount: 1 }, { orderCount: 0 }]).toString()).toBe(
      '0.3333333333333333333333333333333333',
    );
    // Summary rows with other fields are fine.
    const row = {
      customerId: 'a',
      daysSinceLastPurchase: 3,
      orderCount: 4,
      totalSpend: 10,
      averageOrderValue: 2.5,
    };
    expect(repeatPurchaseRate([row]).toString()).toBe('1');
    // orderCount wins when a row has both (summary rows: frequency counts repeat purchase days).
    expect(repeatPurchaseRate([{ orderCount: 2, frequency: 0 }]).toString()).toBe('1');
  });

  it('reads summarizeTransactions rows directly', () => {
    const { customers } = summarizeTransactions(
      [
        { customerId: 'a', date: '2024-01-01', amount: 100 },
        { customerId: 'a', date: '2024-03-01', amount: 100 },
        { customerId: 'b', date: '2024-01-05', amount: 10 },
        { customerId: 'c', date: '2024-02-01', amount: 50 },
        { customerId: 'c', date: '2024-02-01', amount: 5 },
      ],
      { observationEnd: '2024-03-31' },
    );
    // a: 2 orders; b: 1; c: 2 orders on one day (frequency 0, orderCount 2) → 2 of 3 repeat.
    expect(repeatPurchaseRate(customers).toString()).toBe('0.6666666666666666666666666666666667');
  });

  it('names invalid rows', () => {
    expect(messageOf(() => repeatPurchaseRate([]))).toContain(
      'rows: expected at least one row, received "an empty list"',
    );
    expect(messageOf(() => repeatPurchaseRate([{ orderCount: 1 }, { orderCount: -2 }]))).toContain(
      'rows[1].orderCount: expected a whole number of 0 or more, received -2',
    );
    expect(messageOf(() => repeatPurchaseRate([{ orderCount: 'two', frequency: 1 } as never]))).toContain(
      'rows[0].orderCount: expected a whole number of 0 or more, received "two"',
    );
    expect(messageOf(() => repeatPurchaseRate([{ frequency: null } as never]))).toContain(
      'rows[0].frequency: expected a whole number of 0 or more, received null',
    );
    expect(messageOf(() => repeatPurchaseRate([{ customerId: 'a' } as never]))).toContain(
      'rows[0]: expected orderCount (all orders) or frequency (repeat purchases), received an object',
    );
  });
});

describe('netPromoterScore', () => {
  it('% promoters (9–10) − % detractors (0–6)', () => {
    expect(netPromoterScore([10, 9, 8, 6])).toEqual({
      score: new Decimal(25),
      promoters: 2,
      passives: 1,
      detractors: 1,
      responses: 4,
    });
    expect(netPromoterScore([0, 6, 7]).score.toString()).toBe('-66.66666666666666666666666666666667');
    expect(netPromoterScore(Uint8Array.of(9, 10, 10)).score.toString()).toBe('100');
    expect(netPromoterScore([7, 8]).score.toString()).toBe('0');
  });

  it('rejects blanks, fractions and out-of-scale answers', () => {
    expect(messageOf(() => netPromoterScore([10, null as unknown as number]))).toContain(
      'scores[1]: expected a whole number in [0, 10], received null',
    );
    expect(messageOf(() => netPromoterScore([11]))).toContain(
      'scores[0]: expected a whole number in [0, 10], received 11',
    );
    expect(messageOf(() => netPromoterScore([8.5]))).toContain(
      'scores[0]: expected a whole number in [0, 10], received 8.5',
    );
    expect(messageOf(() => netPromoterScore([]))).toContain(
      'scores: expected at least one response, received "an empty list"',
    );
  });
});

describe('customerSatisfactionScore', () => {
  it('% of responses at or above the threshold (default 4 on 1–5)', () => {
    expect(customerSatisfactionScore([5, 4, 3, 5, 1]).toString()).toBe('60');
    expect(customerSatisfactionScore([5, 4, 3, 5, 1], { satisfiedAtLeast: 5 }).toString()).toBe('40');
    expect(customerSatisfactionScore([7, 9, 10], { min: 0, max: 10, satisfiedAtLeast: 9 }).toString()).toBe(
      '66.66666666666666666666666666666667',
    );
    expect(customerSatisfactionScore([1, 2])).toEqual(new Decimal(0));
  });

  it('names invalid answers and options', () => {
    expect(messageOf(() => customerSatisfactionScore([5, 0]))).toContain(
      'scores[1]: expected a whole number in [1, 5], received 0',
    );
    expect(messageOf(() => customerSatisfactionScore([5, Number.NaN]))).toContain(
      'scores[1]: expected a whole number in [1, 5], received NaN',
    );
    expect(messageOf(() => customerSatisfactionScore([5], { satisfiedAtLeast: 6 }))).toContain(
      'satisfiedAtLeast: expected a whole number in [1, 5], received 6',
    );
    expect(messageOf(() => customerSatisfactionScore([5], { min: 5, max: 5 }))).toContain(
      'max: expected a value above min (5), received 5',
    );
    expect(messageOf(() => customerSatisfactionScore([5], { min: 0.5 }))).toContain(
      'min: expected a whole number, received 0.5',
    );
  });
});

describe('survey scores: the list and the scale are checked before any work', () => {
  it('rejects an array-like whose length is not a whole number of responses within the bound', () => {
    const bad = (length: number) => ({ length }) as unknown as ArrayLike<number>;
    for (const length of [Number.NaN, -1, 1.5, Number.POSITIVE_INFINITY, 1e9, 2 ** 32]) {
      expect(messageOf(() => netPromoterScore(bad(length)))).toContain(
        `scores.length: expected a whole number in [1, 50000000] (one entry per response), received ${length}`,
      );
      expect(messageOf(() => customerSatisfactionScore(bad(length)))).toContain(
        `scores.length: expected a whole number in [1, 50000000] (one entry per response), received ${length}`,
      );
    }
    // An array-like of the right length is read as the list it claims to be.
    expect(netPromoterScore({ length: 2, 0: 10, 1: 0 }).score.toString()).toBe('0');
    expect(customerSatisfactionScore({ length: 2, 0: 5, 1: 1 }).toString()).toBe('50');
  });

  it('counts a CSAT on a wide scale without a slot per answer', () => {
    // With a slot per answer the first took 71 s (past the test's time limit) and the second threw a RangeError.
    expect(customerSatisfactionScore([5], { min: 0, max: 1e8, satisfiedAtLeast: 4 }).toString()).toBe('100');
    expect(
      customerSatisfactionScore([-3, 0, 1e13, 99999999999999], {
        min: -1e14,
        max: 1e14,
        satisfiedAtLeast: 0,
      }).toString(),
    ).toBe('75');
    expect(
      messageOf(() =>
        customerSatisfactionScore([5, 1e14 + 1], { min: -1e14, max: 1e14, satisfiedAtLeast: 0 }),
      ),
    ).toContain(
      'scores[1]: expected a whole number in [-100000000000000, 100000000000000], received 100000000000001',
    );
  });
});

describe('revenue retention: the loss is checked exactly, never below 0', () => {
  it('rejects a loss beyond the starting revenue by any amount, whatever the order of the fields', () => {
    expect(
      messageOf(() => grossRevenueRetention({ startingRevenue: 1, contraction: 1, churned: '1e-300' })),
    ).toContain(
      'churned: expected at most startingRevenue − contraction (0): no more revenue can be lost than there was, received 1e-300',
    );
    expect(
      messageOf(() => grossRevenueRetention({ startingRevenue: 1, contraction: '1e-300', churned: 1 })),
    ).toContain(
      'churned: expected at most startingRevenue − contraction (0.9999999999999999999999999999999999): no more revenue can be lost than there was, received 1',
    );
    expect(
      messageOf(() =>
        netRevenueRetention({ startingRevenue: 1, expansion: 0, contraction: 1, churned: '1e-300' }),
      ),
    ).toContain('churned: expected at most startingRevenue − contraction (0)');
    expect(
      messageOf(() =>
        grossRevenueRetention({
          startingRevenue: 100,
          contraction: '100.00000000000000000000000000000000001',
          churned: 0,
        }),
      ),
    ).toContain(
      'contraction: expected at most startingRevenue (100): no more revenue can be lost than there was, received 100.00000000000000000000000000000000001',
    );
  });

  it('accepts a loss exactly when it fits, and then gives a GRR in [0, 1] (property)', () => {
    // Amounts of up to 40 digits at scales 10^-45 … 10^0, compared against BigInt arithmetic at scale 10^-45.
    const amount = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 40n }), fc.integer({ min: 25, max: 45 }))
      .map(([units, k]) => ({ units: units * 10n ** BigInt(45 - k), text: `${units}e-${k}` }));
    fc.assert(
      fc.property(
        amount,
        amount,
        amount,
        fc.integer({ min: -1, max: 1 }),
        (start, contraction, other, step) => {
          // Half the cases on the edge: churned = startingRevenue − contraction + step × 10^-45.
          const edge = start.units - contraction.units + BigInt(step);
          const churned =
            other.units % 2n === 0n && edge >= 0n ? { units: edge, text: `${edge}e-45` } : other;
          fc.pre(start.units > 0n && [start, contraction, churned].every((a) => a.units < 10n ** 60n)); // < 1e15
          const input = { startingRevenue: start.text, contraction: contraction.text, churned: churned.text };
          const fits = contraction.units + churned.units <= start.units;
          if (!fits) {
            expect(messageOf(() => grossRevenueRetention(input))).toMatch(
              /— (contraction|churned): expected at most/,
            );
            return;
          }
          const grr = grossRevenueRetention(input);
          expect(grr.gte(0) && grr.lte(1)).toBe(true);
          expect(grr.isZero()).toBe(contraction.units + churned.units === start.units);
        },
      ),
    );
  });

  it('rounds the ratio once, from the exact revenue kept', () => {
    // 1 − 1e-40 − (1 − 2e-40) = 1e-40 kept: 34-digit steps would give 0 or a negative ratio.
    const kept = {
      startingRevenue: 1,
      contraction: '1e-40',
      churned: '0.9999999999999999999999999999999999999998',
    };
    expect(grossRevenueRetention(kept).toString()).toBe('1e-40');
    expect(netRevenueRetention({ ...kept, expansion: 0 }).toString()).toBe('1e-40');
    expect(grossRevenueRetention({ startingRevenue: 1, contraction: 1, churned: 0 }).toString()).toBe('0');
  });
});
