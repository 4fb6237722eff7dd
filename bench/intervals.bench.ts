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
import { MODELS } from '../src/models/registry.js';
import { repeatSpenders } from '../src/models/repeatSpenders.js';
import { bootstrapParameters } from '../src/uncertainty/bootstrapParameters.js';
import { drawParameters } from '../src/uncertainty/libraryVerbs.js';
import { predictiveLifetimeValueOfFits } from '../src/uncertainty/predictiveLifetimeValue.js';
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

/** The run of median CPU time. */
function medianRun(runs: { wall: number; cpu: number }[]): { wall: number; cpu: number } {
  return [...runs].sort((a, b) => a.cpu - b.cpu)[runs.length >> 1] as { wall: number; cpu: number };
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
    results.push(...clvIntervals(cdnow, 1_000_000, draws));
    return results;
  },
};

/** Peak-free RSS reading in MB. */
const rssMb = () => process.memoryUsage().rss / 2 ** 20;

/**
 * Issue #16's row: per-customer 90 % intervals of 12-month purchases and CLV for 1,000,000 customers with 1,000
 * draws, as `clvkit predict --interval 90` computes them (one `predictiveLifetimeValueOfFits` run, per customer
 * only, both fits' parameter draws), against the point prediction on the same customers
 * (`predictCustomerLifetimeValue`, which gives the expected purchases too). Three bases: CDNOW's customers
 * repeated (identical customers, the issue's "group identical customers"), CDNOW's histories repeated with every
 * amount distinct and spread threefold (weekly data: histories repeat, amounts do not), and every customer distinct
 * (continuous time).
 * Then the joint engine (with the base's total).
 */
export function clvIntervals(cdnow: ReturnType<typeof loadCdnow>, n: number, draws: number): BenchResult[] {
  const base = { ...cdnow, monetaryValue: cdnow.zbar };
  const transactionModel = fitBetaGeo(base);
  const spendModel = fitGammaGamma(repeatSpenders(base));
  const results: BenchResult[] = [];
  const bases = [
    { label: 'CDNOW repeated (2,357 distinct customers)', size: n, distinct: false, amounts: false },
    { label: 'CDNOW histories repeated, every amount distinct', size: n, distinct: false, amounts: true },
    { label: 'every customer distinct (continuous time)', size: n, distinct: true, amounts: true },
  ];
  for (const b of bases) {
    const c = scaled(cdnow, b.size, b.distinct);
    const monetaryValue = Float64Array.from(
      c.frequency,
      (_, i) => cdnow.zbar[i % cdnow.zbar.length] as number,
    );
    // Distinct amounts spread as real ones are: each copy's average times a factor in [0.5, 1.5) (a fixed
    // linear congruential sequence), so a history's customers span a threefold range of amounts.
    if (b.amounts) {
      let z = 12345;
      for (let i = 0; i < b.size; i++) {
        z = (Math.imul(z, 1103515245) + 12345) >>> 0;
        monetaryValue[i] = (monetaryValue[i] as number) * (0.5 + z / 2 ** 32);
      }
    }
    const input = {
      transactionModel,
      spendModel,
      customers: { ...c, monetaryValue },
      timeUnit: 'week' as const,
      horizon: 12,
      discountRate: 0.01,
    };
    // Warm-up, the same for both sides: each is called once on the first 100,000 of these customers (the same
    // kinds of customers, a tenth of the work) with the options measured.
    const slice = Object.fromEntries(
      Object.entries(input.customers).map(([k, v]) => [k, v.subarray(0, 100_000)]),
    ) as typeof input.customers;
    const warmUp = { ...input, customers: slice };
    predictiveLifetimeValueOfFits(MODELS, warmUp, { draws, seed: 1, quantiles: [0.05, 0.95], totals: false });
    predictCustomerLifetimeValue(warmUp);
    const before = rssMb();
    let peak = before;
    const timer = setInterval(() => {
      peak = Math.max(peak, rssMb());
    }, 20);
    // Median of three of each, interleaved (the point prediction takes a tenth of a second, so one run is noisy).
    const points: { wall: number; cpu: number }[] = [];
    const runs: { wall: number; cpu: number }[] = [];
    for (let r = 0; r < 3; r++) {
      points.push(measure(() => predictCustomerLifetimeValue(input)));
      runs.push(
        measure(() =>
          predictiveLifetimeValueOfFits(MODELS, input, {
            draws,
            seed: 1,
            quantiles: [0.05, 0.95],
            totals: false,
          }),
        ),
      );
    }
    clearInterval(timer);
    const point = medianRun(points);
    const perCustomer = medianRun(runs);
    peak = Math.max(peak, rssMb());
    results.push({
      issue: 16,
      task: `per-customer 90 % intervals of 12-month purchases and CLV (BG/NBD + Gamma-Gamma, both fits' parameter draws, as clvkit predict --interval 90), ${b.size.toLocaleString('en-US')} customers × ${draws} draws, ${b.label}`,
      target: '≤ 5× the point prediction; < 500 MB above the data',
      measured: `${formatMs(perCustomer.wall)} wall, ${formatMs(perCustomer.cpu)} CPU`,
      met: perCustomer.cpu <= 5 * point.cpu,
      notes: `median of 3 interleaved runs of each; point CLV and purchases ${formatMs(point.wall)} wall / ${formatMs(point.cpu)} CPU: ${(perCustomer.cpu / Math.max(point.cpu, 1e-3)).toFixed(1)}× in CPU; RSS +${(peak - before).toFixed(0)} MB (sampled every 20 ms)`,
    });
  }
  const c = scaled(cdnow, n / 10, true);
  const input = {
    transactionModel,
    spendModel,
    customers: {
      ...c,
      monetaryValue: Float64Array.from(c.frequency, (_, i) => cdnow.zbar[i % cdnow.zbar.length] as number),
    },
    timeUnit: 'week' as const,
    horizon: 12,
    discountRate: 0.01,
  };
  const point = measure(() => predictCustomerLifetimeValue(input));
  const joint = measure(() =>
    predictiveLifetimeValueOfFits(MODELS, input, { draws, seed: 1, quantiles: [0.05, 0.95] }),
  );
  results.push({
    issue: 16,
    task: `… with the base's total (the joint engine: independent draws per customer, summed draw by draw), ${(n / 10).toLocaleString('en-US')} customers × ${draws} draws, all distinct`,
    target: "seconds (no target: the per-customer figures are the issue's)",
    measured: `${formatMs(joint.wall)} wall, ${formatMs(joint.cpu)} CPU`,
    met: null,
    notes: `point CLV ${formatMs(point.wall)} wall / ${formatMs(point.cpu)} CPU (${(joint.cpu / Math.max(point.cpu, 1e-3)).toFixed(0)}× in CPU)`,
  });
  return results;
}
