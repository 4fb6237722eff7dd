/**
 * Issue #16: prediction intervals. `npm run bench -- intervals`.
 *
 * Per-customer predictive distributions of purchases in the next 39 weeks (mean, 5/50/95 % quantiles, P(none))
 * and the base's total, by `predictivePurchases` with 1,000 draws per customer, against the point prediction
 * (`expectedPurchases`) on the same customers. CPU time is reported next to wall time: on a shared machine the
 * wall time is inflated by other processes.
 */
import { fitBetaGeo } from '../src/models/betaGeo.js';
import { fitGammaGamma } from '../src/models/gammaGamma.js';
import { fitParetoNbd } from '../src/models/paretoNbd.js';
import { expectedPurchases, predictCustomerLifetimeValue } from '../src/models/predict.js';
import { repeatSpenders } from '../src/models/repeatSpenders.js';
import { bootstrapParameters } from '../src/uncertainty/bootstrapParameters.js';
import { drawParameters, predictiveLifetimeValue } from '../src/uncertainty/libraryVerbs.js';
import { predictivePurchases } from '../src/uncertainty/predictivePurchases.js';
import { loadCdnowSummary as loadCdnow } from '../test/models/cdnow.js';
import { type BenchResult, type BenchSuite, formatMs } from './types.js';

/** `customers` copies of CDNOW's customers; `distinct` shifts each copy's ages by a hair so none are grouped. */
function scaled(cdnow: ReturnType<typeof loadCdnow>, customers: number, distinct: boolean) {
  const n = cdnow.T.length;
  const pick = (a: Float64Array) => Float64Array.from({ length: customers }, (_, i) => a[i % n] as number);
  const T = pick(cdnow.T);
  if (distinct) for (let i = 0; i < customers; i++) T[i] = (T[i] as number) + (i / customers) * 1e-3;
  return { frequency: pick(cdnow.frequency), recency: pick(cdnow.recency), T };
}

/** Wall and CPU milliseconds of one call. */
function measure(fn: () => unknown): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

export const suite: BenchSuite = {
  name: 'intervals (predictive distributions)',
  async run(): Promise<BenchResult[]> {
    const results: BenchResult[] = [];
    const cdnow = loadCdnow();
    const draws = 1000;
    for (const [label, fitOf] of [
      ['BG/NBD', fitBetaGeo],
      ['Pareto/NBD', fitParetoNbd],
    ] as const) {
      const fit = fitOf(cdnow);
      for (const distinct of [true, false]) {
        const customers = scaled(cdnow, 100_000, distinct);
        predictivePurchases(fit, 39, scaled(cdnow, 2000, distinct), { draws: 100 }); // warm-up
        const point = measure(() => expectedPurchases(fit, 39, customers));
        const rssBefore = process.memoryUsage().rss;
        const mc = measure(() => predictivePurchases(fit, 39, customers, { draws, seed: 1 }));
        const rssAfter = process.memoryUsage().rss;
        results.push({
          issue: 16,
          task: `${label} 39-week predictive (mean, 5/50/95 %, P(none), total), 100,000 customers × ${draws} draws, ${distinct ? 'all distinct' : 'CDNOW repeated (2,357 distinct)'}`,
          target: 'seconds (helper brief); issue: ≤ 5× the point prediction',
          measured: `${formatMs(mc.wall)} wall, ${formatMs(mc.cpu)} CPU`,
          met: null,
          notes: `point prediction ${formatMs(point.wall)} wall / ${formatMs(point.cpu)} CPU (${(mc.cpu / Math.max(point.cpu, 1e-3)).toFixed(0)}× in CPU); RSS +${((rssAfter - rssBefore) / 2 ** 20).toFixed(0)} MB`,
        });
      }
    }
    const fit = fitBetaGeo(cdnow);
    bootstrapParameters(fit, cdnow, { draws: 5 }); // warm-up
    const boot = measure(() => bootstrapParameters(fit, cdnow, { draws: 200, seed: 1 }));
    results.push({
      issue: 16,
      task: 'BG/NBD bootstrap, 200 refits on CDNOW (2,357 customers)',
      target: '< 1 s',
      measured: `${formatMs(boot.wall)} wall, ${formatMs(boot.cpu)} CPU`,
      met: boot.cpu < 1000,
      notes: 'met judged on CPU time (the machine is shared); each refit starts from the estimate',
    });
    const customers = scaled(cdnow, 100_000, true);
    const parameterDraws = drawParameters(fit, { draws, seed: 1 });
    const mixed = measure(() => predictivePurchases(fit, 39, customers, { seed: 1, parameterDraws }));
    results.push({
      issue: 16,
      task: `BG/NBD 39-week predictive with ${draws} parameter draws, 100,000 distinct customers`,
      target: 'seconds (helper brief)',
      measured: `${formatMs(mixed.wall)} wall, ${formatMs(mixed.cpu)} CPU`,
      met: null,
      notes: 'P(alive) recomputed per parameter draw and distinct customer (10⁸ evaluations)',
    });
    results.push(...clvIntervals(cdnow, 100_000, draws));
    return results;
  },
};

