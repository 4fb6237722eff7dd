/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/cli/report/escape.js';
import { CDNOW_SAMPLE, CDNOW_SAMPLE_FLAGS } from './cdnow.js';
import { clvkit } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'clvkit-report-'));
const CHROMIUM = '/usr/bin/chromium';

/** The charts of a page: id → marks drawn, as the page declares them. */
const charts = (html: string) =>
  Object.fromEntries(
    [...html.matchAll(/<figure data-chart="([^"]+)" data-marks="(\d+)">/g)].map((m) => [m[1], Number(m[2])]),
  );

describe('the report page', () => {
  const demoPage = join(dir, 'demo.html');
  const demo = clvkit(['demo', '-o', demoPage]);

  it('clvkit demo prints the segment table and top customers and writes every chart', () => {
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('28,455 orders from 5,000 customers');
    expect(demo.stdout).toMatch(/Champions +718/);
    expect(demo.stdout).toContain('Top 10 customers by predicted 12-month CLV');
    expect(demo.stdout).toContain(`Wrote ${demoPage}`);
    const drawn = charts(readFileSync(demoPage, 'utf8'));
    expect(Object.keys(drawn)).toEqual([
      'segments',
      'pareto',
      'clv-distribution',
      'p-alive',
      'model-fit',
      'holdout',
      'clv-by-segment',
      'cohorts',
    ]);
    expect(drawn).toMatchObject({
      segments: 11,
      pareto: 20,
      'clv-distribution': 20,
      'model-fit': 16,
      holdout: 16,
    });
    for (const marks of Object.values(drawn)) expect(marks).toBeGreaterThan(0);
  });

  it('needs no network: no script, stylesheet, image or font from elsewhere', () => {
    const html = readFileSync(demoPage, 'utf8');
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('clvkit report reads a log, shows the holdout with a calibration split and escapes every text', () => {
    const out = join(dir, 'cdnow.html');
    const r = clvkit(['report', CDNOW_SAMPLE, ...CDNOW_SAMPLE_FLAGS, '--cac', '25', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`read 6,919 rows: 6,919 used, 0 rejected\nwrote ${out}\n`);
    const html = readFileSync(out, 'utf8');
    expect(charts(html).holdout).toBe(16);
    expect(html).toContain('CLV : CAC (CAC $25.00)');
    const hostile = join(dir, 'hostile.csv');
    const evil = '"<script>alert(1)</script>"';
    const log = clvkit(['simulate', '--customers', '300', '--seed', '5']).stdout;
    // A big spender, so the id reaches the top-customers table.
    const evilRows = Array.from(
      { length: 12 },
      (_, m) => `${evil},2024-${String(m + 1).padStart(2, '0')}-10,5000\n`,
    );
    writeFileSync(hostile, `${log}${evilRows.join('')}`);
    const page = join(dir, 'hostile.html');
    expect(clvkit(['report', hostile, '-o', page, '--time-unit', 'week']).code).toBe(0);
    const text = readFileSync(page, 'utf8');
    expect(text).not.toContain('<script>');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('a model that cannot be fitted is bad input (exit 2), not an internal error', () => {
    const tiny = join(dir, 'tiny.csv');
    writeFileSync(tiny, 'customer_id,date,amount\na,2024-01-01,10\na,2024-02-01,20\nb,2024-01-05,5\n');
    const r = clvkit(['report', tiny, '-o', join(dir, 'tiny.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('clvkit report: betaGeo: fit failed');
    expect(r.stderr).toContain('try more customers, --penalizer 0.01, or another model');
  });

  it('escapeHtml neutralises markup and quotes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('renders in headless Chromium: every chart drew, no console errors, no requests beyond the file', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (.ci/run does)`).toBe(
      true,
    );
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
      });
      page.on('pageerror', (err) => problems.push(err.message));
      page.on('request', (req) => requests.push(req.url()));
      await page.goto(`file://${demoPage}`);
      const outline = await page.evaluate(() =>
        [...document.querySelectorAll('figure')].map((f) => {
          const svg = f.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          return {
            chart: f.getAttribute('data-chart'),
            declared: Number(f.getAttribute('data-marks')),
            drawn: f.querySelectorAll('.mark').length,
            visible: box !== undefined && box.width > 200 && box.height > 80,
          };
        }),
      );
      expect(outline.map((o) => o.chart)).toEqual([
        'segments',
        'pareto',
        'clv-distribution',
        'p-alive',
        'model-fit',
        'holdout',
        'clv-by-segment',
        'cohorts',
      ]);
      for (const o of outline) {
        expect(o.drawn, o.chart as string).toBe(o.declared);
        expect(o.drawn, o.chart as string).toBeGreaterThan(0);
        expect(o.visible, o.chart as string).toBe(true);
      }
      const headings = await page.$$eval('h1, h2', (hs) => hs.map((h) => h.textContent));
      expect(headings).toEqual([
        'A simulated store — customer lifetime value',
        'Who brings the revenue',
        'What customers are worth',
        'How well the model fits',
        'Where the future value is',
        'Top 20 customers by predicted CLV',
      ]);
      expect(await page.$$eval('table[data-table="top-customers"] tbody tr', (rows) => rows.length)).toBe(20);
      // The screenshot test compares structure, not pixels: a full page of the expected size that is not blank.
      const png = await page.screenshot({ fullPage: true, path: join(dir, 'report.png') });
      expect(png.readUInt32BE(16)).toBe(1100);
      expect(png.readUInt32BE(20)).toBeGreaterThan(2000);
      expect(png.length).toBeGreaterThan(100_000);
      expect(problems).toEqual([]);
      expect(requests.every((u) => u.startsWith('file://'))).toBe(true);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
