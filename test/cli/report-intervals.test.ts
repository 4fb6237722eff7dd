import { describe, expect, it } from 'vitest';
import { money } from '../../src/cli/report/format.js';
import { renderReport } from '../../src/cli/report/renderReport.js';
import { buildReportData } from '../../src/cli/report/reportData.js';
import {
  fitFromParams,
  predictCustomerLifetimeValue,
  simulateOrderLog,
  summarizeTransactions,
  topCustomersByCount,
} from '../../src/index.js';
import { MODELS } from '../../src/models/registry.js';
import { customerEquity, drawParameters, type FitWithCovariance } from '../../src/uncertainty/index.js';
import {
  predictiveLifetimeValueOfFits,
  spendDrawSeed,
} from '../../src/uncertainty/predictiveLifetimeValue.js';

// The report's "how sure are we" figures: the base's revenue and customer equity over the horizon with their
// 90 % intervals, and each top customer's CLV range — checked against the library's own calls on the same data.
describe('the report’s intervals', () => {
  const orders = simulateOrderLog({
    customers: 500,
    start: '2024-01-01',
    end: '2025-06-30',
    purchases: { r: 0.75, alpha: 40, a: 0.8, b: 2.5 },
    spend: { p: 6, q: 4, gamma: 60 },
    seed: 21,
  });
  const summary = summarizeTransactions(orders, { timeUnit: 'week' });
  const data = buildReportData({ summary, timeUnit: 'week' });
  const c = summary.columns;
  const input = {
    transactionModel: data.model,
    spendModel: data.spendModel,
    customers: { frequency: c.frequency, recency: c.recency, T: c.T, monetaryValue: c.monetaryValue },
    horizon: 12,
    discountRate: 0.01,
    timeUnit: 'week' as const,
  };
  const library = predictiveLifetimeValueOfFits(MODELS, input, {
    draws: 200,
    seed: 1,
    quantiles: [0.05, 0.95],
  });
  const all = library.totals[0] as (typeof library.totals)[number];
  const html = renderReport(data, { top: 8 });
  const card = (name: string) => {
    const m = new RegExp(
      `<div class="card" data-interval="${name}" data-level="0.9" data-mean="([^"]+)" data-low="([^"]+)" data-high="([^"]+)"><b>([^<]+)</b><span>([^<]+)</span>`,
    ).exec(html);
    expect(m, name).not.toBeNull();
    const [, mean, low, high, shown, label] = m as unknown as string[];
    return { mean, low, high, shown, label: (label as string).replace(/&#39;/g, "'") };
  };

  it('are one predictiveLifetimeValue run with both fits’ parameter draws: 200 draws, seed 1, 5 % and 95 %', () => {
    const v = data.intervals;
    expect(v).toMatchObject({ level: 0.9, draws: 200, seed: 1 });
    expect(v.parameterUncertainty).toEqual({ transaction: true, spend: true });
    expect(v.revenue.draws).toEqual(all.revenue.draws);
    expect(v.equity.draws).toEqual(all.clv.draws);
    expect(v.clvLow).toEqual(library.clv.quantiles[0]);
    expect(v.clvHigh).toEqual(library.clv.quantiles[1]);
    // Identical customers (x, t_x, T, m̄) share one range; the count the page states is theirs.
    const key = (i: number) =>
      `${c.frequency[i]},${c.recency[i]},${c.T[i]},${c.frequency[i] === 0 ? 0 : c.monetaryValue[i]}`;
    const keys = Array.from(c.frequency, (_, i) => key(i));
    expect(v.distinctCustomers).toBe(new Set(keys).size);
    expect(v.distinctCustomers).toBeLessThan(500);
    const first = new Map<string, number>();
    keys.forEach((k, i) => {
      const j = first.get(k) ?? i;
      first.set(k, j);
      expect([v.clvLow[i], v.clvHigh[i]]).toEqual([v.clvLow[j], v.clvHigh[j]]);
    });
  });

  it('equity is customerEquity of today’s customers (same draws), centred on the point CLV total', () => {
    const parameterDraws = drawParameters(data.model as unknown as FitWithCovariance, {
      draws: 200,
      seed: 1,
    });
    const spendParameterDraws = drawParameters(data.spendModel as unknown as FitWithCovariance, {
      draws: 200,
      seed: spendDrawSeed(1),
    });
    const equity = customerEquity(input, { parameterDraws, spendParameterDraws, quantiles: [0.05, 0.95] });
    expect(data.intervals.equity.mean).toBeCloseTo(equity.total.mean, 6);
    expect(data.intervals.equity.money.quantiles.map(String)).toEqual(
      equity.total.money.quantiles.map(String),
    );
    // The point CLV's total lies within 4 Monte-Carlo standard errors of the draws' mean.
    const point = predictCustomerLifetimeValue(input).values.reduce((s, x) => s + x, 0);
    const se = data.intervals.equity.standardDeviation / Math.sqrt(200);
    expect(Math.abs(data.intervals.equity.mean - point)).toBeLessThan(4 * se);
    // Revenue is undiscounted, so above the equity draw by draw (1 % a month, no margin).
    const r = data.intervals.revenue.draws;
    data.intervals.equity.draws.forEach((e, d) => {
      expect(e).toBeLessThanOrEqual(r[d] as number);
      expect(e).toBeGreaterThan(0.9 * (r[d] as number));
    });
  });

  it('the page shows both totals with their interval, period and level, and the method', () => {
    const revenue = card('revenue');
    const equity = card('equity');
    const [low, high] = all.revenue.money.quantiles.map((q) => q.toFixed(2));
    expect(revenue).toMatchObject({ mean: all.revenue.money.mean.toFixed(2), low, high });
    expect(revenue.shown).toBe(money(all.revenue.money.mean));
    expect(revenue.label).toBe(
      `expected revenue of today's 500 customers in the 12 months from ${summary.observationEnd}; 90 % interval ${money(low as string)} – ${money(high as string)}`,
    );
    const [eLow, eHigh] = all.clv.money.quantiles.map((q) => q.toFixed(2));
    expect(equity).toMatchObject({ mean: all.clv.money.mean.toFixed(2), low: eLow, high: eHigh });
    expect(equity.label).toBe(
      `customer equity: their CLV over the 12 months from ${summary.observationEnd}, discounted at 1.0% a month, as revenue; 90 % interval ${money(eLow as string)} – ${money(eHigh as string)}`,
    );
    expect(Number(low)).toBeLessThan(Number(revenue.mean));
    expect(Number(revenue.mean)).toBeLessThan(Number(high));
    expect(html).toContain('<h2>How sure are we (90 % intervals)</h2>');
    expect(html).toContain('the 5 % and 95 % quantiles of 200 Monte-Carlo draws (seed 1)');
    expect(html).toContain(`${data.intervals.distinctCustomers} distinct of 500`);
    expect(html).toContain('<code>docs/intervals.md</code>');
  });

  it('the top table gives each customer’s CLV range next to the CLV, low – high', () => {
    const top = topCustomersByCount(data.clvValues, 8);
    const table = html.slice(html.indexOf('data-table="top-customers"'));
    expect(table).toContain('>CLV 90 % range, low – high</th>');
    const cells = [
      ...table.matchAll(/<tr>(?:<td[^>]*>[^<]*<\/td>){7}<td data-v="([^"]+)">([^<]+)<\/td><\/tr>/g),
    ];
    expect(cells.length).toBe(8);
    cells.forEach((m, k) => {
      const i = top[k] as number;
      const [lo, hi] = [library.clv.quantiles[0]?.[i] as number, library.clv.quantiles[1]?.[i] as number];
      expect(Number(m[1])).toBe(lo);
      expect(m[2]).toBe(`${money(lo)} – ${money(hi)}`);
      expect(lo).toBeLessThan(hi);
    });
  });

  it('--margin scales the equity draw by draw and leaves the revenue alone', () => {
    const profit = buildReportData({ summary, timeUnit: 'week', margin: 0.25 });
    expect(profit.intervals.revenue.draws).toEqual(data.intervals.revenue.draws);
    profit.intervals.equity.draws.forEach((e, d) => {
      expect(e).toBeCloseTo(0.25 * (data.intervals.equity.draws[d] as number), 6);
    });
    expect(renderReport(profit)).toContain('as profit at a 25.0% margin; 90 % interval');
  });

  it('a fit given without a covariance is not refitted: its parameters are taken as known; the estimate stays', () => {
    // (`clvkit report`'s given fit, the evaluation's refit, carries its covariance: test/cli/reportEvaluationCovariance.test.ts.)
    const given = {
      ...fitFromParams({ model: 'betaGeo', params: { ...data.model.params }, timeUnit: 'week' }),
      logLikelihood: data.model.logLikelihood,
      label: 'BG/NBD',
    };
    const bare = buildReportData({ summary, timeUnit: 'week', fit: given as never });
    expect(bare.model.params).toEqual(data.model.params);
    expect(bare.intervals.parameterUncertainty).toEqual({ transaction: false, spend: true });
    // Same estimate, no parameter uncertainty: the same mean to well within the spread, a narrower interval.
    expect(
      Math.abs(bare.intervals.equity.mean - data.intervals.equity.mean) /
        data.intervals.equity.standardDeviation,
    ).toBeLessThan(0.25);
    expect(bare.intervals.equity.standardDeviation).toBeLessThan(data.intervals.equity.standardDeviation);
    // With the covariance it was fitted with, the given fit is the page's own: the same intervals.
    const { paramNames, covariance } = data.model as unknown as FitWithCovariance;
    const withCovariance = { ...given, paramNames, covariance };
    expect(buildReportData({ summary, timeUnit: 'week', fit: withCovariance as never }).intervals).toEqual(
      data.intervals,
    );
    // A covariance no draws can be made from (not positive definite): the page is still made, the transaction
    // parameters taken as known — and the page says so.
    const singular = {
      ...data.model,
      covariance: [0, 1, 2, 3].map(() => [0, 0, 0, 0]),
      paramNames: ['r', 'alpha', 'a', 'b'],
    };
    expect(() => drawParameters(singular as never)).toThrow(/not positive definite/);
    const known = buildReportData({ summary, timeUnit: 'week', fit: singular as never });
    expect(known.intervals.parameterUncertainty).toEqual({ transaction: false, spend: true });
    expect(renderReport(known)).toContain(
      'BG/NBD&#39;s parameters taken as known (the fit has no usable covariance), Gamma-Gamma&#39;s parameters drawn',
    );
    // Asked for (`clvkit report --bootstrap-fallback`): that fit's parameters are drawn by a bootstrap over the
    // customers instead — the library's draws, the same figures as its own run with them — and the page says so.
    const booted = buildReportData({
      summary,
      timeUnit: 'week',
      fit: singular as never,
      intervalDraws: 40,
      intervalBootstrap: true,
    });
    expect(booted.intervals.parameterUncertainty).toEqual({ transaction: true, spend: true });
    expect(booted.intervals.transactionBootstrap).toBe(true);
    const boot = drawParameters(singular as never, {
      draws: 40,
      seed: 1,
      bootstrapCustomers: { frequency: c.frequency, recency: c.recency, T: c.T },
    });
    expect(boot.method).toBe('bootstrap');
    const bootRun = predictiveLifetimeValueOfFits(
      MODELS,
      { ...input, transactionModel: singular as never },
      { draws: 40, seed: 1, quantiles: [0.05, 0.95], transactionDraws: boot },
    );
    expect(booted.intervals.equity.mean).toBe(bootRun.totals[0]?.clv.mean);
    expect([...booted.intervals.clvHigh]).toEqual([...(bootRun.clv.quantiles[1] as Float64Array)]);
    expect(renderReport(booted)).toContain(
      'BG/NBD&#39;s parameters drawn by a bootstrap over the customers (40 refits: its covariance is not positive definite)',
    );
    // A fit whose covariance gives draws is drawn as without the flag.
    expect(buildReportData({ summary, timeUnit: 'week', intervalBootstrap: true }).intervals).toEqual({
      ...data.intervals,
    });
    // Fewer draws when asked (and seeded): the page says so.
    const quick = buildReportData({ summary, timeUnit: 'week', intervalDraws: 50, intervalSeed: 4 });
    expect(quick.intervals.equity.draws.length).toBe(50);
    expect(renderReport(quick)).toContain('of 50 Monte-Carlo draws (seed 4)');
  });
});
