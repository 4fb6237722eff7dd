import { createSummarizer, formatDay, type Transaction } from '../src/transactions/index.js';
import { type BenchSuite, formatMs } from './types.js';

/** A synthetic log: `customers` customers, `rows` rows over two years, ISO date strings, amounts with cents. */
function* syntheticLog(rows: number, customers: number): Generator<Transaction> {
  let s = 12345;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
  const start = 19000; // 2022-01-08
  const dates = Array.from({ length: 730 }, (_, d) => formatDay(start + d));
  const amounts = Array.from({ length: 5000 }, (_, i) => ((i * 37) % 20000) / 100 + 1);
  for (let i = 0; i < rows; i++) {
    yield {
      customerId: next() % customers,
      date: dates[next() % 730] as string,
      amount: amounts[next() % 5000] as number,
    };
  }
}

export const suite: BenchSuite = {
  name: 'Transaction summaries (issue #3)',
  async run() {
    const ROWS = Number(process.env.CLVKIT_BENCH_ROWS ?? 10_000_000);
    const CUSTOMERS = Math.round(ROWS / 8);
    // Materialise the rows first so generation is not timed.
    const log: Transaction[] = [...syntheticLog(ROWS, CUSTOMERS)];
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage().rss;
    const t = performance.now();
    const s = createSummarizer({ timeUnit: 'week' });
    for (const row of log) s.add(row);
    const result = s.finish();
    const ms = performance.now() - t;
    const rate = ROWS / (ms / 1000);
    return [
      {
        issue: 3,
        task: `summarize ${ROWS.toLocaleString('en-US')} rows (${result.customers.length.toLocaleString('en-US')} customers), row objects with ISO dates, in-process`,
        target: '≥ 2,000,000 rows/s',
        measured: `${(rate / 1e6).toFixed(2)} M rows/s (${formatMs(ms)})`,
        met: rate >= 2e6,
        notes: `peer lifetimes: 0.5 M rows/s; RSS grew ${((process.memoryUsage().rss - before) / 2 ** 20).toFixed(0)} MB during summarizing (the input array itself is held in memory by the bench)`,
      },
    ];
  },
};
