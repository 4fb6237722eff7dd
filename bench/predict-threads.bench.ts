/**
 * Issue #18 ("both cores: bulk predictions"): the model CLV (12 months, BG/NBD + Gamma-Gamma) and P(alive) of
 * 1,000,000 customers, on one thread (the library's calls) and on both cores (clvkit/node `predictOnThreads` as
 * built, as `clvkit predict` runs it), with ages in whole days (customers group) and from timestamps (they do
 * not). `npm run bench -- predict-threads`. Checked: the threaded figures equal the one-thread ones bit for bit.
 */
import { fitFromParams } from '../src/models/fitFromParams.js';
import { predictCustomerLifetimeValue, probabilityAlive } from '../src/models/predict.js';
import type { predictOnThreads } from '../src/node/predictThreads.js';
import { simulatedCustomers, TRUTH } from './fitScale.js';
import { type BenchResult, type BenchSuite, formatMs } from './types.js';

/** Median wall time of an async call (after one warm-up run). */
async function timeMedianAsync(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
}

export const suite: BenchSuite = {
  name: 'Bulk predictions on both cores (issue #18)',
  async run(): Promise<BenchResult[]> {
    const url = new URL('../dist/node.js', import.meta.url);
    const threaded = ((await import(url.href)) as { predictOnThreads: typeof predictOnThreads })
      .predictOnThreads;
    const transactionModel = fitFromParams({ model: 'betaGeo', params: TRUTH.betaGeo, timeUnit: 'week' });
    const spendModel = fitFromParams({ model: 'gammaGamma', params: { p: 6, q: 4, gamma: 60 } });
    const results: BenchResult[] = [];
    for (const ages of ['days', 'continuous'] as const) {
      const c = simulatedCustomers('betaGeo', 1_000_000, ages);
      const monetaryValue = Float64Array.from(c.frequency, (x, i) =>
        x > 0 ? 20 + ((i * 7919) % 9000) / 100 : 0,
      );
      const input = {
        transactionModel,
        spendModel,
        customers: { frequency: c.frequency, recency: c.recency, T: c.T, monetaryValue },
        horizon: 12,
        discountRate: 0.01,
        timeUnit: 'week' as const,
      };
      let one = predictCustomerLifetimeValue(input);
      let alive = probabilityAlive(transactionModel, input.customers);
      const oneMs = await timeMedianAsync(async () => {
        one = predictCustomerLifetimeValue(input);
        alive = probabilityAlive(transactionModel, input.customers);
      });
      let both = await threaded(input);
      const bothMs = await timeMedianAsync(async () => {
        both = await threaded(input);
      });
      for (let i = 0; i < alive.length; i++)
        if (
          both.lifetimeValue.values[i] !== one.values[i] ||
          both.probabilityAlive[i] !== alive[i] ||
          both.lifetimeValue.expectedPurchases[i] !== one.expectedPurchases[i]
        )
          throw new Error(`predictOnThreads: customer ${i} differs from the one-thread figures`);
      results.push({
        issue: 18,
        task: `model CLV (12 months, BG/NBD + Gamma-Gamma) + P(alive), 1,000,000 customers, ${ages === 'days' ? 'day-resolution T' : 'continuous T (no ties)'}: both cores (clvkit/node predictOnThreads, as clvkit predict runs it) vs one thread`,
        target:
          both.slicesOnWorkers > 0
            ? 'a speed-up (issue: report it per operation)'
            : 'customers that group: stay on one thread, ≤ 1.1× its time',
        measured: `${formatMs(bothMs)} vs ${formatMs(oneMs)}: ${(oneMs / bothMs).toFixed(2)}×`,
        met: both.slicesOnWorkers > 0 ? bothMs < oneMs : bothMs <= 1.1 * oneMs,
        notes: `median of 5; ${both.slicesOnWorkers > 0 ? `${both.slicesOnWorkers} slice on a worker (started per call, ~80 ms)` : 'customers that group (146,000 distinct histories, counted by hashing them: under 250,000, and under half a history per customer): predicted on the calling thread, once per history'}; every customer's figures equal to the one-thread call's bit for bit`,
      });
    }
    return results;
  },
};
