import type { Decimal, EvaluationResult, ModelEvaluation } from '../../index.js';
import { escapeHtml as e } from '../../report/escape.js';
import { REPORT_CSS } from '../../report/styles.js';
import { aliveMatrixChart } from '../../report/svg/aliveMatrix.js';
import { barChart } from '../../report/svg/bars.js';
import { columnChart } from '../../report/svg/columns.js';
import { decileChart } from '../../report/svg/deciles.js';
import { fmt } from '../../report/svg/figure.js';
import { heatMap } from '../../report/svg/heatmap.js';
import { histogramChart } from '../../report/svg/histogram.js';
import { lineChart } from '../../report/svg/line.js';
import { trackingChart } from '../../report/svg/tracking.js';
import { count, levelText, money as moneyIn, pct } from './format.js';
import { renderEvaluationTable as evaluationTable } from './renderEvaluation.js';
import { REPORT_SCRIPT } from './renderScript.js';
import { topCustomersTable } from './renderTable.js';
import type { ReportData } from './reportData.js';

/**
 * The report page: one self-contained HTML file (inline CSS, SVG and a small sorting script; no network),
 * readable on a laptop and printable (print CSS: one chart per block, no shadows, page breaks avoided inside
 * charts). Every text from the data is escaped. Each chart is a `<figure data-chart data-marks>`. With an
 * evaluation (a split log), two labelled parts: 1. how well the models predicted the holdout, 2. where the
 * business stands now (all the data). Every figure names its period.
 *
 * @example writeFileSync('report.html', renderReport(buildReportData({ summary, timeUnit: 'week' }), { top: 20 }))
 */
