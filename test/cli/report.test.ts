/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDNOW_MASTER, CDNOW_MASTER_READ, CDNOW_SAMPLE, CDNOW_SAMPLE_FLAGS } from './cdnow.js';
import { ALL_CHARTS, charts, SPLIT_CHARTS } from './charts.js';
import { launchChromium } from './chromium.js';
import { clvkit } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'clvkit-report-'));
/** Screenshots land in the repository's tmp/ (ignored by git) for a human look. */
const SHOTS = join(__dirname, '../../tmp');

/**
 * A full-page screenshot, taken again once when Chromium cannot capture it (its `Page.captureScreenshot` fails now
 * and then on a loaded machine: "Unable to capture screenshot"); a second failure is the test's.
 */
async function screenshot(page: Page, path: string): Promise<Buffer> {
  try {
    return await page.screenshot({ fullPage: true, path });
  } catch {
    await page.waitForTimeout(500);
    return page.screenshot({ fullPage: true, path });
  }
}

// The two pages every browser test opens: the CDNOW sample (published calibration split) and a simulated log.
const cdnowPage = join(dir, 'cdnow.html');
const cdnow = clvkit(['report', CDNOW_SAMPLE, ...CDNOW_SAMPLE_FLAGS, '--cac', '25', '-o', cdnowPage]);
const simulatedLog = join(dir, 'simulated.csv');
writeFileSync(
  simulatedLog,
  clvkit(['simulate', '--customers', '2000', '--seed', '11', '--start', '2024-01-01', '--end', '2025-06-30'])
    .stdout,
);
const simulatedPage = join(dir, 'simulated.html');
const simulated = clvkit([
  'report',
  simulatedLog,
  '--time-unit',
  'week',
  '--calibration-end',
  '2025-03-31',
  '--model',
  'pnbd',
  '--top',
  '15',
  '-o',
  simulatedPage,
]);

