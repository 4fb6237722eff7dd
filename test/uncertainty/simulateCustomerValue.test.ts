/**
 * The per-customer engine (`predictiveLifetimeValue` with `totals: false`): shared draws per purchase history,
 * scaled per customer. Checked against the joint engine (independent draws per customer, `totals: true`), against
 * the point CLV, and the scaling rule exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitBetaGeo } from '../../src/models/betaGeo.js';
import { fitGammaGamma } from '../../src/models/gammaGamma.js';
import { fitParetoNbd } from '../../src/models/paretoNbd.js';
import { predictCustomerLifetimeValue } from '../../src/models/predict.js';
import { repeatSpenders } from '../../src/models/repeatSpenders.js';
import { drawParameters, predictiveLifetimeValue } from '../../src/uncertainty/libraryVerbs.js';
import { quantileAboveZeros, selectSmallest, sortedQuantile } from '../../src/uncertainty/quantiles.js';
import { loadCdnowWithSpend } from '../models/cdnow.js';
import { sum } from './cases.js';

const customers = loadCdnowWithSpend();
const gg = fitGammaGamma(repeatSpenders(customers));

describe('selecting quantiles instead of sorting', () => {
  it('selectSmallest is the k-th of the sorted values; quantileAboveZeros is sortedQuantile with the zeros', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.nat(300),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        (values, zeros, q) => {
          const sorted = Float64Array.from(values).sort();
          const k = values.length - 1 - (zeros % values.length);
          expect(selectSmallest(Float64Array.from(values), values.length, k)).toBe(sorted[k]);
          const all = Float64Array.from([...new Array<number>(zeros).fill(0), ...values]).sort();
          expect(quantileAboveZeros(Float64Array.from(values), values.length, zeros, q)).toBe(
            sortedQuantile(all, q),
          );
        },
      ),
      { seed: 16, numRuns: 300 },
    );
    // Many ties (whole purchase counts): the median-of-three partition still ends.
    const ties = Float64Array.from({ length: 1000 }, (_, i) => i % 3);
    expect(selectSmallest(ties, 1000, 500)).toBe(1);
  });
});

describe('per-customer draws shared by purchase history', () => {
  for (const [name, fitOf] of [
    ['BG/NBD', fitBetaGeo],
    ['Pareto/NBD', fitParetoNbd],
  ] as const) {
    it(`${name} on CDNOW, both fits' parameter draws: the same distributions as the joint engine's`, () => {
      const fit = fitOf(customers);
      const input = {
        transactionModel: fit,
        spendModel: gg,
        customers,
        timeUnit: 'week' as const,
        horizon: 6,
      };
      // Customers with the same x share their draws' variates (common random numbers), so the errors of the
      // customers' means do not average out in a sum over customers: a sum is about as precise as one
      // customer's mean. With 4,000 draws the sums' MC error is 1–2 % (seeds 1–8 of BG/NBD and Pareto/NBD on
      // CDNOW: at most 2.9 % and 3.9 % for Σ CLV mean), hence 5 %; test/uncertainty/scaledHistoryDraws.test.ts
      // checks every customer against the closed forms instead.
      const D = 4000;
      const options = (seed: number) => ({
        seed,
        quantiles: [0.05, 0.5, 0.95],
        parameterDraws: drawParameters(fit, { draws: D, seed }),
        spendParameterDraws: drawParameters(gg, { draws: D, seed: seed + 1 }),
      });
      const fast = predictiveLifetimeValue(input, { ...options(4), totals: false });
      const joint = predictiveLifetimeValue(input, options(5));
      expect(fast.totals).toEqual([]);
      const point = predictCustomerLifetimeValue(input).values;
      // Means: Σ of the customers' means against Σ point CLV and the joint run's.
      const total = sum(point);
      expect(Math.abs(sum(fast.clv.mean) / total - 1)).toBeLessThan(0.05);
      expect(Math.abs(sum(fast.clv.mean) / sum(joint.clv.mean) - 1)).toBeLessThan(0.05);
      expect(Math.abs(sum(fast.revenue.mean) / sum(joint.revenue.mean) - 1)).toBeLessThan(0.05);
      // P(none), the purchase and money quantiles, averaged over the customers.
      expect(Math.abs(sum(fast.probabilityNone) - sum(joint.probabilityNone)) / 2357).toBeLessThan(0.005);
      for (const j of [1, 2]) {
        const a = sum(fast.purchases.quantiles[j] as Float64Array);
        const b = sum(joint.purchases.quantiles[j] as Float64Array);
        expect(Math.abs(a - b) / 2357).toBeLessThan(0.03);
        const c = sum(fast.clv.quantiles[j] as Float64Array);
        const e = sum(joint.clv.quantiles[j] as Float64Array);
        expect(Math.abs(c / e - 1)).toBeLessThan(0.05);
      }
      // Purchases' mean is E[purchases] (expected_purchases over the six months) within MC error.
      const expected = predictCustomerLifetimeValue(input).expectedPurchases;
      expect(Math.abs(sum(fast.purchases.mean) / sum(expected) - 1)).toBeLessThan(0.05);
    });
  }

  it('without spend parameter draws, a customer is their history scaled by γ + x m̄: quantiles exactly in ratio', () => {
    const few = {
      frequency: [3, 3, 0, 0],
      recency: [20, 20, 0, 0],
      T: [30, 30, 30, 30],
      monetaryValue: [10, 100, 0, 0],
    };
    const bg = fitBetaGeo(customers);
    const v = predictiveLifetimeValue(
      { transactionModel: bg, spendModel: gg, customers: few, timeUnit: 'week' },
      { draws: 2000, seed: 3, totals: false, quantiles: [0.5, 0.9, 0.99] },
    );
    const gamma = gg.params.gamma as number;
    const ratio = (gamma + 300) / (gamma + 30);
    for (const j of [0, 1, 2]) {
      const q = v.clv.quantiles[j] as Float64Array;
      expect(q[1]).toBeCloseTo((q[0] as number) * ratio, 9);
      expect((v.revenue.quantiles[j] as Float64Array)[1]).toBeCloseTo(
        ((v.revenue.quantiles[j] as Float64Array)[0] as number) * ratio,
        9,
      );
      // Two new customers (x = 0) share everything.
      expect(q[3]).toBe(q[2]);
    }
    expect(v.clv.mean[1]).toBeCloseTo((v.clv.mean[0] as number) * ratio, 9);
    expect(v.probabilityNone[1]).toBe(v.probabilityNone[0]);
  });

  it('with spend parameter draws, customers of one history differ draw by draw; a repeated amount copies', () => {
    const few = {
      frequency: [3, 3, 3],
      recency: [20, 20, 20],
      T: [30, 30, 30],
      monetaryValue: [10, 100, 10],
    };
    const bg = fitBetaGeo(customers);
    const v = predictiveLifetimeValue(
      { transactionModel: bg, spendModel: gg, customers: few, timeUnit: 'week' },
      {
        seed: 3,
        totals: false,
        parameterDraws: drawParameters(bg, { draws: 2000, seed: 1 }),
        spendParameterDraws: drawParameters(gg, { draws: 2000, seed: 2 }),
      },
    );
    const high = v.clv.quantiles[2] as Float64Array;
    expect(high[2]).toBe(high[0]);
    expect(high[1]).toBeGreaterThan(3 * (high[0] as number));
    // Not an exact ratio any more: γ⁽ᵈ⁾ varies between draws.
    expect(Math.abs((high[1] as number) / (high[0] as number) - (15 + 300) / (15 + 30))).toBeGreaterThan(0);
  });

  it('many customers on one history (sorted draws, bracketed selection, one shared amount): the numbers of one customer alone', () => {
    const bg = fitBetaGeo(customers);
    const run = (monetaryValue: number[]) =>
      predictiveLifetimeValue(
        {
          transactionModel: bg,
          spendModel: gg,
          customers: {
            frequency: monetaryValue.map(() => 4),
            recency: monetaryValue.map(() => 25),
            T: monetaryValue.map(() => 38),
            monetaryValue,
          },
          timeUnit: 'week',
          horizon: 12,
          discountRate: 0.01,
        },
        {
          seed: 9,
          totals: false,
          quantiles: [0.05, 0.5, 0.95],
          parameterDraws: drawParameters(bg, { draws: 1000, seed: 1 }),
          spendParameterDraws: drawParameters(gg, { draws: 1000, seed: 2 }),
        },
      );
    // The history's draws do not depend on how many customers share it: each customer of a crowd must get
    // exactly the quantiles it gets alone (where every draw is selected among).
    const amounts = Array.from({ length: 40 }, (_, i) => 5 + ((i * 37) % 40) * 3.5);
    const crowd = run(amounts);
    const same = run(Array.from({ length: 12 }, () => 47.5));
    for (const i of [0, 7, 19, 39]) {
      const alone = run([amounts[i] as number]);
      for (const j of [0, 1, 2]) {
        expect((crowd.clv.quantiles[j] as Float64Array)[i]).toBe((alone.clv.quantiles[j] as Float64Array)[0]);
        expect((crowd.revenue.quantiles[j] as Float64Array)[i]).toBe(
          (alone.revenue.quantiles[j] as Float64Array)[0],
        );
      }
    }
    const alone = run([47.5]);
    for (const j of [0, 1, 2])
      for (let i = 0; i < 12; i++)
        expect((same.clv.quantiles[j] as Float64Array)[i]).toBe((alone.clv.quantiles[j] as Float64Array)[0]);
  });
});
