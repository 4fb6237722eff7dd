import { describe, expect, it } from 'vitest';
import { fitBetaGeo, fitGammaGamma, moneyText, repeatSpenders } from '../../src/index.js';
import { MODELS } from '../../src/models/registry.js';
import { functions } from '../../src/sheets/index.js';
import { predictiveLifetimeValueOfFits } from '../../src/uncertainty/predictiveLifetimeValue.js';
import { loadCdnowSummary } from '../models/cdnow.js';

const cdnow = loadCdnowSummary();
const col = (xs: ArrayLike<number>) => Array.from(xs, (x) => [x]);
const args = [col(cdnow.frequency), col(cdnow.recency), col(cdnow.T), col(cdnow.zbar), 12, 0.01, 'week'];
const run = (...extra: unknown[]) =>
  (functions.CLV_PREDICT_INTERVAL as (...a: unknown[]) => unknown)(...args, ...extra) as number[][];

describe('CLV_PREDICT_INTERVAL', () => {
  const out = run();

  it('spills mean, low and high per customer: the mean is CLV_PREDICT, the ends the library’s 5 % and 95 % quantiles', () => {
    const point = (functions.CLV_PREDICT as (...a: unknown[]) => unknown)(...args) as number[][];
    expect(out).toHaveLength(2357);
    expect(out.map((row) => row[0])).toEqual(point.map((row) => row[0]));
    const customers = {
      frequency: cdnow.frequency,
      recency: cdnow.recency,
      T: cdnow.T,
      monetaryValue: cdnow.zbar,
    };
    const v = predictiveLifetimeValueOfFits(
      MODELS,
      {
        transactionModel: fitBetaGeo(customers),
        spendModel: fitGammaGamma(repeatSpenders(customers)),
        customers,
        timeUnit: 'week',
        horizon: 12,
        discountRate: 0.01,
      },
      { draws: 1000, seed: 1, quantiles: [0.05, 0.95], totals: false },
    );
    for (const i of [0, 5, 1234, 2356]) {
      expect(out[i]?.[1]).toBe(Number(moneyText(v.clv.quantiles[0]?.[i] as number)));
      expect(out[i]?.[2]).toBe(Number(moneyText(v.clv.quantiles[1]?.[i] as number)));
    }
    expect(out.every(([, lo, hi]) => (lo as number) <= (hi as number) && (lo as number) >= 0)).toBe(true);
  });

  it('a narrower interval lies inside the wider one (same seed); the seed changes the draws', () => {
    const narrow = run('', 50);
    for (const i of [0, 100, 2000]) {
      expect(narrow[i]?.[1]).toBeGreaterThanOrEqual(out[i]?.[1] as number);
      expect(narrow[i]?.[2]).toBeLessThanOrEqual(out[i]?.[2] as number);
    }
    const other = run('', 90, 2);
    expect(other.some((row, i) => row[2] !== out[i]?.[2])).toBe(true);
  });

  it('refuses an interval outside (0, 100) by name', () => {
    expect(() => run('', 100)).toThrow(/CLV_PREDICT_INTERVAL: interval/);
  });
});