/**
 * Per-customer 90 % intervals of 12-month CLV (`predictiveLifetimeValue`: purchases per month, Gamma-Gamma
 * posterior spend, discounted) against the point CLV (`predictCustomerLifetimeValue`) on the same customers.
 */
export function clvIntervals(cdnow: ReturnType<typeof loadCdnow>, n: number, draws: number): BenchResult[] {
  const spendOf = (c: { frequency: Float64Array }) =>
    Float64Array.from(c.frequency, (_, i) => cdnow.zbar[i % cdnow.zbar.length] as number);
  const base = { ...cdnow, monetaryValue: cdnow.zbar };
  const transactionModel = fitBetaGeo(base);
  const spendModel = fitGammaGamma(repeatSpenders(base));
  const results: BenchResult[] = [];
  for (const distinct of [true, false]) {
    const c = scaled(cdnow, n, distinct);
    const input = {
      transactionModel,
      spendModel,
      customers: { ...c, monetaryValue: spendOf(c) },
      timeUnit: 'week' as const,
      horizon: 12,
      discountRate: 0.01,
    };
    predictiveLifetimeValue({ ...input, customers: { ...base } }, { draws: 50 }); // warm-up
    const point = measure(() => predictCustomerLifetimeValue(input));
    const rssBefore = process.memoryUsage().rss;
    const mc = measure(() => predictiveLifetimeValue(input, { draws, seed: 1, quantiles: [0.05, 0.95] }));
    const rssAfter = process.memoryUsage().rss;
    const perCustomer = measure(() =>
      predictiveLifetimeValue(input, { draws, seed: 1, quantiles: [0.05, 0.95], totals: false }),
    );
    results.push({
      issue: 16,
      task: `… the same per customer only (totals: false, as clvkit predict --interval), ${n.toLocaleString('en-US')} customers, ${distinct ? 'all distinct' : 'CDNOW repeated'}`,
      target: 'issue: ≤ 5× the point prediction',
      measured: `${formatMs(perCustomer.wall)} wall, ${formatMs(perCustomer.cpu)} CPU`,
      met: perCustomer.cpu <= 5 * point.cpu,
      notes: `${(perCustomer.cpu / Math.max(point.cpu, 1e-3)).toFixed(0)}× the point CLV in CPU; identical customers drawn once`,
    });
    results.push({
      issue: 16,
      task: `BG/NBD + Gamma-Gamma 12-month CLV and revenue 90 % intervals (+ totals), ${n.toLocaleString('en-US')} customers × ${draws} draws, ${distinct ? 'all distinct' : 'CDNOW repeated'}`,
      target: 'issue: ≤ 5× the point prediction',
      measured: `${formatMs(mc.wall)} wall, ${formatMs(mc.cpu)} CPU`,
      met: mc.cpu <= 5 * point.cpu,
      notes: `point CLV ${formatMs(point.wall)} wall / ${formatMs(point.cpu)} CPU (${(mc.cpu / Math.max(point.cpu, 1e-3)).toFixed(0)}× in CPU); RSS +${((rssAfter - rssBefore) / 2 ** 20).toFixed(0)} MB`,
    });
  }
  return results;
}