export function renderReport(a: ReportData, options: { title?: string; top?: number } = {}): string {
  const title = options.title ?? 'Customer lifetime value report';
  const money = (d: Parameters<typeof moneyIn>[0]) => moneyIn(d, a.currency);
  const top = options.top ?? 20;
  const s = a.summary;
  // The period of every "now" figure: the summary's data (all orders, or the calibration period of a split
  // summary given without an evaluation), and the day the predictions start from.
  const asOf = s.calibrationEnd ?? s.observationEnd;
  const scope = s.calibrationEnd
    ? `calibration period, orders to ${s.calibrationEnd}`
    : `all orders to ${s.observationEnd}`;
  const clvWords = `${a.horizon}-month CLV from ${asOf}`;
  const cards = [
    [`customers, ${scope}`, count(a.customers)],
    [`revenue, ${scope}`, money(a.revenue)],
    [`average ${clvWords}`, money(a.averageClv)],
    [`revenue from the top 20% of customers, ${scope}`, pct(a.topFifthShare.toNumber())],
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
    `Revenue share by RFM segment (${scope})`,
    a.segments.map((g) => ({
      label: g.segment,
      value: g.revenueShare.toNumber(),
      text: `${pct(g.revenueShare.toNumber())} · ${count(g.customers)} customers`,
    })),
    'Segments from RFM quintile scores (recency, frequency, total spend).',
  );

  const histogram = histogramChart('clv-distribution', `Predicted ${clvWords} per customer`, a.clvHistogram, {
    x: `CLV, bins of ${money(a.clvHistogram.edges[1] ?? 0)} (the top 1% in the last bin)`,
    y: 'customers',
  });

  const pareto = lineChart(
    'pareto',
    `Pareto curve: share of revenue by the top customers (${scope})`,
    a.paretoCurve.map((p) => ({ x: p.fraction, y: p.share })),
    { x: 'top customers by spend', y: 'share of revenue' },
    `The top 20% of customers bring ${pct(a.topFifthShare.toNumber())} of revenue.`,
  );

  const g = a.aliveGrid;
  const alive = aliveMatrixChart(
    'p-alive',
    `P(alive) on ${asOf} by frequency and recency`,
    g,
    `${a.model.label}, every cell a customer of age T = ${g.T.toFixed(1)} ${a.timeUnit}s (the oldest): customers who bought often but not lately are likely gone. Blank cells: no customer can be there.`,
  );

  const params = (p: Readonly<Record<string, number>>) =>
    Object.entries(p)
      .map(([k, v]) => `${k} ${v.toPrecision(4)}`)
      .join(', ');
  const spendNote = `Gamma-Gamma (spend) p ${a.spendModel.params.p?.toPrecision(4)}, q ${a.spendModel.params.q?.toPrecision(4)}, γ ${a.spendModel.params.gamma?.toPrecision(4)}${a.spendFitExcluded > 0 ? `, fitted without ${count(a.spendFitExcluded)} repeat customer${a.spendFitExcluded === 1 ? '' : 's'} whose repeat orders were all free` : ''}`;
  const cohorts =
    a.cohorts && a.cohorts.cohorts.length > 0
      ? (() => {
          const cs = a.cohorts.cohorts;
          const longest = Math.max(...cs.map((c) => c.rates.length));
          // The scale leaves out period 0 (every cohort's 100 %), so the later shares are told apart.
          const later = Math.max(
            1e-9,
            ...cs.flatMap((c) => c.rates.slice(1).map((r) => (r as { toNumber(): number }).toNumber())),
          );
          return heatMap(
            'cohorts',
            `Cohort retention: share of each ${a.cohorts.period}’s new customers buying k ${a.cohorts.period}s later (all orders to ${s.observationEnd})`,
            cs.map((c) => `${c.cohort} (${count(c.size)})`),
            Array.from({ length: longest }, (_, k) => String(k)),
            cs.map((c) =>
              Array.from({ length: longest }, (_, k) =>
                k < c.rates.length ? (c.rates[k] as { toNumber(): number }).toNumber() : null,
              ),
            ),
            { x: `${a.cohorts.period}s since first purchase`, y: 'cohort' },
            `Colours are scaled to the largest share after ${a.cohorts.period} 0 (${pct(later)}); ${a.cohorts.period} 0 is 100% by definition.`,
            { max: later },
          );
        })()
      : '';

  const clvBySegment = barChart(
    'clv-by-segment',
    `Predicted ${clvWords} by segment`,
    a.clvBySegment.map((g) => ({
      label: g.segment,
      value: g.revenueShare.toNumber(),
      text: `${pct(g.revenueShare.toNumber())} · ${money(g.revenue)}`,
    })),
    'Share of all predicted CLV held by each RFM segment: where retention effort pays.',
  );

  const sure = intervalsPart(a, asOf, money);
  const table = topCustomersTable(a, top);
  const sub = `${count(a.customers)} customers · ${scope} · ${a.model.label} + Gamma-Gamma · CLV over ${a.horizon} months from ${asOf} at ${pct(a.discountRate)} a month${a.margin === undefined ? '' : `, as profit at a ${pct(a.margin)} margin`}`;
  const now = `<section class="cards">${cards}</section>
${sure}
<h2>Who brings the revenue</h2>
<div class="grid">${segments}${pareto}</div>
<h2>What customers are worth</h2>
<div class="grid">${histogram}${alive}</div>`;
  const future = `<h2>Where the future value is</h2>
<div class="grid">${clvBySegment}${cohorts}</div>
<h2>Top ${table.rows} customers by predicted ${e(clvWords)}</h2>
${table.html}`;

  const body = a.evaluation
    ? `<p class="sub">${e(`${count(a.customers)} customers · all orders to ${s.observationEnd} · models evaluated on the holdout ${a.evaluation.calibrationEnd} to ${a.evaluation.observationEnd} · ${a.model.label} + Gamma-Gamma for the figures of part 2`)}</p>
${evaluationPart(a, a.evaluation, params)}
<h2 class="part">2. Where the business stands now</h2>
<p class="sub">${e(`Every figure from ${scope}; ${a.model.label} refitted on all of them (${params(a.model.params)}; log-likelihood ${a.model.logLikelihood.toFixed(1)}); ${spendNote}. CLV over the ${a.horizon} months from ${asOf} at ${pct(a.discountRate)} a month${a.margin === undefined ? ', as revenue' : `, as profit at a ${pct(a.margin)} margin`}.`)}</p>
${now}
${future}`
    : `<p class="sub">${e(sub)}</p>
${now}
<h2>How well the model fits</h2>
<div class="grid">${fitCharts(a, params, spendNote)}</div>
${future}`;

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${REPORT_CSS}</style></head>
<body><main>
<h1>${e(title)}</h1>
${body}
${GLOSSARY}
<footer>Made by clvkit. Money is exact (decimal); model figures are float64. BG/NBD: Fader, Hardie &amp; Lee (2005); MBG/NBD: Batislam, Denizel &amp; Filiztekin (2007); Gamma-Gamma: Fader, Hardie &amp; Lee (2005, JMR); Pareto/NBD: Schmittlein, Morrison &amp; Colombo (1987).</footer>
</main><script>${REPORT_SCRIPT}</script></body></html>
`;
}

/**
 * "How sure are we": the base's revenue over the horizon and its customer equity (today's customers' discounted
 * CLV), each with its central interval, and how they were made. Each card carries its figures in data-
 * attributes (mean, low, high as the page rounds them) for tools and tests.
 */
function intervalsPart(
  a: ReportData,
  asOf: string,
  money: (d: Parameters<typeof moneyIn>[0]) => string,
): string {
  const v = a.intervals;
  const level = levelText(v.level);
  const months = `the ${a.horizon} months from ${asOf}`;
  const card = (name: string, t: ReportData['intervals']['revenue'], label: string) => {
    const [low, high] = t.money.quantiles as readonly [Decimal, Decimal];
    const mean = t.money.mean;
    return `<div class="card" data-interval="${name}" data-level="${v.level}" data-mean="${mean.toFixed(2)}" data-low="${low.toFixed(2)}" data-high="${high.toFixed(2)}"><b>${e(money(mean))}</b><span>${e(`${label}; ${level} interval ${money(low)} – ${money(high)}`)}</span></div>`;
  };
  const profit = a.margin === undefined ? 'as revenue' : `as profit at a ${pct(a.margin)} margin`;
  const revenue = card(
    'revenue',
    v.revenue,
    `expected revenue of today's ${count(a.customers)} customers in ${months}`,
  );
  const equity = card(
    'equity',
    v.equity,
    `customer equity: their CLV over ${months}, discounted at ${pct(a.discountRate)} a month, ${profit}`,
  );
  const which = (yes: boolean, name: string, bootstrap = false) =>
    bootstrap
      ? `${name}'s parameters drawn by a bootstrap over the customers (${count(v.draws)} refits: its covariance is not positive definite)`
      : yes
        ? `${name}'s parameters drawn from its estimate's standard errors`
        : `${name}'s parameters taken as known (the fit has no usable covariance)`;
  const method = `${level} intervals: the ${levelText((1 - v.level) / 2)} and ${levelText(1 - (1 - v.level) / 2)} quantiles of ${count(v.draws)} Monte-Carlo draws (seed ${v.seed}) of what the customers will actually buy and spend — each customer's purchases month by month from the ${a.model.label} posterior given their history, each purchase's value from the Gamma-Gamma posterior of their spend; ${which(v.parameterUncertainty.transaction, a.model.label, v.transactionBootstrap)}, ${which(v.parameterUncertainty.spend, 'Gamma-Gamma', v.spendBootstrap)}. The base's figures add the customers' draws draw by draw (not their ranges). Identical customers (same repeat purchases, recency, age and mean spend: ${count(v.distinctCustomers)} distinct of ${count(a.customers)}) share one range. The intervals assume the model is right; a model that is biased on this data (see the holdout) misses by more than they show.`;
  return `<h2>How sure are we (${level} intervals)</h2>
<section class="cards" data-intervals>${revenue}${equity}</section>
<p class="note">${e(method)} Method: <code>docs/intervals.md</code> of clvkit.</p>`;
}

