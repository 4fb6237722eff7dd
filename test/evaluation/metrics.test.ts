import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateBias,
  akaikeInformationCriterion,
  averageRanks,
  bayesianInformationCriterion,
  chiSquareSurvival,
  decileTable,
  likelihoodRatioTest,
  meanAbsoluteError,
  meanSquaredLogError,
  normalizedGini,
  rootMeanSquaredError,
  spearmanCorrelation,
  topDecileCapture,
  upperRegularizedGamma,
} from '../../src/evaluation/index.js';
import { messageOf } from '../messageOf.js';

describe('error metrics by hand', () => {
  const actual = [0, 2, 4];
  const predicted = [1, 2, 2];
  it('MAE, RMSE, MSLE and bias', () => {
    expect(meanAbsoluteError(actual, predicted)).toBe(1); // (1 + 0 + 2) / 3
    expect(rootMeanSquaredError(actual, predicted)).toBeCloseTo(Math.sqrt(5 / 3), 14); // (1 + 0 + 4) / 3
    // (ln 2 − ln 1)² + 0 + (ln 3 − ln 5)², over 3
    expect(meanSquaredLogError(actual, predicted)).toBeCloseTo(
      (Math.log(2) ** 2 + Math.log(3 / 5) ** 2) / 3,
      14,
    );
    expect(aggregateBias(actual, predicted)).toBeCloseTo(5 / 6 - 1, 14);
  });
  it('refuses mismatched, empty, non-finite and negative-for-MSLE input, naming the entry', () => {
    expect(messageOf(() => meanAbsoluteError([1, 2], [1]))).toMatch(/predicted: expected 2 values/);
    expect(messageOf(() => meanAbsoluteError([], []))).toMatch(/actual: expected at least one value/);
    expect(messageOf(() => rootMeanSquaredError([1, Number.NaN], [1, 2]))).toMatch(/actual\[1\]/);
    expect(messageOf(() => meanSquaredLogError([1, 2], [-1, 2]))).toMatch(
      /predicted\[0\]: expected a finite number ≥ 0/,
    );
    expect(messageOf(() => aggregateBias([0, 0], [1, 2]))).toMatch(/positive total/);
  });
  it('RMSE ≥ MAE and both 0 for a perfect prediction (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 })), {
          minLength: 1,
          maxLength: 50,
        }),
        (pairs) => {
          const a = pairs.map((p) => p[0] / 100);
          const p = pairs.map((q) => q[1] / 100);
          expect(rootMeanSquaredError(a, p)).toBeGreaterThanOrEqual(meanAbsoluteError(a, p) * (1 - 1e-12));
          expect(meanAbsoluteError(a, a)).toBe(0);
          expect(meanSquaredLogError(a, a)).toBe(0);
        },
      ),
    );
  });
});

describe('Spearman correlation', () => {
  it('reproduces the textbook example (IQ vs hours of TV: ρ = −29/165)', () => {
    // Wikipedia, "Spearman's rank correlation coefficient", Example: Σd² = 194, ρ = 1 − 6·194/(10·99) = −29/165.
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    expect(spearmanCorrelation(iq, tv)).toBeCloseTo(-29 / 165, 14);
  });
  it('uses average ranks for ties: Pearson of the hand-ranked columns', () => {
    expect(Array.from(averageRanks(Float64Array.of(10, 20, 20, 30)))).toEqual([1, 2.5, 2.5, 4]);
    // a = [1, 2, 2, 3] → ranks [1, 2.5, 2.5, 4]; p = [5, 5, 6, 7] → ranks [1.5, 1.5, 3, 4].
    // Deviations from 2.5: x = [−1.5, 0, 0, 1.5], y = [−1, −1, 0.5, 1.5]; Σxy = 1.5 + 2.25 = 3.75,
    // Σx² = 4.5, Σy² = 1 + 1 + 0.25 + 2.25 = 4.5 → ρ = 3.75 / 4.5.
    expect(spearmanCorrelation([1, 2, 2, 3], [5, 5, 6, 7])).toBeCloseTo(3.75 / 4.5, 14);
  });
  it('is 0 for a constant column and ±1 for monotone ones', () => {
    expect(spearmanCorrelation([0, 0, 0], [1, 2, 3])).toBe(0);
    expect(spearmanCorrelation([1, 2, 3], [10, 100, 1000])).toBe(1);
    expect(spearmanCorrelation([1, 2, 3], [3, 2, 1])).toBe(-1);
  });
});

