import { describe, expect, it } from 'vitest';
import {
  drawParameters,
  fitBetaGeo,
  fitGammaGamma,
  moneyText,
  predictiveLifetimeValue,
  predictivePurchases,
  repeatSpenders,
} from '../../src/index.js';
import { clvkit } from '../cli/run.js';
import { DATA_DIR, loadCdnowSummary } from '../models/cdnow.js';

const SUMMARY = `${DATA_DIR}cdnow/cdnow_customers_summary_with_transactions.csv`;
const ARGS = ['predict', SUMMARY, '--time-unit', 'week', '--horizon', '6'];

interface Row {
  customer_id: string;
  expected_purchases: number;
  purchases_low: number;
  purchases_high: number;
}

/** The CLI's recipe in the library: CDNOW, six months, both fits' parameter draws, per customer only. */
function cdnowValue(draws: number, seed: number, quantiles: number[]) {
  const { frequency, recency, T, zbar } = loadCdnowSummary();
  const customers = { frequency, recency, T, monetaryValue: zbar, timeUnit: 'week' as const };
  const fit = fitBetaGeo(customers, { timeUnit: 'week' });
  const gg = fitGammaGamma(repeatSpenders(customers));
  return predictiveLifetimeValue(
    { transactionModel: fit, spendModel: gg, customers, horizon: 6, discountRate: 0.01 },
    {
      seed,
      quantiles,
      parameterDraws: drawParameters(fit, { draws, seed }),
      spendParameterDraws: drawParameters(gg, { draws, seed: (seed ^ 0x9e3779b9) >>> 0 }),
      totals: false,
    },
  );
}

describe('clvkit predict --interval', () => {
  it('adds purchases_low and purchases_high: the library’s quantiles with parameter draws, same seed', () => {
    const r = clvkit([...ARGS, '--interval', '90', '--draws', '400', '--seed', '5', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Row[];
    expect(rows).toHaveLength(2357);
    // One run gives both columns: the purchases of predictiveLifetimeValue's draws, with both fits' draws.
    const v = cdnowValue(400, 5, [0.05, 0.95]);
    const byId = new Map(rows.map((row) => [Number(row.customer_id), row]));
    for (const i of [0, 1, 17, 508, 1080, 2356]) {
      const row = byId.get(i + 1) as Row;
      expect(row.purchases_low).toBe(v.purchases.quantiles[0]?.[i]);
      expect(row.purchases_high).toBe(v.purchases.quantiles[1]?.[i]);
      expect(row.purchases_low).toBeLessThanOrEqual(row.purchases_high);
    }
    // The same predictive distribution as predictivePurchases' over the six months (its own draws): for
    // customer 1's history, the 90 % bounds agree, and over all customers the upper bounds agree on average.
    const { frequency, recency, T } = loadCdnowSummary();
    const fit = fitBetaGeo({ frequency, recency, T }, { timeUnit: 'week' });
    const p = predictivePurchases(
      fit,
      (6 * 365.25) / 12 / 7,
      { frequency, recency, T },
      {
        seed: 5,
        quantiles: [0.05, 0.95],
        parameterDraws: drawParameters(fit, { draws: 4000, seed: 9 }),
      },
    );
    const meanOf = (a: Float64Array | undefined) => (a as Float64Array).reduce((s, x) => s + x, 0) / 2357;
    expect(Math.abs(meanOf(v.purchases.quantiles[1]) - meanOf(p.quantiles[1]))).toBeLessThan(0.05);
    expect(Math.abs(meanOf(v.purchases.mean) - meanOf(p.mean))).toBeLessThan(0.01);
    const csv = clvkit([...ARGS, '--interval', '80', '--top', '2', '--format', 'csv']).stdout.split('\n');
    expect(csv[0]).toBe(
      'customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,purchases_low,purchases_high,expected_spend,clv,clv_low,clv_high',
    );
    // --quantiles adds one column per level, after the interval's, as the library computes them.
    const q = clvkit([
      ...ARGS,
      '--interval',
      '90',
      '--quantiles',
      '0.1,0.5,0.9',
      '--draws',
      '400',
      '--seed',
      '5',
      '--format',
      'json',
    ]);
    const qRows = JSON.parse(q.stdout) as (Row & Record<string, number>)[];
    const withQ = cdnowValue(400, 5, [0.05, 0.95, 0.1, 0.5, 0.9]);
    const first = qRows.find((row) => row.customer_id === '1');
    expect([
      first?.purchases_low,
      first?.purchases_high,
      first?.purchases_q10,
      first?.purchases_q50,
      first?.purchases_q90,
    ]).toEqual(withQ.purchases.quantiles.map((c) => c[0]));
  });

  it('refuses a bad percentage, and --draws without --interval', () => {
    const bad = clvkit([...ARGS, '--interval', '100']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--interval: expected a percentage/);
    expect(clvkit([...ARGS, '--draws', '10']).stderr).toMatch(/only with --interval/);
    expect(clvkit([...ARGS, '--quantiles', '0.1,1.5']).stderr).toMatch(/--quantiles: expected levels/);
  });
});

describe('clvkit predict --interval: CLV columns', () => {
  it('adds clv_low and clv_high: the library’s CLV quantiles with both fits’ parameter draws, in cents', () => {
    const r = clvkit([...ARGS, '--interval', '90', '--draws', '300', '--seed', '3', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as (Row & { clv: string; clv_low: string; clv_high: string })[];
    const v = cdnowValue(300, 3, [0.05, 0.95]);
    const byId = new Map(rows.map((row) => [Number(row.customer_id), row]));
    for (const i of [0, 1, 17, 508, 1080, 2356]) {
      const row = byId.get(i + 1);
      expect(row?.clv_low).toBe(moneyText(v.clv.quantiles[0]?.[i] as number));
      expect(row?.clv_high).toBe(moneyText(v.clv.quantiles[1]?.[i] as number));
      expect(Number(row?.clv_low)).toBeLessThanOrEqual(Number(row?.clv_high));
    }
    // Most customers' point CLV lies inside their 90 % interval (the mean of a skewed distribution may not).
    const inside = rows.filter(
      (row) => Number(row.clv_low) <= Number(row.clv) && Number(row.clv) <= Number(row.clv_high),
    );
    expect(inside.length / rows.length).toBeGreaterThan(0.9);
    const q = clvkit([...ARGS, '--quantiles', '0.5', '--draws', '50', '--top', '1', '--format', 'csv']);
    expect(q.stdout.split('\n')[0]).toBe(
      'customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,purchases_q50,expected_spend,clv,clv_q50',
    );
  });
});