/** Without an evaluation: the model's fit to the repeat counts, and the holdout of a split summary. */
function fitCharts(
  a: ReportData,
  params: (p: Readonly<Record<string, number>>) => string,
  spendNote: string,
) {
  const s = a.summary;
  const labels = Array.from(a.repeatCounts.observed, (_, i) =>
    i === a.repeatCounts.observed.length - 1 ? `${i}+` : String(i),
  );
  const modelFit = columnChart(
    'model-fit',
    `Model fit: customers per number of repeat purchases (${a.model.label}, orders to ${s.calibrationEnd ?? s.observationEnd})`,
    labels,
    [
      { name: 'actual', values: Array.from(a.repeatCounts.observed) },
      { name: 'expected', values: Array.from(a.repeatCounts.expected) },
    ],
    { x: 'repeat purchases', y: 'customers' },
    `Log-likelihood ${a.model.logLikelihood.toFixed(1)}; parameters ${params(a.model.params)}. ${spendNote}.`,
  );
  const holdout = a.holdout
    ? columnChart(
        'holdout',
        `Holdout ${s.calibrationEnd} to ${s.observationEnd}: actual vs predicted purchases per customer`,
        a.holdout.rows.map((r) => r.label),
        [
          { name: 'actual', values: a.holdout.rows.map((r) => r.actual) },
          { name: 'predicted', values: a.holdout.rows.map((r) => r.predicted) },
        ],
        { x: 'repeat purchases in calibration', y: 'holdout purchases per customer' },
        `Calibration to ${s.calibrationEnd}, holdout to ${s.observationEnd}: ${a.holdout.totalActual.toFixed(0)} purchases actual, ${a.holdout.totalPredicted.toFixed(0)} predicted.`,
      )
    : '';
  return `${modelFit}${holdout}`;
}

