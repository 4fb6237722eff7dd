/**
 * `npm run example`: the main job of clvkit as library calls, on built-in sample data — no files needed.
 * (`npm run demo` runs the same job through the command line and writes report.html.)
 *  1. simulate a store's order log (seeded), 2. summarize it per customer, 3. score and segment with RFM,
 *  4. fit BG/NBD (who is still active, how often they buy) and Gamma-Gamma (how much),
 *  5. predict each customer's 12-month CLV, 6. the formula CLV of a subscription business.
 */
import {
  assessClvToCac,
  customerLifetimeValue,
  type Decimal,
  fitBetaGeo,
  fitGammaGamma,
  paretoShare,
  predictCustomerLifetimeValue,
  probabilityAlive,
  rfmScores,
  rfmSegments,
  roundMoney,
  segmentSummary,
  simulateOrderLog,
  summarizeTransactions,
} from '../src/index.js';

/** Formats exact money as $1,234.56 without passing through a float. */
const usd = (d: Decimal | null) => {
  if (d === null) return 'unbounded';
  const [whole, cents] = roundMoney(d).abs().toFixed(2).split('.');
  return `${d.isNegative() ? '-' : ''}$${(whole as string).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
};
const pct = (d: Decimal) => `${d.mul(100).toFixed(1)}%`;
const heading = (s: string) => console.log(`\n\x1b[1m${s}\x1b[0m\n`);

// 1. A store's order log: 5,000 customers acquired in Q1 2024, followed to the end of 2025.
const log = simulateOrderLog({
  customers: 5000,
  start: '2024-01-01',
  end: '2025-12-31',
  purchases: { r: 0.75, alpha: 40, a: 0.8, b: 2.5 },
  spend: { p: 6, q: 4, gamma: 60 },
  seed: 2026,
});
heading(`clvkit demo — a simulated store: ${log.length.toLocaleString('en-US')} orders from 5,000 customers`);

// 2. Per-customer summary, in weeks (as in the buy-till-you-die literature).
const summary = summarizeTransactions(log, { timeUnit: 'week', observationEnd: '2025-12-31' });
console.log(
  `Read ${summary.rowsRead} rows: ${summary.rowsUsed} used, ${summary.rowsRejected} rejected. ` +
    `${summary.customers.length} customers; top 20% of them hold ${pct(paretoShare(summary.customers.map((c) => c.totalSpend)))} of revenue.`,
);

// 3. RFM scores and segments.
const scores = rfmScores(summary.customers, { bins: 5, monetary: 'total' });
const segments = rfmSegments(scores);
heading('RFM segments');
console.log('segment               customers          revenue    share');
for (const row of segmentSummary(summary.customers, segments)) {
  console.log(
    `${row.segment.padEnd(20)} ${String(row.customers).padStart(10)}   ${usd(row.revenue).padStart(14)}   ${pct(row.revenueShare).padStart(6)}`,
  );
}

// 4. Models: BG/NBD on (frequency, recency, T); Gamma-Gamma on repeat customers' spend.
const bgnbd = fitBetaGeo(summary.columns);
const repeat = summary.customers.filter((c) => c.frequency > 0);
const spend = fitGammaGamma({
  frequency: repeat.map((c) => c.frequency),
  monetaryValue: repeat.map((c) => c.monetaryValue),
});
heading('Fitted models (maximum likelihood)');
const params = (fit: { label: string; params: Readonly<Record<string, number>>; logLikelihood: number }) =>
  `${fit.label.padEnd(12)} ${Object.entries(fit.params)
    .map(([k, v]) => `${k} = ${v.toPrecision(4)}`)
    .join(', ')}   (log-likelihood ${fit.logLikelihood.toFixed(1)})`;
console.log(params(bgnbd));
console.log(params(spend));

// 5. Predicted CLV over the next 12 months, discounted at 1% a month.
const alive = probabilityAlive(bgnbd, summary.columns);
const clv = predictCustomerLifetimeValue({
  transactionModel: bgnbd,
  spendModel: spend,
  customers: summary.columns,
  horizon: 12,
  discountRate: 0.01,
  timeUnit: 'week',
});
const order = summary.customers
  .map((_, i) => i)
  .sort((a, b) => (clv.values[b] as number) - (clv.values[a] as number));
heading('Top 10 customers by predicted 12-month CLV');
console.log('customer   orders   spent so far   P(alive)   predicted CLV   segment');
for (const i of order.slice(0, 10)) {
  const c = summary.customers[i]!;
  console.log(
    `${String(c.customerId).padEnd(8)} ${String(c.orderCount).padStart(8)}   ${usd(c.totalSpend).padStart(12)}   ${(alive[i] as number).toFixed(3).padStart(8)}   ${usd(clv.clv[i] as Decimal).padStart(13)}   ${segments[i]}`,
  );
}

// 6. Formula CLV for a subscription business.
heading('Formula CLV — a $1,000/year subscription, 80% margin, $100/year to serve, 20% churn, $500 CAC');
const r = customerLifetimeValue({
  averagePurchaseValue: 1000,
  purchaseFrequency: 1,
  churnRate: 0.2,
  grossMargin: 0.8,
  serviceCostPerPeriod: 100,
  acquisitionCost: 500,
});
console.log(
  `revenue ${usd(r.revenue)}, CLV ${usd(r.clv)}, net CLV ${usd(r.netClv)}, ` +
    `CLV:CAC ${r.clvToCacRatio?.toFixed(1)} → ${assessClvToCac(r.clvToCacRatio as Decimal)}\n`,
);
