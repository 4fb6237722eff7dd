import { assessClvToCac, createSummarizer, customerLifetimeValue, topCustomersByCount } from '../../index.js';
import { simulateOrderDays } from '../../transactions/simulateOrderLog.js';
import { CliUsageError, type Command } from '../command.js';
import { formatRows } from '../output.js';
import { openOutput } from '../outputFile.js';
import { money, pct } from '../report/format.js';
import { renderReport } from '../report/renderReport.js';
import { buildReportData } from '../report/reportData.js';
import { reportHelp, reportOptions, reportSettings } from './report.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'the whole job on a simulated store: summary, RFM, fit, prediction, and report.html',
  usage: 'clvkit demo [--customers N] [--seed N] [-o report.html]',
  options: { ...reportOptions, customers: { type: 'string' }, seed: { type: 'string' } },
  optionHelp: [
    '--customers N                    customers in the simulated store (default 5000)',
    '--seed N                         the same seed gives the same store (default 2026)',
    ...reportHelp,
  ],
  examples: ['clvkit demo', 'clvkit demo --customers 20000 --cac 40 -o store.html'],
  run(values, positionals, io) {
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument '${positionals[0]}'`);
    const customers = values.customers === undefined ? 5000 : Number(values.customers);
    const seed = values.seed === undefined ? 2026 : Number(values.seed);
    const settings = reportSettings({ cac: '40', ...values });
    const out = typeof values.output === 'string' ? values.output : 'report.html';
    const page = openOutput(out, '-o', []); // a temporary file now; renamed into place when complete
    const say = (text: string) => io.stdout(`${text}\n`);
    const bold = (text: string) => (io.stdoutIsTty ? `\x1b[1m${text}\x1b[0m` : text);

    // 1. A store's order log: customers acquired in Q1 2024, followed to the end of 2025.
    const summarizer = createSummarizer({
      timeUnit: 'week',
      calibrationEnd: '2025-06-30',
      observationEnd: '2025-12-31',
    });
    for (const o of simulateOrderDays({
      customers,
      start: '2024-01-01',
      end: '2025-12-31',
      purchases: { r: 0.75, alpha: 40, a: 0.8, b: 2.5 },
      spend: { p: 6, q: 4, gamma: 60 },
      seed,
    })) {
      summarizer.addDay(o.customerId, o.day, o.cents / 100);
    }
    const summary = summarizer.finish();
    say(
      `${bold(`1. A simulated store`)}: ${summary.rowsRead.toLocaleString('en-US')} orders from ${customers.toLocaleString('en-US')} customers, 2024-01-01 to 2025-12-31 (calibration to 2025-06-30).`,
    );

    // 2–4. Summary, RFM, BG/NBD + Gamma-Gamma, CLV: the analysis the report shows.
    const a = buildReportData({
      summary,
      cohorts: summary.cohortRetention({ period: 'month' }),
      timeUnit: 'week',
      ...settings,
    });
    say(`\n${bold(`2. RFM segments`)}\n`);
    say(
      formatRows(
        a.segments.map((s) => ({
          segment: s.segment,
          customers: s.customers,
          revenue: money(s.revenue),
          revenue_share: pct(s.revenueShare.toNumber()),
        })),
        'table',
      ),
    );
    const p = a.model.params;
    say(
      `${bold(`3. ${a.model.label}`)} ${Object.entries(p)
        .map(([k, v]) => `${k} ${v.toPrecision(4)}`)
        .join(
          ', ',
        )} (log-likelihood ${a.model.logLikelihood.toFixed(1)}); Gamma-Gamma p ${a.spendModel.params.p?.toFixed(2)}, q ${a.spendModel.params.q?.toFixed(2)}, γ ${a.spendModel.params.gamma?.toFixed(1)}`,
    );
    if (a.holdout)
      say(
        `   holdout: ${a.holdout.totalActual.toFixed(0)} purchases actual, ${a.holdout.totalPredicted.toFixed(0)} predicted`,
      );
    say(`\n${bold(`4. Top 10 customers by predicted ${a.horizon}-month CLV`)}\n`);
    say(
      formatRows(
        topCustomersByCount(a.clvValues, 10).map((i) => ({
          customer: a.ids[i] as string,
          segment: a.segmentOf[i] as string,
          p_alive: pct(a.pAlive[i] as number),
          expected_purchases: (a.expectedPurchases[i] as number).toFixed(2),
          clv: money(a.clvValues[i] as number),
        })),
        'table',
      ),
    );
    // 5. The formula CLV of a subscription business, exact to the cent.
    const f = customerLifetimeValue({
      averagePurchaseValue: 1000,
      purchaseFrequency: 1,
      churnRate: 0.2,
      grossMargin: 0.8,
      serviceCostPerPeriod: 100,
      acquisitionCost: 500,
      discountRate: 0.1,
    });
    say(
      `${bold(`5. Formula CLV`)} of a $1,000-a-year plan, 80% margin, $100 a year to serve, 20% churn, 10% discount rate, $500 CAC: CLV ${money(f.clv)}, net ${money(f.netClv)}, CLV:CAC ${f.clvToCacRatio?.toFixed(2)} (${assessClvToCac(f.clvToCacRatio as never)}).`,
    );

    page.write(
      renderReport(a, {
        top: settings.top,
        title:
          typeof values.title === 'string' ? values.title : 'A simulated store — customer lifetime value',
      }),
    );
    page.commit();
    say(`\nWrote ${out}: open it in a browser (it needs no network).`);
  },
};
