import { escapeHtml as e } from './escape.js';
import { count, money, pct } from './format.js';
import { REPORT_SCRIPT } from './renderScript.js';
import { topCustomersTable } from './renderTable.js';
import type { ReportData } from './reportData.js';
import { barChart } from './svg/bars.js';
import { columnChart } from './svg/columns.js';
import { heatMap } from './svg/heatmap.js';
import { histogramChart } from './svg/histogram.js';
import { lineChart } from './svg/line.js';

const CSS = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2733;margin:0;background:#f6f7f9}
main{max-width:1000px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px}
.sub{color:#5b6776;margin:0 0 20px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(185px,1fr));gap:12px}
.card{background:#fff;border-radius:10px;padding:14px 16px;box-shadow:0 1px 2px #0002}
.card b{display:block;font-size:20px;white-space:nowrap}.card span{color:#5b6776;font-size:13px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:16px}
figure{background:#fff;border-radius:10px;margin:0;padding:12px 14px;box-shadow:0 1px 2px #0002;break-inside:avoid}
figcaption{font-weight:600;margin-bottom:6px}svg{width:100%;height:auto;font-size:11px;fill:#1d2733}
svg .axis{stroke:#8a96a3}svg .ref{stroke:#b9c2cc;stroke-dasharray:4 3}svg .frame{fill:none;stroke:#e3e7ec}svg .axis-title{fill:#5b6776}
.note{color:#5b6776;font-size:12px;margin:6px 0 0}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:10px;overflow:hidden;box-shadow:0 1px 2px #0002}
th,td{padding:6px 10px;text-align:right;border-bottom:1px solid #eef1f4}th{background:#eef1f4;cursor:pointer;user-select:none}th[aria-sort=descending]::after{content:' ▼'}th[aria-sort=ascending]::after{content:' ▲'}td:nth-child(-n+2),th:nth-child(-n+2){text-align:left}
footer{color:#5b6776;font-size:12px;margin-top:32px}
@media print{body{background:#fff;font-size:12px}main{padding:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}.card,figure,table{box-shadow:none;border:1px solid #ddd}.grid{display:block}figure{margin-bottom:12px}}
`;

/**
 * The report page: one self-contained HTML file (inline CSS, SVG and a small sorting script; no network),
 * readable on a laptop and printable (print CSS: one chart per block, no shadows, page breaks avoided inside
 * charts). Every text from the data is escaped. Each chart is a `<figure data-chart data-marks>`.
 *
 * @example writeFileSync('report.html', renderReport(buildReportData({ summary, timeUnit: 'week' }), { top: 20 }))
 */
export function renderReport(a: ReportData, options: { title?: string; top?: number } = {}): string {
  const title = options.title ?? 'Customer lifetime value report';
  const top = options.top ?? 20;
  const s = a.summary;
  const cards = [
    ['customers', count(a.customers)],
    ['revenue', money(a.revenue)],
    [`average ${a.horizon}-month CLV`, money(a.averageClv)],
    ['revenue from the top 20%', pct(a.topFifthShare.toNumber())],
    ...(a.clvToCac && a.cac ? [[`CLV : CAC (CAC ${money(a.cac)})`, `${a.clvToCac.toFixed(2)} : 1`]] : []),
    ['orders read', `${count(s.rowsUsed)}${s.rowsRejected ? ` (${count(s.rowsRejected)} rejected)` : ''}`],
  ]
    .map(
      ([label, value]) =>
        `<div class="card"><b>${e(value as string)}</b><span>${e(label as string)}</span></div>`,
    )
    .join('');

  const segments = barChart(
    'segments',
    'Revenue share by RFM segment',
    a.segments.map((g) => ({
      label: g.segment,
      value: g.revenueShare.toNumber(),
      text: `${pct(g.revenueShare.toNumber())} · ${count(g.customers)} customers`,
    })),
    'Segments from RFM quintile scores (recency, frequency, total spend).',
  );

  const histogram = histogramChart(
    'clv-distribution',
    `Predicted ${a.horizon}-month CLV per customer`,
    a.clvHistogram,
    { x: 'CLV ($, bins; the top 1% in the last bin)', y: 'customers' },
  );

  const pareto = lineChart(
    'pareto',
    'Pareto curve: share of revenue by the top customers',
    a.paretoCurve.map((p) => ({ x: p.fraction, y: p.share })),
    { x: 'top customers by spend', y: 'share of revenue' },
    `The top 20% of customers bring ${pct(a.topFifthShare.toNumber())} of revenue.`,
  );

  const g = a.aliveGrid;
  const alive = heatMap(
    'p-alive',
    'P(alive) by frequency and recency',
    g.frequencies.map(String).reverse(),
    g.recencies.map((r) => r.toFixed(0)),
    [...g.values].reverse(),
    { x: `recency (${a.timeUnit}s)`, y: 'repeat purchases' },
    `${a.model.label} at T = ${g.T.toFixed(1)} ${a.timeUnit}s: customers who bought often but not lately are likely gone.`,
  );

  const labels = Array.from(a.repeatCounts.observed, (_, i) =>
    i === a.repeatCounts.observed.length - 1 ? `${i}+` : String(i),
  );
  const modelFit = columnChart(
    'model-fit',
    `Model fit: customers per number of repeat purchases (${a.model.label})`,
    labels,
    [
      { name: 'actual', values: Array.from(a.repeatCounts.observed) },
      { name: 'expected', values: Array.from(a.repeatCounts.expected) },
    ],
    { x: 'repeat purchases in the calibration period', y: 'customers' },
    `Log-likelihood ${a.model.logLikelihood.toFixed(1)}; parameters ${Object.entries(a.model.params)
      .map(([k, v]) => `${k} ${v.toPrecision(4)}`)
      .join(
        ', ',
      )}. Gamma-Gamma (spend) p ${a.spendModel.params.p?.toPrecision(4)}, q ${a.spendModel.params.q?.toPrecision(4)}, γ ${a.spendModel.params.gamma?.toPrecision(4)}${a.spendFitExcluded > 0 ? `, fitted without ${count(a.spendFitExcluded)} repeat customers whose repeat orders were all free` : ''}.`,
  );

  const holdout = a.holdout
    ? columnChart(
        'holdout',
        'Holdout: actual vs predicted purchases per customer',
        a.holdout.rows.map((r) => r.label),
        [
          { name: 'actual', values: a.holdout.rows.map((r) => r.actual) },
          { name: 'predicted', values: a.holdout.rows.map((r) => r.predicted) },
        ],
        { x: 'repeat purchases in calibration', y: 'holdout purchases per customer' },
        `Calibration to ${s.calibrationEnd}, holdout to ${s.observationEnd}: ${a.holdout.totalActual.toFixed(0)} purchases actual, ${a.holdout.totalPredicted.toFixed(0)} predicted.`,
      )
    : '';

  const cohorts =
    a.cohorts && a.cohorts.cohorts.length > 0
      ? (() => {
          const cs = a.cohorts.cohorts;
          const longest = Math.max(...cs.map((c) => c.rates.length));
          return heatMap(
            'cohorts',
            `Cohort retention: share of each ${a.cohorts.period}’s new customers buying k ${a.cohorts.period}s later`,
            cs.map((c) => `${c.cohort} (${count(c.size)})`),
            Array.from({ length: longest }, (_, k) => String(k)),
            cs.map((c) =>
              Array.from({ length: longest }, (_, k) =>
                k < c.rates.length ? (c.rates[k] as { toNumber(): number }).toNumber() : null,
              ),
            ),
            { x: `${a.cohorts.period}s since first purchase`, y: 'cohort' },
          );
        })()
      : '';

  const clvBySegment = barChart(
    'clv-by-segment',
    `Predicted ${a.horizon}-month CLV by segment`,
    a.clvBySegment.map((g) => ({
      label: g.segment,
      value: g.revenueShare.toNumber(),
      text: `${pct(g.revenueShare.toNumber())} · ${money(g.revenue)}`,
    })),
    'Share of all predicted CLV held by each RFM segment: where retention effort pays.',
  );

  const table = topCustomersTable(a, top);

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${CSS}</style></head>
<body><main>
<h1>${e(title)}</h1>
<p class="sub">${e(`${count(a.customers)} customers · observed to ${s.observationEnd}${s.calibrationEnd ? ` (calibration to ${s.calibrationEnd})` : ''} · ${a.model.label} + Gamma-Gamma · CLV over ${a.horizon} months at ${pct(a.discountRate)} a month${a.margin === undefined ? '' : `, as profit at a ${pct(a.margin)} margin`}`)}</p>
<section class="cards">${cards}</section>
<h2>Who brings the revenue</h2>
<div class="grid">${segments}${pareto}</div>
<h2>What customers are worth</h2>
<div class="grid">${histogram}${alive}</div>
<h2>How well the model fits</h2>
<div class="grid">${modelFit}${holdout}</div>
<h2>Where the future value is</h2>
<div class="grid">${clvBySegment}${cohorts}</div>
<h2>Top ${table.rows} customers by predicted CLV</h2>
${table.html}
<footer>Made by clvkit. Money is exact (decimal); model figures are float64. BG/NBD: Fader, Hardie &amp; Lee (2005); Gamma-Gamma: Fader, Hardie &amp; Lee (2005, JMR); Pareto/NBD: Schmittlein, Morrison &amp; Colombo (1987).</footer>
</main><script>${REPORT_SCRIPT}</script></body></html>
`;
}