/**
 * Part 1 of a page with a split: which model predicted the holdout best — the choice and its reason, the
 * ranked table, the tracking chart with the split marked, the calibration and holdout tables and the decile
 * chart of the model the page uses (the chosen one, or the one named by --model).
 */
function evaluationPart(
  a: ReportData,
  r: EvaluationResult,
  params: (p: Readonly<Record<string, number>>) => string,
): string {
  const best = r.models[0] as ModelEvaluation;
  const shown = r.models.find((m) => m.model === a.model.model) ?? best;
  const unit = r.timeUnit;
  const holdoutWords = `holdout ${r.calibrationEnd} to ${r.observationEnd} (${fmt(r.holdoutLength)} ${unit}s)`;
  const choice =
    a.modelChoice === 'auto'
      ? `Chosen: ${best.label} — ${r.recommended.reason}. It is refitted on all the data for part 2.`
      : `You asked for ${a.model.label} (--model); the evaluation ranks ${best.label} first — ${r.recommended.reason}. Part 2 uses ${a.model.label}, refitted on all the data (--model auto uses the first).`;
  const tracking = trackingChart(
    'tracking',
    `Tracking: cumulative repeat purchases of the ${count(r.customers)} customers acquired by ${r.calibrationEnd}, actual vs expected`,
    r.tracking.times,
    r.tracking.dates,
    [
      { name: 'actual', values: r.tracking.actualCumulative },
      ...r.models.map((m) => ({ name: m.label, values: m.expectedCumulative })),
    ],
    r.tracking.calibrationEndTime,
    { x: 'date', y: 'cumulative repeat purchases' },
    `Each model fitted on the calibration period to ${r.calibrationEnd}; to the right of the dashed line, the ${holdoutWords}, which no model saw.`,
  );
  const calibration = columnChart(
    'model-fit',
    `Calibration period to ${r.calibrationEnd}: customers per number of repeat purchases (${shown.label})`,
    shown.calibrationTable.map((row) => row.label),
    [
      { name: 'actual', values: shown.calibrationTable.map((row) => row.actual) },
      { name: 'expected', values: shown.calibrationTable.map((row) => row.expected) },
    ],
    { x: 'repeat purchases in the calibration period', y: 'customers' },
    `${shown.label} fitted on the calibration period: log-likelihood ${shown.logLikelihood.toFixed(1)}; ${params(shown.params)}.`,
  );
  const holdout = columnChart(
    'holdout',
    `The ${holdoutWords}: purchases per customer, actual vs predicted (${shown.label})`,
    shown.holdoutTable.map((row) => row.label),
    [
      { name: 'actual', values: shown.holdoutTable.map((row) => row.actual) },
      { name: 'predicted', values: shown.holdoutTable.map((row) => row.predicted) },
    ],
    { x: 'repeat purchases in the calibration period', y: 'holdout purchases per customer' },
    `${count(shown.purchases.actualTotal)} holdout purchases actual, ${shown.purchases.predictedTotal.toFixed(0)} predicted by ${shown.label}.`,
  );
  const capture = shown.purchases.topDecileCapture;
  const deciles = decileChart(
    'deciles',
    `The ${holdoutWords}: purchases per customer by decile of predicted purchases (${shown.label})`,
    shown.purchases.deciles,
    'holdout purchases per customer',
    `${count(r.customers)} customers sorted by ${shown.label}'s prediction and cut into ten groups${capture === null ? '' : `; the 10% predicted highest made ${pct(capture)} of the holdout purchases`}.`,
  );
  const notes = [
    ...r.failures.map((f) => `${f.model} could not be fitted: ${f.reason}`),
    ...r.notes,
    ...(r.customersLeftOut > 0
      ? [`${count(r.customersLeftOut)} customers first seen after ${r.calibrationEnd} are not scored.`]
      : []),
  ];
  return `<h2 class="part">1. How well the models predicted the holdout</h2>
<p class="sub">${e(`Each model fitted on the calibration period (orders to ${r.calibrationEnd}) and asked to predict the ${holdoutWords} for the ${count(r.customers)} customers acquired by then; ranked by ${r.choiceMetric.toUpperCase()}.`)}</p>
<p class="choice">${e(choice)}</p>
<div class="wide">${evaluationTable(r, a.currency)}</div>
${notes.length > 0 ? `<ul class="note">${notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>` : ''}
<div class="full">${tracking}</div>
<div class="grid">${calibration}${holdout}</div>
<div class="full">${deciles}</div>`;
}

/** The short glossary at the foot of every page. */
const GLOSSARY = `<h2>Glossary</h2>
<dl class="glossary">
<dt>P(alive)</dt><dd>The model's probability that a customer has not silently stopped buying, given how often and how lately they bought.</dd>
<dt>CLV</dt><dd>Predicted value of a customer's future purchases over the horizon: expected purchases per month × expected spend per purchase, discounted. As revenue by default; as profit with --margin.</dd>
<dt>90 % interval</dt><dd>The range a figure should fall in 9 times out of 10 if the model is right: simulated from what each customer may actually buy and spend, and from the uncertainty of the model's parameters. It does not cover a model that is wrong for the data (compare the holdout).</dd>
<dt>Discount rate</dt><dd>The monthly rate that makes a dollar next year worth less than a dollar today (1% a month ≈ 12.7% a year).</dd>
<dt>Calibration and holdout</dt><dd>The models are fitted on the orders up to the calibration end and judged on what they predict for the holdout after it, which they did not see.</dd>
<dt>BG/NBD, MBG/NBD, Pareto/NBD</dt><dd>Models of repeat purchasing with unobserved dropout: purchases at a customer's own rate while alive, and a chance of leaving. Gamma-Gamma models spend per purchase.</dd>
<dt>MAE, bias, Gini</dt><dd>Mean absolute error of holdout purchases per customer; total predicted over total actual − 1; how well the predicted order ranks customers (1 = perfectly).</dd>
<dt>RFM segments</dt><dd>Groups by recency, frequency and monetary quintile scores.</dd>
</dl>`;
