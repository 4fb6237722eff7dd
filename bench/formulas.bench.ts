import { customerLifetimeValues } from '../src/index.js';
import { type BenchSuite, formatMs, timeMedian } from './types.js';

const N = 1_000_000;

function rows(distinctRates: boolean) {
  return Array.from({ length: N }, (_, i) => ({
    averagePurchaseValue: 20 + (i % 5000) * 0.37,
    purchaseFrequency: 3,
    churnRate: distinctRates ? 0.05 + (i % 90_000) / 100_000 : 0.1 + (i % 7) / 20,
    grossMargin: 0.6,
    discountRate: 0.01,
    acquisitionCost: 50,
  }));
}

/** Reads every row's CLV: what a caller of the bulk call does next (the figures are computed when read). */
function readEveryClv(results: ReturnType<typeof customerLifetimeValues>): number {
  let digits = 0;
  for (const r of results) digits += r.clv.d.length;
  return digits;
}

export const suite: BenchSuite = {
  name: 'Formula CLV (issue #2)',
  async run() {
    // One input at a time: two 1M-row inputs plus results would crowd the heap and time the GC instead.
    let input = rows(false);
    const tShared = timeMedian(() => customerLifetimeValues(input), 3, 1);
    const tSharedRead = timeMedian(() => readEveryClv(customerLifetimeValues(input)), 3, 1);
    input = [];
    (globalThis as { gc?: () => void }).gc?.();
    input = rows(true);
    const tDistinct = timeMedian(() => customerLifetimeValues(input), 3, 1);
    const tDistinctRead = timeMedian(() => readEveryClv(customerLifetimeValues(input)), 3, 1);
    const perRow = (ms: number) => `${((ms * 1000) / N).toFixed(2)} µs/row`;
    return [
      {
        issue: 2,
        task: 'customerLifetimeValues, 1,000,000 rows, 7 churn rates shared by all rows (validate every row, build results)',
        target: '< 2 s',
        measured: formatMs(tShared),
        met: tShared < 2000,
        notes: perRow(tShared),
      },
      {
        issue: 2,
        task: "… and then read every row's exact CLV (Decimal)",
        target: '—',
        measured: formatMs(tSharedRead),
        met: null,
        notes: `${perRow(tSharedRead)}; figures are computed when first read`,
      },
      {
        issue: 2,
        task: 'customerLifetimeValues, 1,000,000 rows, 90,000 distinct churn rates (validate, build results)',
        target: '< 2 s',
        measured: formatMs(tDistinct),
        met: tDistinct < 2000,
        notes: `${perRow(tDistinct)}; each new rate pays the Decimal divisions of its period weights`,
      },
      {
        issue: 2,
        task: "… and then read every row's exact CLV (Decimal)",
        target: '—',
        measured: formatMs(tDistinctRead),
        met: null,
        notes: perRow(tDistinctRead),
      },
    ];
  },
};
