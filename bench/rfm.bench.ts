import { Decimal } from '../src/money.js';
import { paretoShare, rfmScores, rfmSegments, segmentSummary, valueTiers } from '../src/segments/index.js';
import { type BenchSuite, formatMs, timeMedian } from './types.js';

const N = 1_000_000;

/** A deterministic customer base: recency uniform over a year, orders geometric-ish (many one-timers), spend per order 10–100. */
function columns() {
  let seed = 12345;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const days = new Float64Array(N);
  const orders = new Float64Array(N);
  const spend = new Float64Array(N);
  const aov = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    days[i] = Math.floor(rnd() * 365);
    orders[i] = 1 + Math.floor(-Math.log(rnd()) * 2);
    spend[i] = Math.round((orders[i] as number) * (10 + rnd() * 90) * 100) / 100;
    aov[i] = Math.round(((spend[i] as number) / (orders[i] as number)) * 100) / 100;
  }
  return { days, orders, spend, aov };
}

export const suite: BenchSuite = {
  name: 'RFM scoring (issue #3)',
  async run() {
    const c = columns();
    const cols = { daysSinceLastPurchase: c.days, orderCount: c.orders, totalSpend: c.spend };
    const tCols = timeMedian(() => rfmScores(cols), 5, 2);
    const scores = rfmScores(cols);
    const tSeg = timeMedian(() => rfmSegments(scores), 5, 1);
    const segments = rfmSegments(scores);
    const tSummary = timeMedian(() => segmentSummary({ totalSpend: c.spend }, segments), 3, 1);

    const rows = Array.from({ length: N }, (_, i) => ({
      customerId: i,
      daysSinceLastPurchase: c.days[i] as number,
      orderCount: c.orders[i] as number,
      totalSpend: c.spend[i] as number,
      averageOrderValue: c.aov[i] as number,
    }));
    const tRows = timeMedian(() => rfmScores(rows), 5, 2);
    // As summarizeTransactions hands them over: money as Decimal.
    const decimalRows = rows.map((r) => ({
      ...r,
      totalSpend: new Decimal(r.totalSpend),
      averageOrderValue: new Decimal(r.averageOrderValue),
    }));
    rows.length = 0;
    const tDecimalRows = timeMedian(() => rfmScores(decimalRows), 3, 1);
    decimalRows.length = 0;
    const tTiers = timeMedian(() => valueTiers(c.spend), 5, 1);
    const tPareto = timeMedian(() => paretoShare(c.spend, 0.2), 3, 1);
    const per = (ms: number) => `${((ms * 1000) / N).toFixed(2)} µs/customer`;
    return [
      {
        issue: 3,
        task: 'rfmScores, 1,000,000 customers, columnar (Float64Array), quintiles',
        target: '< 1 s',
        measured: formatMs(tCols),
        met: tCols < 1000,
        notes: `${per(tCols)}; validate + 3 × (copy + 4 Floyd–Rivest selections + scoring loop)`,
      },
      {
        issue: 3,
        task: 'rfmScores, 1,000,000 customer rows (money as numbers)',
        target: '< 1 s',
        measured: formatMs(tRows),
        met: tRows < 1000,
        notes: `${per(tRows)}; includes one-pass row validation and 1,000,000 result objects`,
      },
      {
        issue: 3,
        task: 'rfmScores, 1,000,000 customer rows (money as Decimal, as summarizeTransactions gives)',
        target: '< 1 s',
        measured: formatMs(tDecimalRows),
        met: tDecimalRows < 1000,
        notes: `${per(tDecimalRows)}; each Decimal read once with toNumber()`,
      },
      {
        issue: 3,
        task: 'rfmSegments, 1,000,000 score columns, default table',
        target: '—',
        measured: formatMs(tSeg),
        met: true,
        notes: per(tSeg),
      },
      {
        issue: 3,
        task: 'segmentSummary, 1,000,000 customers (spend column), 11 segments, exact revenue',
        target: '—',
        measured: formatMs(tSummary),
        met: true,
        notes: per(tSummary),
      },
      {
        issue: 3,
        task: 'valueTiers, 1,000,000 values (Float64Array), 20/30/50',
        target: '—',
        measured: formatMs(tTiers),
        met: true,
        notes: per(tTiers),
      },
      {
        issue: 3,
        task: 'paretoShare, 1,000,000 values (Float64Array), exact Decimal sums',
        target: '—',
        measured: formatMs(tPareto),
        met: true,
        notes: `${per(tPareto)}; exact total as scaled integers, then a sort of the top 20%`,
      },
    ];
  },
};
