/**
 * Issue #4 (part 2): Pareto/NBD fitting speed. `npm run bench -- models-extra`.
 *
 * Peers: Python lifetimes' ParetoNBDFitter takes 285 ms on CDNOW and 18.8 s on 100,000 customers (figures
 * from the issue); the target here is < 5 s on 1,000,000 simulated customers with day-resolution ages.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitFromParams } from '../src/models/fitFromParams.js';
import { fitParetoNbd } from '../src/models/paretoNbd.js';
import { simulateCustomers } from '../src/models/simulate/simulateCustomers.js';
import { type BenchResult, type BenchSuite, formatMs, timeMedian } from './types.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LIFETIMES_CDNOW_MS = 285;
const LIFETIMES_100K_MS = 18_800;

function loadCdnow() {
  const lines = readFileSync(
    join(root, '../shared/data/cdnow/cdnow_customers_summary_with_transactions.csv'),
    'utf8',
  )
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number));
  return {
    frequency: Float64Array.from(lines, (l) => l[1] as number),
    recency: Float64Array.from(lines, (l) => l[2] as number),
    T: Float64Array.from(lines, (l) => l[3] as number),
  };
}

/** CDNOW-like cohort: first purchases spread over 12 weeks, observed to week 39 + 12; ages in whole days. */
function simulated(customers: number) {
  const T = new Float64Array(customers);
  for (let i = 0; i < customers; i++) T[i] = (273 + (i % 84)) / 7;
  return simulateCustomers(
    fitFromParams({ model: 'paretoNbd', params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 } }),
    { T, seed: 20_240_404, resolution: 1 / 7 },
  );
}

export const suite: BenchSuite = {
  name: 'models-extra (Pareto/NBD)',
  async run(): Promise<BenchResult[]> {
    const results: BenchResult[] = [];
    const cdnow = loadCdnow();
    const cdnowMs = timeMedian(() => fitParetoNbd(cdnow), 5, 2);
    const cdnowFit = fitParetoNbd(cdnow);
    results.push({
      issue: 4,
      task: 'Pareto/NBD fit, CDNOW (2,357 customers), warm',
      target: `faster than lifetimes (${LIFETIMES_CDNOW_MS} ms)`,
      measured: formatMs(cdnowMs),
      met: cdnowMs < LIFETIMES_CDNOW_MS,
      notes: `${(LIFETIMES_CDNOW_MS / cdnowMs).toFixed(0)}× lifetimes; LL ${cdnowFit.logLikelihood.toFixed(1)}, ${cdnowFit.iterations} iterations`,
    });

    for (const customers of [100_000, 1_000_000]) {
      const data = simulated(customers);
      // One timed run of a big fit (simulation excluded; validation, grouping and fitting included).
      const t0 = performance.now();
      const fit = fitParetoNbd(data);
      const ms = performance.now() - t0;
      const p = fit.params;
      const params = `r ${p.r?.toFixed(3)}, α ${p.alpha?.toFixed(2)}, s ${p.s?.toFixed(3)}, β ${p.beta?.toFixed(2)}`;
      results.push({
        issue: 4,
        task: `Pareto/NBD fit, ${customers.toLocaleString('en-US')} simulated customers, day-resolution ages`,
        target: customers === 1_000_000 ? '< 5 s' : `faster than lifetimes (${formatMs(LIFETIMES_100K_MS)})`,
        measured: formatMs(ms),
        met: customers === 1_000_000 ? ms < 5000 : ms < LIFETIMES_100K_MS,
        notes:
          customers === 100_000
            ? `${(LIFETIMES_100K_MS / ms).toFixed(0)}× lifetimes on the same size; ${params}`
            : `${((LIFETIMES_100K_MS * 10) / ms).toFixed(0)}× lifetimes scaled linearly to 1M (188 s); ${params}`,
      });
    }
    return results;
  },
};
