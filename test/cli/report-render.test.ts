import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { count, money, pct } from '../../src/cli/report/format.js';
import { renderReport } from '../../src/cli/report/renderReport.js';
import { buildReportData } from '../../src/cli/report/reportData.js';
import {
  cohortRetention,
  evaluateModels,
  fitFromParams,
  predictCustomerLifetimeValue,
  rfmScores,
  rfmSegments,
  segmentSummary,
  simulateOrderLog,
  sumMoney,
  summarizeTransactions,
  toDecimal,
} from '../../src/index.js';
import { escapeHtml } from '../../src/report/escape.js';
import { barChart } from '../../src/report/svg/bars.js';
import { columnChart } from '../../src/report/svg/columns.js';
import { heatMap } from '../../src/report/svg/heatmap.js';
import { histogramChart } from '../../src/report/svg/histogram.js';
import { lineChart } from '../../src/report/svg/line.js';
import { niceStep, niceTicks } from '../../src/report/svg/ticks.js';
import { ALL_CHARTS, charts, SPLIT_CHARTS } from './charts.js';

const decodeEntities = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

const marks = (html: string) => Number(/data-marks="(\d+)"/.exec(html)?.[1]);

describe('escapeHtml', () => {
  it('neutralises markup and both quotes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeHtml(42)).toBe('42');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });

  it('leaves no character that opens a tag or ends an attribute, and loses nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = escapeHtml(s);
        expect(out).not.toMatch(/[<>"']/);
        expect(out.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
        expect(decodeEntities(out)).toBe(s);
      }),
    );
  });
});

describe('the charts', () => {
  const evil = '<script>x</script>"\'&';

  it('bars: one mark per bar, labels escaped', () => {
    const html = barChart('segments', evil, [
      { label: evil, value: 0.5, text: '50%' },
      { label: 'b', value: 0, text: '0%' },
    ]);
    expect(html.startsWith('<figure data-chart="segments" data-marks="2">')).toBe(true);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;&quot;&#39;&amp;');
  });

  it('columns: labels × series marks; a histogram one per bin', () => {
    const two = columnChart(
      'model-fit',
      't',
      ['0', '1', '2'],
      [
        { name: 'actual', values: [3, 2, 1] },
        { name: evil, values: [3, 2, 0] },
      ],
      { x: 'x', y: 'y' },
    );
    expect(marks(two)).toBe(6);
    expect(two).not.toContain('<script>');
    const h = histogramChart('clv', 't', { edges: [0, 10, 20, 30], counts: [5, 0, 2] }, { x: 'x', y: 'y' });
    expect(marks(h)).toBe(3);
    expect(h).toContain('>20</text>');
  });

  it('line: one mark per point; heat map: one per finite cell', () => {
    expect(
      marks(
        lineChart(
          'pareto',
          't',
          [
            { x: 0.5, y: 0.8 },
            { x: 1, y: 1 },
          ],
          { x: 'x', y: 'y' },
        ),
      ),
    ).toBe(2);
    const heat = heatMap(
      'cohorts',
      't',
      [evil, 'b'],
      ['0', '1'],
      [
        [1, 0.5],
        [1, null],
      ],
      { x: 'x', y: 'y' },
    );
    expect(marks(heat)).toBe(3);
    expect(heat).not.toContain('<script>');
  });

  it('ticks are round: 1, 2, 2.5 or 5 × 10^k, from 0 to at least the maximum', () => {
    expect(niceTicks(342, 4)).toEqual([0, 100, 200, 300, 400]);
    expect(niceTicks(14527.22, 4)).toEqual([0, 5000, 10000, 15000]);
    expect(niceTicks(1.62, 4)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(niceTicks(0, 4)).toEqual([0, 1]);
    expect(niceStep(17.1)).toBe(20);
    expect(niceStep(0.023)).toBe(0.025);
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
        fc.integer({ min: 1, max: 10 }),
        (max, n) => {
          const t = niceTicks(max, n);
          const step = (t[1] as number) - (t[0] as number);
          const mantissa = Number((step / 10 ** Math.floor(Math.log10(step))).toPrecision(6));
          expect([1, 2, 2.5, 5]).toContain(mantissa);
          expect(t[0]).toBe(0);
          expect(t[t.length - 1] as number).toBeGreaterThanOrEqual(max * (1 - 1e-9));
          expect(t[t.length - 2] as number).toBeLessThan(max);
        },
      ),
    );
  });

  it('heat maps: a legend with values; values printed in large cells; a scale that may leave out a column', () => {
    const few = heatMap(
      'cohorts',
      't',
      ['a', 'b'],
      ['0', '1', '2'],
      [
        [1, 0.2, 0.1],
        [1, 0.05, null],
      ],
      { x: 'x', y: 'y' },
      undefined,
      { max: 0.2 },
    );
    // The legend: six swatches from 0 to the top of the scale (values above it share the darkest colour).
    for (const label of ['>0%<', '>4.0%<', '>8.0%<', '>12%<', '>16%<', '>≥ 20%<'])
      expect(few).toContain(label);
    // Values printed in the cells (three columns: room enough), including the 100 % of column 0.
    for (const v of ['>100%</text>', '>20%</text>', '>10%</text>', '>5.0%</text>']) expect(few).toContain(v);
    // Column 0 (100 %) and the 20 % cell share the darkest colour; the 5 % cell is lighter.
    expect(few.match(/fill="hsl\(208 65% 30%\)"><title>/g)).toHaveLength(3);
    const many = heatMap(
      'p-alive',
      't',
      ['1', '0'],
      Array.from({ length: 25 }, (_, j) => String(j)),
      [Array(25).fill(0.5), Array(25).fill(1)],
      { x: 'x', y: 'y' },
    );
    expect(many).not.toContain('>50%</text>');
    expect(many).toContain('>100%<');
  });

  it('format: money to the cent half-up with separators, shares, counts', () => {
    expect(money(toDecimal('1234567.125') as never)).toBe('$1,234,567.13');
    expect(money(0)).toBe('$0.00');
    // Other currencies by Intl, from the exact decimal: their symbol and minor unit (none for yen).
    expect(money(toDecimal('2500315.625') as never, 'EUR')).toBe('€2,500,315.63');
    expect(money('1234.5', 'JPY')).toBe('¥1,235');
    expect(money('12345678901234567.895', 'GBP')).toBe('£12,345,678,901,234,567.90');
    expect(pct(0.12345)).toBe('12.3%');
    expect(count(1234567)).toBe('1,234,567');
  });
});

