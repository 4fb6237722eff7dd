/**
 * Revenue intervals on held-out data nobody tuned on: the CDNOW sample, calibration to 1997-09-30 and a 39-week
 * holdout to 1998-06-30, as `clvkit evaluate` splits it (one purchase per customer-day, spend the day's total).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluationData } from '../../src/evaluation/evaluationData.js';
import { fitBetaGeo } from '../../src/models/betaGeo.js';
import { fitGammaGamma } from '../../src/models/gammaGamma.js';
import { MODELS } from '../../src/models/registry.js';
import { repeatSpenders } from '../../src/models/repeatSpenders.js';
import { summarizeTransactions } from '../../src/transactions/summarizeTransactions.js';
import { predictiveLifetimeValueOfFits } from '../../src/uncertainty/predictiveLifetimeValue.js';
import { cdnowSampleOrders } from '../cli/cdnow.js';
import { DATA_DIR } from '../models/cdnow.js';

/** Share inside the central interval, the no-purchase atom counted by its randomized PIT (see valueCoverage). */
function coverage(
  truth: Float64Array,
  low: Float64Array,
  high: Float64Array,
  none: Float64Array,
  lo: number,
) {
  let inside = 0;
  for (let i = 0; i < truth.length; i++) {
    const y = truth[i] as number;
    const p0 = none[i] as number;
    if (y === 0) inside += p0 > 0 ? Math.max(0, Math.min(p0, 1 - lo) - lo) / p0 : 0;
    else if ((low[i] as number) <= y && y <= (high[i] as number)) inside++;
  }
  return inside / truth.length;
}

describe('CDNOW holdout revenue: per-customer intervals (BG/NBD + Gamma-Gamma, parameter draws of both)', () => {
  const log = cdnowSampleOrders();
  const split = summarizeTransactions(log, {
    calibrationEnd: '1997-09-30',
    observationEnd: '1998-06-30',
    timeUnit: 'week',
  });
  const data = evaluationData(split, {}, 'test');
  const c = data.calibration;
  const customers = { frequency: c.frequency, recency: c.recency, T: c.T, monetaryValue: c.monetaryValue };
  const input = {
    transactionModel: fitBetaGeo(customers, { timeUnit: 'week' }),
    spendModel: fitGammaGamma(repeatSpenders(customers)),
    customers,
    horizon: 1,
    step: data.holdoutLength,
    discountRate: 0,
  };

  it('90 % and 80 % intervals hold the actual holdout spend of 0.884 and 0.793 of the customers (±4 points)', () => {
    for (const [level, expected] of [
      [0.9, 0.884],
      [0.8, 0.793],
    ] as const) {
      const lo = (1 - level) / 2;
      const v = predictiveLifetimeValueOfFits(MODELS, input, {
        draws: 1000,
        seed: 1,
        quantiles: [lo, 1 - lo],
      });
      const share = coverage(
        data.holdoutSpend,
        v.revenue.quantiles[0] as Float64Array,
        v.revenue.quantiles[1] as Float64Array,
        v.probabilityNone,
        lo,
      );
      expect(Math.abs(share - level)).toBeLessThan(0.04);
      expect(share).toBeCloseTo(expected, 2);
    }
  });
});

describe('apparel holdout revenue (estimation through 2006-12-31, holdout to 2010-12-20)', () => {
  const log = readFileSync(`${DATA_DIR}apparel/apparel_transactions.csv`, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [customerId, date, amount] = line.split(',') as [string, string, string];
      return { customerId, date, amount: Number(amount) };
    });
  const split = summarizeTransactions(log, {
    calibrationEnd: '2006-12-31',
    observationEnd: '2010-12-20',
    timeUnit: 'week',
  });
  const data = evaluationData(split, {}, 'test');
  const c = data.calibration;
  const customers = { frequency: c.frequency, recency: c.recency, T: c.T, monetaryValue: c.monetaryValue };
  const input = {
    transactionModel: fitBetaGeo(customers, { timeUnit: 'week' }),
    spendModel: fitGammaGamma(repeatSpenders(customers)),
    customers,
    horizon: 1,
    step: data.holdoutLength,
    discountRate: 0,
  };

  it('90 % and 80 % intervals hold 0.880 and 0.771 of the customers (±4 points); the total lies inside', () => {
    let actual = 0;
    for (const v of data.holdoutSpend) actual += v;
    expect(actual).toBeCloseTo(48699.17, 2);
    for (const [level, expected] of [
      [0.9, 0.88],
      [0.8, 0.771],
    ] as const) {
      const lo = (1 - level) / 2;
      const v = predictiveLifetimeValueOfFits(MODELS, input, {
        draws: 1000,
        seed: 1,
        quantiles: [lo, 1 - lo],
      });
      const share = coverage(
        data.holdoutSpend,
        v.revenue.quantiles[0] as Float64Array,
        v.revenue.quantiles[1] as Float64Array,
        v.probabilityNone,
        lo,
      );
      expect(Math.abs(share - level)).toBeLessThan(0.04);
      expect(share).toBeCloseTo(expected, 2);
      const total = v.totals[0]?.revenue.quantiles as Float64Array;
      expect(total[0] as number).toBeLessThan(actual);
      expect(actual).toBeLessThan(total[1] as number);
    }
  });
});
