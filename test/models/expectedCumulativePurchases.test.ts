import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { betaGeoFamilyExpectedPurchasesNewCustomer } from '../../src/models/betaGeo/predictions.js';
import { betaGeoBetaBinomExpectedPurchasesNewCustomer } from '../../src/models/betaGeoBetaBinom/newCustomer.js';
import {
  paretoNbdExpectedPurchasesNewCustomer,
  paretoNbdParams,
} from '../../src/models/paretoNbd/predictions.js';
import { expectedCumulativePurchases } from '../../src/models/tracking/expectedCumulativePurchases.js';
import { DATA_DIR, loadCdnowSummary } from './cdnow.js';

/** First-purchase times of the CDNOW sample in weeks since 1997-01-01, from the transaction log (as BTYD's elog). */
function cdnowFirstPurchaseWeeks(): Float64Array {
  const first = new Map<number, string>();
  for (const line of readFileSync(`${DATA_DIR}cdnow/CDNOW_sample.txt`, 'utf8').trim().split(/\r?\n/)) {
    const [, id, date] = line.trim().split(/\s+/);
    if (id === undefined || date === undefined) continue;
    const key = Number(id);
    const seen = first.get(key);
    if (seen === undefined || date < seen) first.set(key, date);
  }
  const day = (d: string) =>
    Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8))) / 86_400_000;
  return Float64Array.from(first.values(), (d) => (day(d) - day('19970101')) / 7);
}

const weeks = Float64Array.from({ length: 78 }, (_, i) => i + 1);

describe('expected cumulative purchases of a cohort (tracking curve)', () => {
  const firstPurchase = cdnowFirstPurchaseWeeks();

  it('reproduces the BTYD walkthrough’s Pareto/NBD tracking of the CDNOW sample, weeks 20–25', () => {
    // BTYD walkthrough (Dziurzynski, Wadsworth & McCarthy), pnbd.ExpectedCumulativeTransactions at its estimates.
    const params = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };
    expect(firstPurchase.length).toBe(2357);
    const { cumulative, incremental } = expectedCumulativePurchases(
      (t) => paretoNbdExpectedPurchasesNewCustomer(paretoNbdParams(params), t),
      firstPurchase,
      weeks,
    );
    const published = [1309, 1385, 1460, 1533, 1604, 1674];
    const publishedIncremental = [78.31, 76.42, 74.65, 72.98, 71.41, 69.93];
    for (let j = 0; j < 6; j++) {
      expect(Math.round(cumulative[19 + j] as number)).toBe(published[j]);
      expect(Math.abs((incremental[19 + j] as number) - (publishedIncremental[j] as number))).toBeLessThan(
        0.03,
      );
    }
  });

  it('equals the brute-force sum over customers of E[X(τ − s_i)] for the BG/NBD (FHL 2005), with the summary’s s_i = 38.86 − T_i', () => {
    const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const e = (t: number) => betaGeoFamilyExpectedPurchasesNewCustomer(0, params, t);
    const { T } = loadCdnowSummary();
    const s = T.map((t) => 38.86 - t);
    const { cumulative, incremental } = expectedCumulativePurchases(e, s, weeks);
    for (const j of [0, 10, 38, 77]) {
      const tau = weeks[j] as number;
      let brute = 0;
      for (const si of s) if (si < tau) brute += e(tau - si);
      expect(cumulative[j]).toBeCloseTo(brute, 8);
    }
    // Cumulative is non-decreasing, incremental its differences.
    for (let j = 1; j < 78; j++) {
      expect(incremental[j]).toBeCloseTo((cumulative[j] as number) - (cumulative[j - 1] as number), 9);
      expect(incremental[j]).toBeGreaterThanOrEqual(0);
    }
    expect(incremental[0]).toBe(cumulative[0]);
    // At the calibration end τ = 38.86 every customer's age is T_i: the curve is Σ_i E[X(T_i)].
    const atEnd = expectedCumulativePurchases(e, s, [38.86]).cumulative[0] as number;
    expect(atEnd).toBeCloseTo(
      T.reduce((acc, t) => acc + e(t), 0),
      8,
    );
  });

  it('weights count customers, and times need not be sorted; a BG/BB cohort in whole opportunities', () => {
    const e = (n: number) =>
      betaGeoBetaBinomExpectedPurchasesNewCustomer(
        { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 },
        n,
      );
    const grouped = expectedCumulativePurchases(e, [0, 1], [3, 1, 2], [10, 5]);
    const single = expectedCumulativePurchases(e, [0, 0, 1], [3, 1, 2], [5, 5, 5]);
    expect(Array.from(grouped.cumulative)).toEqual([10 * e(3) + 5 * e(2), 10 * e(1), 10 * e(2) + 5 * e(1)]);
    expect(single.cumulative[0]).toBeCloseTo(grouped.cumulative[0] as number, 12);
  });

  it('handles 1,000,000 customers acquired over 12 weeks of days, 78 weekly times, well under a second', () => {
    const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const s = new Float64Array(1_000_000);
    for (let i = 0; i < s.length; i++) s[i] = (i % 84) / 7;
    const start = performance.now();
    const { cumulative } = expectedCumulativePurchases(
      (t) => betaGeoFamilyExpectedPurchasesNewCustomer(0, params, t),
      s,
      weeks,
    );
    const elapsed = performance.now() - start;
    expect(cumulative[77]).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(2000); // ~0.1 s alone; generous on shared cores
  });
});