describe('buildReportData and the page', () => {
  const orders = simulateOrderLog({
    customers: 600,
    start: '2024-01-01',
    end: '2025-06-30',
    purchases: { r: 0.75, alpha: 40, a: 0.8, b: 2.5 },
    spend: { p: 6, q: 4, gamma: 60 },
    seed: 9,
  });
  const summary = summarizeTransactions(orders, { timeUnit: 'week', calibrationEnd: '2025-03-31' });
  const data = buildReportData({
    summary,
    cohorts: summary.cohortRetention({ period: 'month' }),
    timeUnit: 'week',
    cac: 30,
  });

  it('holds exactly what the core computes', () => {
    const c = summary.columns;
    const value = predictCustomerLifetimeValue({
      transactionModel: data.model,
      spendModel: data.spendModel,
      customers: { frequency: c.frequency, recency: c.recency, T: c.T, monetaryValue: c.monetaryValue },
      horizon: 12,
      discountRate: 0.01,
      timeUnit: 'week',
    });
    expect(data.customers).toBe(600);
    expect(data.clvValues).toEqual(value.values);
    expect(data.averageClv.toString()).toBe(sumMoney(value.clv).div(600).toString());
    expect(data.clvToCac?.toString()).toBe(data.averageClv.div(30).toString());
    expect(data.segments).toEqual(
      segmentSummary(summary.customers, rfmSegments(rfmScores(summary.customers))),
    );
    expect(data.revenue.toString()).toBe(sumMoney(summary.customers.map((r) => r.totalSpend)).toString());
    expect(data.clvHistogram.counts.reduce((s, n) => s + n, 0)).toBe(600);
    expect(data.holdout?.rows.length).toBeGreaterThan(0);
    expect(data.cohorts).toEqual(cohortRetention(orders, { period: 'month' }));
    expect(buildReportData({ summary, timeUnit: 'week' }).cohorts).toBeUndefined();
    // Each fit hears its own progress callback (clvkit report's progress lines).
    const heard: Record<string, number> = {};
    buildReportData({
      summary,
      timeUnit: 'week',
      fitOptions: (label) => ({ onEvaluation: () => void (heard[label] = (heard[label] ?? 0) + 1) }),
    });
    expect(Object.keys(heard)).toEqual(['BG/NBD', 'Gamma-Gamma']);
    expect(Math.min(...Object.values(heard))).toBeGreaterThan(3);
  });

  it('the page has every chart, headline figures and the top table', () => {
    const html = renderReport(data, { top: 7, title: 'Shop <&>' });
    const euros = renderReport({ ...data, currency: 'EUR' }, { top: 7 });
    expect(euros).not.toContain('$');
    expect(euros).toContain(`<b>${money(data.revenue, 'EUR')}</b>`);
    expect([...html.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1])).toEqual(ALL_CHARTS);
    expect(html).toContain('<title>Shop &lt;&amp;&gt;</title>');
    // A split summary given without an evaluation: every figure says it is the calibration period's.
    expect(html).toContain('<b>600</b><span>customers, calibration period, orders to 2025-03-31</span>');
    expect(html).toContain(
      `<b>${money(data.revenue)}</b><span>revenue, calibration period, orders to 2025-03-31</span>`,
    );
    expect(html).toContain(
      `<b>${money(data.averageClv)}</b><span>average 12-month CLV from 2025-03-31</span>`,
    );
    expect(html).toContain('CLV : CAC (CAC $30.00)');
    expect(html).toContain('data-rows="7"');
    expect(html).toContain('@media print');
  });
});

