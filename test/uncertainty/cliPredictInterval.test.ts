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
  });

  it('refuses a bad percentage, and --draws without --interval', () => {
    const bad = clvkit([...ARGS, '--interval', '100']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--interval: expected a percentage/);
    expect(clvkit([...ARGS, '--draws', '10']).stderr).toMatch(/only with --interval/);
  });
});