describe('normalized Gini', () => {
  it('a small example by hand: (7/12) / (2/3) = 0.875', () => {
    // Sorted by prediction: actual 3, 1, 2, 0 → gains 3/6, 4/6, 1, 1 → Gini 2·(19/24) − 1 = 7/12.
    // Perfect order 3, 2, 1, 0 → gains 3/6, 5/6, 1, 1 → 2·(20/24) − 1 = 2/3.
    expect(normalizedGini([0, 1, 2, 3], [0.1, 0.4, 0.3, 0.8])).toBeCloseTo(0.875, 14);
  });
  it('is 1 for the perfect order, and ties share value evenly', () => {
    expect(normalizedGini([0, 1, 2, 3], [0, 1, 2, 3])).toBeCloseTo(1, 14);
    // All predictions tied: the gain curve is the diagonal k/n, Gini 2·(1/n)Σk/n − 1 = (n+1)/n − 1 = 1/n, not 0:
    // the same as the perfect order's floor. Here n = 4: raw 1/4; perfect raw 2/3 → 0.375.
    expect(normalizedGini([0, 1, 2, 3], [5, 5, 5, 5])).toBeCloseTo(0.25 / (2 / 3), 14);
  });
  it('agrees with an independent pairwise formula on random data without ties (property)', () => {
    // Independent: raw Gini = 2·(1/n) Σ_k G_k − 1 with G_k = (1/S) Σ_j a_j [rank_p(j) ≤ k] → Σ_k G_k =
    // (1/S) Σ_j a_j (n − pos_j + 1), pos_j the 1-based position of j in descending predicted order.
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 3, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 40, maxLength: 40 }),
        (preds, values) => {
          const n = preds.length;
          const a = values.slice(0, n);
          if (a.every((v) => v === a[0])) return;
          const raw = (by: number[]) => {
            const positions = by.map((v) => by.filter((w) => w > v).length + 1);
            const s = a.reduce((x, y) => x + y, 0);
            const sum = a.reduce((acc, v, j) => acc + v * (n - (positions[j] as number) + 1), 0) / s;
            return (2 * sum) / n - 1;
          };
          // Perfect order: by actual with ties broken arbitrarily — ties in actual do not change the area.
          const perfectBy = a.map((v, j) => v + j * 1e-9);
          expect(normalizedGini(a, preds)).toBeCloseTo(raw(preds) / raw(perfectBy), 10);
        },
      ),
    );
  });
  it('refuses all-equal actual values (nothing to normalize by)', () => {
    expect(messageOf(() => normalizedGini([1, 1], [1, 2]))).toMatch(/values that differ/);
  });
  it('values whose total passes 1.8e308 score as the same values divided by 5e307', () => {
    // [2, 1, 0, 2] by prediction 3, 4, 1, 2: actual 1, 2, 2, 0 → gains 1/5, 3/5, 1, 1 → raw 2·(2.8/4) − 1 = 0.4;
    // the perfect order 2, 2, 1, 0 → 2/5, 4/5, 1, 1 → 0.6. Before, Σ actual was Infinity and every share NaN:
    // the Gini was refused as "all equal".
    expect(normalizedGini([1e308, 5e307, 0, 1e308], [3, 4, 1, 2])).toBeCloseTo(2 / 3, 14);
    expect(normalizedGini([2, 1, 0, 2], [3, 4, 1, 2])).toBeCloseTo(2 / 3, 14);
  });
});

describe('deciles', () => {
  it('20 customers: two per decile, in predicted order', () => {
    const predicted = Array.from({ length: 20 }, (_, i) => 20 - i); // 20, 19, …, 1
    const actual = Array.from({ length: 20 }, (_, i) => (i < 2 ? 10 : 1)); // top two buy 10 each
    const rows = decileTable(actual, predicted);
    expect(rows.length).toBe(10);
    expect(rows[0]).toMatchObject({
      decile: 1,
      customers: 2,
      meanPredicted: 19.5,
      meanActual: 10,
      totalActual: 20,
    });
    expect(rows[0]?.shareOfActual).toBeCloseTo(20 / 38, 14);
    expect(rows[9]).toMatchObject({ decile: 10, customers: 2, meanPredicted: 1.5, meanActual: 1 });
    expect(topDecileCapture(actual, predicted)).toBeCloseTo(20 / 38, 14);
  });
  it('uneven sizes: 13 customers → deciles of 1 or 2 (position k in ⌊10k/13⌋ + 1)', () => {
    const rows = decileTable(
      new Array(13).fill(1),
      Array.from({ length: 13 }, (_, i) => i),
    );
    // k = 0…12 → ⌊10k/13⌋ = 0 0 1 2 3 3 4 5 6 6 7 8 9.
    expect(rows.map((r) => r.customers)).toEqual([2, 1, 1, 2, 1, 1, 2, 1, 1, 1]);
    expect(rows.reduce((s, r) => s + r.customers, 0)).toBe(13);
  });
  it('top-decile capture of the doc example', () => {
    expect(topDecileCapture([5, 0, 0, 0, 0, 0, 0, 0, 0, 5], [9, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toBe(0.5);
  });
});

describe('information criteria and the likelihood-ratio test', () => {
  it('AIC and BIC of the published CDNOW BG/NBD fit (ln L = −9,582.43, k = 4, n = 2,357)', () => {
    expect(akaikeInformationCriterion(-9582.43, 4)).toBeCloseTo(19172.86, 8);
    expect(bayesianInformationCriterion(-9582.43, 4, 2357)).toBeCloseTo(4 * Math.log(2357) + 19164.86, 8);
  });
  it('chi-square tail against tabled quantiles', () => {
    // Tabled χ² critical values (e.g. Abramowitz & Stegun Table 26.8): 3.841 (df 1, 5 %), 5.991 (df 2, 5 %),
    // 6.635 (df 1, 1 %), 11.345 (df 3, 1 %).
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(5.991464547107979, 2)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(6.6348966010212145, 1)).toBeCloseTo(0.01, 12);
    expect(chiSquareSurvival(11.344866730144373, 3)).toBeCloseTo(0.01, 12);
    expect(upperRegularizedGamma(1, 2)).toBeCloseTo(Math.exp(-2), 14); // Q(1, x) = e^{−x}
    expect(chiSquareSurvival(0, 2)).toBe(1);
  });
  it('LR test: statistic, df, p-value; refuses a full model with no more parameters', () => {
    const t = likelihoodRatioTest(-1000, 3, -998.0792705896, 4);
    expect(t.statistic).toBeCloseTo(3.841458820694124, 8);
    expect(t.degreesOfFreedom).toBe(1);
    expect(t.pValue).toBeCloseTo(0.05, 8);
    expect(messageOf(() => likelihoodRatioTest(-1, 4, -1, 4))).toMatch(/fullParameters/);
  });
});