describe('the page of a split log: the evaluation, then where the business stands now', () => {
  const orders = simulateOrderLog({
    customers: 500,
    start: '2024-01-01',
    end: '2025-06-30',
    purchases: { r: 0.75, alpha: 40, a: 0.8, b: 2.5 },
    spend: { p: 6, q: 4, gamma: 60 },
    seed: 4,
  });
  const calibrationEnd = '2025-03-31';
  const evaluation = evaluateModels(orders, { calibrationEnd, timeUnit: 'week' });
  const all = summarizeTransactions(orders, { timeUnit: 'week' });
  const calibration = summarizeTransactions(orders, { timeUnit: 'week', calibrationEnd });
  const refit = evaluation.recommended.refit as NonNullable<typeof evaluation.recommended.refit>;
  const fit = {
    ...fitFromParams({ model: refit.model as never, params: refit.params, timeUnit: 'week' }),
    logLikelihood: refit.logLikelihood,
  };
  const data = buildReportData({
    summary: all,
    cohorts: all.cohortRetention({ period: 'month' }),
    timeUnit: 'week',
    evaluation,
    fit,
  });
  const html = renderReport(data, { top: 5 });
  const end = all.observationEnd;

  it('every "now" figure comes from all the data, with the chosen model refitted on it', () => {
    const c = all.columns;
    const value = predictCustomerLifetimeValue({
      transactionModel: fit,
      spendModel: data.spendModel,
      customers: { frequency: c.frequency, recency: c.recency, T: c.T, monetaryValue: c.monetaryValue },
      horizon: 12,
      discountRate: 0.01,
      timeUnit: 'week',
    });
    expect(data.model).toBe(fit);
    expect(data.clvValues).toEqual(value.values);
    expect(data.revenue.toString()).toBe(sumMoney(orders.map((o) => o.amount as number)).toString());
    // The bug of the issue: the headline is the whole log's revenue, not the calibration period's.
    expect(data.revenue.gt(calibration.revenue)).toBe(true);
    expect(html).toContain(`<b>${money(data.revenue)}</b><span>revenue, all orders to ${end}</span>`);
    expect(html).not.toContain(money(calibration.revenue));
    expect(html).toContain(
      `<b>${count(all.columns.frequency.length)}</b><span>customers, all orders to ${end}</span>`,
    );
    expect(html).toContain(`<b>${money(data.averageClv)}</b><span>average 12-month CLV from ${end}</span>`);
    expect(html).toContain(`Top 5 customers by predicted 12-month CLV from ${end}`);
    expect(html).toContain(`P(alive) on ${end} by frequency and recency`);
  });

  it('two labelled parts; part 1 holds the ranked table, tracking with the split, calibration and holdout', () => {
    const headings = [...html.matchAll(/<h2[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(headings).toEqual([
      '1. How well the models predicted the holdout',
      '2. Where the business stands now',
      'How sure are we (90 % intervals)',
      'Who brings the revenue',
      'What customers are worth',
      'Where the future value is',
      `Top 5 customers by predicted 12-month CLV from ${end}`,
      'Glossary',
    ]);
    expect(Object.keys(charts(html))).toEqual(SPLIT_CHARTS);
    const part1 = html.slice(0, html.indexOf('2. Where the business stands now'));
    expect(part1).toContain('data-chart="tracking"');
    expect(part1).toContain('data-chart="holdout"');
    expect(part1).toContain(`data-table="evaluation" data-rows="${evaluation.models.length}"`);
    // A model that could not be fitted is listed, not dropped (here Pareto/NBD on this small log).
    expect(evaluation.models.length + evaluation.failures.length).toBe(3);
    for (const f of evaluation.failures) expect(part1).toContain(`<li>${f.model} could not be fitted: `);
    // The table is in the evaluation's rank order, the chosen model first and in bold.
    const ranked = [
      ...part1.matchAll(/<tr( class="chosen")?><td data-v="(\d)">\d<\/td><td data-v="([^"]+)"/g),
    ];
    expect(ranked.map((m) => [m[2], m[3], m[1] !== undefined])).toEqual(
      evaluation.models.map((m) => [String(m.rank), m.label, m.rank === 1]),
    );
    expect(part1).toContain(
      `Chosen: ${evaluation.models[0]?.label} — ${escapeHtml(evaluation.recommended.reason)}.`,
    );
    // Tracking: the actual curve (known every week here) and each model's expected curve.
    const known = evaluation.tracking.actualCumulative.filter((v) => v !== null).length;
    expect(charts(html).tracking).toBe(known + evaluation.models.length * evaluation.tracking.times.length);
    expect(part1).toContain('>calibration</text>');
    expect(part1).toContain('>holdout</text>');
    // The holdout chart of the chosen model: one pair of columns per calibration frequency.
    expect(charts(html).holdout).toBe(2 * (evaluation.models[0]?.holdoutTable.length ?? 0));
  });
});