describe('clvkit report', () => {
  it('reads the CDNOW sample log: the holdout evaluation, then the business now from all the data', () => {
    expect(cdnow.code).toBe(0);
    expect(cdnow.stdout).toBe('');
    expect(cdnow.stderr).toBe(
      `read 6,919 rows: 6,919 used, 0 rejected\nmodel: auto chose paretoNbd (Pareto/NBD) on the holdout 1997-09-30 to 1998-06-30 by mae (the default; --choice-metric): lowest holdout MAE (mean absolute error of purchases per customer): paretoNbd 0.7545, modifiedBetaGeo 0.7648, betaGeo 0.7855; refitted on all data to 1998-06-30\nwrote ${cdnowPage}\n`,
    );
    const html = readFileSync(cdnowPage, 'utf8');
    expect(charts(html)).toEqual({
      // 79 weeks from the first purchase to 1998-06-30: the actual curve and three models' curves.
      tracking: 4 * 79,
      'model-fit': 16,
      holdout: 16,
      // Ten deciles of predicted holdout purchases, predicted and actual means.
      deciles: 20,
      segments: 7,
      pareto: 20,
      'clv-distribution': 20,
      // 25 frequencies (0–24) × recency 0, 5, …, 75 weeks (T = 77.9): x = 0 only at recency 0, x ≥ 1 not at 0.
      'p-alive': 1 + 24 * 15,
      'clv-by-segment': 7,
      // Customers acquired in Jan, Feb and Mar 1997, followed to June 1998: 18 + 17 + 16 months.
      cohorts: 51,
    });
    expect(html).toContain('<b>2,357</b><span>customers, all orders to 1998-06-30</span>');
    // The whole file's revenue (Σ of its fifth column, by awk: 244091.94), not the calibration period's.
    expect(html).toContain('<b>$244,091.94</b><span>revenue, all orders to 1998-06-30</span>');
    expect(html).toContain('<span>average 12-month CLV from 1998-06-30</span>');
    expect(html).toContain('CLV : CAC (CAC $25.00)');
    expect(html).toContain('data-table="evaluation" data-rows="3"');
    expect(html).toContain(
      'The holdout 1997-09-30 to 1998-06-30 (39 weeks): purchases per customer, actual vs predicted (Pareto/NBD)',
    );
    expect(html).toContain('1,882 holdout purchases actual, 1666 predicted by Pareto/NBD.');
    expect(html).toContain('data-rows="20"');
    // The 90 % intervals (test/cli/report-intervals.test.ts checks their values): the refitted Pareto/NBD
    // carries the covariance the evaluation kept for its refit, so its parameters are drawn too.
    expect(html).toMatch(
      /<span>expected revenue of today&#39;s 2,357 customers in the 12 months from 1998-06-30; 90 % interval \$[\d,.]+ – \$[\d,.]+<\/span>/,
    );
    expect(html).toContain(
      'customer equity: their CLV over the 12 months from 1998-06-30, discounted at 1.0% a month',
    );
    expect(html).toContain('Pareto/NBD&#39;s parameters drawn from its estimate&#39;s standard errors');
    expect(html).toContain('200 Monte-Carlo draws (seed 1)');
    expect(html).toContain('1,223 distinct of 2,357');
  });

  it('reads the full CDNOW master log: the headline is the whole file ($2,500,315.63), not the calibration period', () => {
    const page = join(dir, 'master.html');
    const r = clvkit([
      'report',
      CDNOW_MASTER,
      ...CDNOW_MASTER_READ,
      '--time-unit',
      'week',
      '--calibration-end',
      '1997-09-30',
      '-o',
      page,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      `read 69,659 rows: 69,659 used, 0 rejected\nmodel: auto chose paretoNbd (Pareto/NBD) on the holdout 1997-09-30 to 1998-06-30 by mae (the default; --choice-metric): lowest holdout MAE (mean absolute error of purchases per customer): paretoNbd 0.7938, modifiedBetaGeo 0.7945, betaGeo 0.8187; refitted on all data to 1998-06-30\nwrote ${page}\n`,
    );
    const html = readFileSync(page, 'utf8');
    expect(Object.keys(charts(html))).toEqual(SPLIT_CHARTS);
    expect(html).toContain('<b>23,570</b><span>customers, all orders to 1998-06-30</span>');
    // Σ dollar_value of the file (awk): the issue's figure. The calibration period alone held $1,723,354.50.
    expect(html).toContain('<b>$2,500,315.63</b><span>revenue, all orders to 1998-06-30</span>');
    expect(html).not.toContain('$1,723,354.50');
    expect(html).toContain('fitted without 1 repeat customer whose repeat orders were all free');
    expect(html).toContain('1 repeat customer(s) with no repeat spend left out of the Gamma-Gamma fit');
  });

  it('reads a simulated log with --model pnbd, --top and a calibration split: the page uses the model named', () => {
    expect(simulated.code, simulated.stderr).toBe(0);
    expect(simulated.stderr).not.toContain('model: auto');
    const html = readFileSync(simulatedPage, 'utf8');
    expect(Object.keys(charts(html))).toEqual(SPLIT_CHARTS);
    expect(html).toContain('You asked for Pareto/NBD (--model)');
    expect(html).toContain('Part 2 uses Pareto/NBD, refitted on all the data');
    expect(html).toContain('data-rows="15"');
    expect(html).not.toContain('CLV : CAC');
  });

  it('needs no network: nothing loaded from elsewhere, one inline script', () => {
    for (const page of [cdnowPage, simulatedPage]) {
      const html = readFileSync(page, 'utf8');
      expect(html).not.toMatch(/\b(src|href)\s*=/i);
      expect(html).not.toMatch(/@import|url\(/i);
      expect(html.match(/<script/g)).toHaveLength(1);
    }
  });

  it('horizon, discount rate and without a calibration split no holdout chart', () => {
    const page = join(dir, 'horizon.html');
    const r = clvkit([
      'report',
      simulatedLog,
      '--time-unit',
      'week',
      '--horizon',
      '24',
      '--discount-rate',
      '0',
      '-o',
      page,
    ]);
    expect(r.code).toBe(0);
    const html = readFileSync(page, 'utf8');
    expect(Object.keys(charts(html))).toEqual(ALL_CHARTS.filter((c) => c !== 'holdout'));
    expect(html).toContain('average 24-month CLV from 2025-06-');
    expect(html).toMatch(/CLV over 24 months from 2025-06-\d\d at 0\.0% a month/);
  });

  it('--margin reports CLV as profit: the average CLV scales with the margin', () => {
    const average = (html: string) => {
      const m = /<b>\$([\d,.]+)<\/b><span>average 12-month CLV from [\d-]+<\/span>/.exec(html);
      return Number(m?.[1]?.replace(/,/g, ''));
    };
    const revenuePage = join(dir, 'revenue.html');
    const profitPage = join(dir, 'profit.html');
    expect(clvkit(['report', simulatedLog, '--time-unit', 'week', '-o', revenuePage]).code).toBe(0);
    expect(
      clvkit(['report', simulatedLog, '--time-unit', 'week', '--margin', '0.25', '-o', profitPage]).code,
    ).toBe(0);
    const revenue = readFileSync(revenuePage, 'utf8');
    const profit = readFileSync(profitPage, 'utf8');
    expect(profit).toContain('as profit at a 25.0% margin');
    expect(revenue).not.toContain('as profit at a');
    expect(average(revenue)).toBeGreaterThan(0);
    expect(Math.abs(average(profit) - average(revenue) / 4)).toBeLessThanOrEqual(0.01);
    const bad = clvkit(['report', simulatedLog, '--margin', '1.2', '-o', join(dir, 'bad.html')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--margin: expected a fraction in (0, 1], received '1.2'");
  });

  it('cohorts follow the occasions: monthly by default, weekly with --granularity week', () => {
    const weekly = join(dir, 'weekly.html');
    expect(
      clvkit(['report', simulatedLog, '--time-unit', 'week', '--granularity', 'week', '-o', weekly]).code,
    ).toBe(0);
    const html = readFileSync(weekly, 'utf8');
    expect(html).toContain('Cohort retention: share of each week’s new customers buying k weeks later');
    expect(html).toContain('weeks since first purchase');
    expect(readFileSync(cdnowPage, 'utf8')).toContain('months since first purchase');
  });

  it('--currency EUR writes every amount in euros (Intl), none in dollars', () => {
    const page = join(dir, 'euros.html');
    const r = clvkit([
      'report',
      CDNOW_SAMPLE,
      ...CDNOW_SAMPLE_FLAGS,
      '--currency',
      'eur',
      '--cac',
      '25',
      '-o',
      page,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('<b>€244,091.94</b><span>revenue, all orders to 1998-06-30</span>');
    expect(html).toContain('CLV : CAC (CAC €25.00)');
    expect(html).not.toContain('$');
  });

  it('a log with a currency column writes money in its currency; --currency naming another is refused', () => {
    const lines = readFileSync(simulatedLog, 'utf8').trim().split('\n');
    const pounds = join(dir, 'pounds.csv');
    writeFileSync(pounds, `${lines.map((l, i) => `${l},${i === 0 ? 'currency' : 'GBP'}`).join('\n')}\n`);
    const page = join(dir, 'pounds.html');
    const r = clvkit(['report', pounds, '--time-unit', 'week', '-o', page]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('currency=currency\n');
    const html = readFileSync(page, 'utf8');
    expect(html).toMatch(/<b>£[\d,]+\.\d\d<\/b>/);
    expect(html).not.toContain('$');
    const dollars = clvkit([
      'report',
      pounds,
      '--time-unit',
      'week',
      '--currency',
      'USD',
      '-o',
      join(dir, 'usd.html'),
    ]);
    expect(dollars.code).toBe(2);
    expect(dollars.stderr).toContain(
      "--currency USD: the log's amounts are in GBP (its currency column); give --currency GBP, or convert them with --rates FILE --reporting-currency USD",
    );
    expect(existsSync(join(dir, 'usd.html'))).toBe(false);
  });

  it('--title names the page (escaped)', () => {
    const page = join(dir, 'titled.html');
    const r = clvkit([
      'report',
      simulatedLog,
      '--time-unit',
      'week',
      '--title',
      'Shop <Q3> & co',
      '-o',
      page,
    ]);
    expect(r.code).toBe(0);
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('<title>Shop &lt;Q3&gt; &amp; co</title>');
    expect(html).toContain('<h1>Shop &lt;Q3&gt; &amp; co</h1>');
  });

  it('escapes every text from the data (a hostile customer id reaches the top table)', () => {
    const hostile = join(dir, 'hostile.csv');
    const evil = '"<script>alert(1)</script><img src=x onerror=alert(2)>"';
    const log = clvkit(['simulate', '--customers', '300', '--seed', '5']).stdout;
    const evilRows = Array.from(
      { length: 12 },
      (_, m) => `${evil},2024-${String(m + 1).padStart(2, '0')}-10,5000\n`,
    );
    writeFileSync(hostile, `${log}${evilRows.join('')}`);
    const page = join(dir, 'hostile.html');
    expect(clvkit(['report', hostile, '-o', page, '--time-unit', 'week']).code).toBe(0);
    const text = readFileSync(page, 'utf8');
    expect(text.match(/<script/g)).toHaveLength(1);
    expect(text).not.toContain('<img');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
  });

  it('refuses bad flags with exit 2 and the flag named', () => {
    const bad: [string[], string][] = [
      [['--model', 'bgbb'], "--model: expected bgnbd, mbgnbd or pnbd, received 'bgbb'"],
      [['--horizon', '1.5'], "--horizon: expected a whole number of months, received '1.5'"],
      [['--discount-rate=-1'], "--discount-rate: expected a rate of 0 or more, received '-1'"],
      [['--top', '0'], "--top: expected a whole number of 1 or more, received '0'"],
      [['--cac', 'ten'], "--cac: expected an amount above 0, received 'ten'"],
      [['--cac', '0'], "--cac: expected an amount above 0, received '0'"],
      [
        ['--currency', 'EURO'],
        "--currency: expected an ISO 4217 code such as USD, EUR or GBP, received 'EURO'",
      ],
      [['--model', 'auto'], '--model auto chooses the model on a holdout: give --calibration-end DATE'],
    ];
    for (const [flags, message] of bad) {
      const r = clvkit(['report', simulatedLog, ...flags, '-o', join(dir, 'bad.html')]);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
    }
    expect(existsSync(join(dir, 'bad.html'))).toBe(false);
    const missing = clvkit(['report', '-o', join(dir, 'bad.html')]);
    expect(missing.code).toBe(2);
  });

  it('a model that cannot be fitted is bad input (exit 2), not an internal error', () => {
    const tiny = join(dir, 'tiny.csv');
    writeFileSync(tiny, 'customer_id,date,amount\na,2024-01-01,10\na,2024-02-01,20\nb,2024-01-05,5\n');
    const r = clvkit(['report', tiny, '-o', join(dir, 'tiny.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('clvkit report: betaGeo: fit failed');
    expect(r.stderr).toContain('try more customers, --penalizer 0.01, or another model');
  });

  it('--help lists the report flags and examples', () => {
    const r = clvkit(['report', '--help']);
    expect(r.code).toBe(0);
    for (const flag of [
      '--model',
      '--horizon',
      '--discount-rate',
      '--cac',
      '--calibration-end',
      '--top',
      '-o',
    ])
      expect(r.stdout).toContain(flag);
  });
});

describe('the report in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    // Chromium from the npm package @sparticuz/chromium (./chromium.ts): fails, never skips, without it.
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a page from file:// and returns its outline: charts, headings, table rows, problems, requests. */
  async function open(file: string, shot: string) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(`file://${file}`);
    const figures = await page.evaluate(() =>
      [...document.querySelectorAll('figure')].map((f) => {
        const box = f.querySelector('svg')?.getBoundingClientRect();
        return {
          chart: f.getAttribute('data-chart'),
          declared: Number(f.getAttribute('data-marks')),
          drawn: [...f.querySelectorAll('.mark')].filter((m) => {
            const r = m.getBoundingClientRect();
            return r.width > 0 || r.height > 0;
          }).length,
          visible: box !== undefined && box.width > 200 && box.height > 80,
        };
      }),
    );
    const headings = await page.$$eval('h1, h2', (hs) => hs.map((h) => h.textContent));
    const rows = await page.$$eval('table[data-table="top-customers"] tbody tr', (r) => r.length);
    mkdirSync(SHOTS, { recursive: true });
    const png = await screenshot(page, join(SHOTS, shot));
    return { page, figures, headings, rows, png, problems, requests };
  }

  it('the CDNOW page: every chart drew its marks, no console errors, no requests beyond the file', async () => {
    const o = await open(cdnowPage, 'report-cdnow.png');
    // The DOM outline is the snapshot: charts with their marks, headings, table rows.
    expect(o.figures.map((f) => [f.chart, f.drawn])).toEqual([
      ['tracking', 316],
      ['model-fit', 16],
      ['holdout', 16],
      ['deciles', 20],
      ['segments', 7],
      ['pareto', 20],
      ['clv-distribution', 20],
      ['p-alive', 361],
      ['clv-by-segment', 7],
      ['cohorts', 51],
    ]);
    for (const f of o.figures) {
      expect(f.drawn, f.chart as string).toBe(f.declared);
      expect(f.visible, f.chart as string).toBe(true);
    }
    expect(o.headings).toEqual([
      'Customer lifetime value report',
      '1. How well the models predicted the holdout',
      '2. Where the business stands now',
      'How sure are we (90 % intervals)',
      'Who brings the revenue',
      'What customers are worth',
      'Where the future value is',
      'Top 20 customers by predicted 12-month CLV from 1998-06-30',
      'Glossary',
    ]);
    expect(o.rows).toBe(20);
    // Structure, not pixels: a full-width page, long enough for every section, and not blank.
    expect(o.png.readUInt32BE(16)).toBe(1100);
    expect(o.png.readUInt32BE(20)).toBeGreaterThan(2500);
    expect(o.png.length).toBeGreaterThan(100_000);
    expect(o.problems).toEqual([]);
    expect(o.requests).toEqual([`file://${cdnowPage}`]);

    // The script sorts the top table: a column head sorts by it, largest first; a second click reverses.
    const column = (n: number) =>
      o.page.$$eval(`table[data-table="top-customers"] tbody tr td:nth-child(${n})`, (cells) =>
        cells.map((c) => Number(c.getAttribute('data-v'))),
      );
    const before = await column(7);
    expect(before).toEqual([...before].sort((x, y) => y - x));
    await o.page.click('table[data-table="top-customers"] th:nth-child(3)');
    const orders = await column(3);
    expect(orders).toEqual([...orders].sort((x, y) => y - x));
    expect(await column(7)).not.toEqual(before);
    await o.page.click('table[data-table="top-customers"] th:nth-child(7)');
    expect(await column(7)).toEqual(before);
    await o.page.click('table[data-table="top-customers"] th:nth-child(7)');
    expect(await column(7)).toEqual([...before].reverse());
    expect(o.problems).toEqual([]);
  }, 30_000);

  it('the split page at 1400 and 800 px and in print: nothing wider than the page, the ranked table whole', async () => {
    for (const [width, print] of [
      [1400, false],
      [800, false],
      [718, true], // A4's printable width at 96 dpi
    ] as const) {
      const page = await browser.newPage({ viewport: { width, height: 1000 } });
      await page.goto(`file://${cdnowPage}`);
      if (print) await page.emulateMedia({ media: 'print' });
      const size = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        table: document.querySelector('table[data-table="evaluation"]')?.scrollWidth ?? 0,
        box: document.querySelector('table[data-table="evaluation"]')?.parentElement?.clientWidth ?? 0,
        charts: [...document.querySelectorAll('figure svg')].map((s) => s.getBoundingClientRect().width),
      }));
      mkdirSync(SHOTS, { recursive: true });
      await screenshot(page, join(SHOTS, `report-split-${width}${print ? '-print' : ''}.png`));
      expect(size.page, `${width}`).toBe(width);
      // On a wide screen and on paper the ranked table is whole; on a narrow screen it scrolls in its box.
      if (width !== 800) expect(size.table, `${width}`).toBeLessThanOrEqual(size.box);
      expect(size.charts).toHaveLength(SPLIT_CHARTS.length);
      for (const w of size.charts) expect(w).toBeGreaterThan(250);
      await page.close();
    }
  }, 60_000);

  it('the simulated page: every chart drew, prints to PDF, no errors or requests', async () => {
    const o = await open(simulatedPage, 'report-simulated.png');
    expect(o.figures.map((f) => f.chart)).toEqual(SPLIT_CHARTS);
    for (const f of o.figures) {
      expect(f.drawn, f.chart as string).toBeGreaterThan(0);
      expect(f.drawn, f.chart as string).toBe(f.declared);
      expect(f.visible, f.chart as string).toBe(true);
    }
    expect(o.rows).toBe(15);
    expect(o.png.readUInt32BE(16)).toBe(1100);
    // Printable: the print stylesheet lays it out on A4 pages.
    const pdf = await o.page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(o.problems).toEqual([]);
    expect(o.requests).toEqual([`file://${simulatedPage}`]);
  }, 30_000);
});
