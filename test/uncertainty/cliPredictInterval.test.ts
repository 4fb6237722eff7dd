import { describe, expect, it } from 'vitest';
import { drawParameters, fitBetaGeo, predictivePurchases } from '../../src/index.js';
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

describe('clvkit predict --interval', () => {
  it('adds purchases_low and purchases_high: the library’s quantiles with parameter draws, same seed', () => {
    const r = clvkit([...ARGS, '--interval', '90', '--draws', '400', '--seed', '5', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Row[];
    expect(rows).toHaveLength(2357);
    const { frequency, recency, T } = loadCdnowSummary();
    const customers = { frequency, recency, T };
    const fit = fitBetaGeo(customers, { timeUnit: 'week' });
    // Six months of 365.25/12 days, in weeks.
    const p = predictivePurchases(fit, (6 * 365.25) / 12 / 7, customers, {
      seed: 5,
      quantiles: [0.05, 0.95],
      parameterDraws: drawParameters(fit, { draws: 400, seed: 5 }),
    });
    const byId = new Map(rows.map((row) => [Number(row.customer_id), row]));
    for (const i of [0, 1, 17, 508, 1080, 2356]) {
      const row = byId.get(i + 1) as Row;
      expect(row.purchases_low).toBe(p.quantiles[0]?.[i]);
      expect(row.purchases_high).toBe(p.quantiles[1]?.[i]);
      expect(row.purchases_low).toBeLessThanOrEqual(row.purchases_high);
    }
    const csv = clvkit([...ARGS, '--interval', '80', '--top', '2', '--format', 'csv']).stdout.split('\n');
    expect(csv[0]).toBe(
      'customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,purchases_low,purchases_high,expected_spend,clv',
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
    const withQ = predictivePurchases(fit, (6 * 365.25) / 12 / 7, customers, {
      seed: 5,
      quantiles: [0.05, 0.95, 0.1, 0.5, 0.9],
      parameterDraws: drawParameters(fit, { draws: 400, seed: 5 }),
    });
    const first = qRows.find((row) => row.customer_id === '1');
    expect([
      first?.purchases_low,
      first?.purchases_high,
      first?.purchases_q10,
      first?.purchases_q50,
      first?.purchases_q90,
    ]).toEqual(withQ.quantiles.map((c) => c[0]));
  });

  it('refuses a bad percentage, and --draws without --interval', () => {
    const bad = clvkit([...ARGS, '--interval', '100']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--interval: expected a percentage/);
    expect(clvkit([...ARGS, '--draws', '10']).stderr).toMatch(/only with --interval/);
    expect(clvkit([...ARGS, '--quantiles', '0.1,1.5']).stderr).toMatch(/--quantiles: expected levels/);
  });
});
