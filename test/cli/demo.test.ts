import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_CHARTS, charts } from './charts.js';
import { CLI, clvkit } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'clvkit-demo-'));

describe('clvkit demo', () => {
  const page = join(dir, 'demo.html');
  const demo = clvkit(['demo', '-o', page]);

  it('simulates the store, prints the segment table, the fit and the top customers (plain text when piped)', () => {
    expect(demo.code).toBe(0);
    expect(demo.stderr).toBe('');
    expect(demo.stdout).not.toContain('\x1b[');
    expect(demo.stdout).toContain(
      '1. A simulated store: 28,455 orders from 5,000 customers, 2024-01-01 to 2025-12-31 (calibration to 2025-06-30).',
    );
    expect(demo.stdout).toMatch(/Champions +817 +\$1,172,647\.98 +39\.4%/);
    expect(demo.stdout).toMatch(/New Customers +82 /);
    expect(demo.stdout).toContain('3. BG/NBD r 0.7372, alpha 5.826, a 0.7340, b 2.383');
    expect(demo.stdout).toContain('holdout: 3829 purchases actual, 3809 predicted');
    expect(demo.stdout).toContain('4. Top 10 customers by predicted 12-month CLV');
    // The model CLV is a maximum-likelihood figure: its last cent moves with the optimiser's final step (the
    // estimates are settled to about 1e-7), so the cents are not pinned here.
    expect(demo.stdout).toMatch(/C4075 +Champions +96\.5% +20\.22 +\$7,61[34]\.\d\d/);
    expect(demo.stdout).toContain('CLV $2,566.67, net $2,066.67, CLV:CAC 5.13');
    expect(demo.stdout).toContain(`Wrote ${page}: open it in a browser (it needs no network).`);
  });

  it('writes the whole report, CLV:CAC at the default CAC of $40', () => {
    const html = readFileSync(page, 'utf8');
    expect(charts(html)).toMatchObject({
      segments: 11,
      pareto: 20,
      // Bins of a round width up to the 99th percentile: 18 of them here.
      'clv-distribution': 18,
      'model-fit': 16,
      holdout: 16,
      'clv-by-segment': 11,
    });
    expect(Object.keys(charts(html))).toEqual(ALL_CHARTS);
    expect(html).toContain('<title>A simulated store — customer lifetime value</title>');
    expect(html).toContain('CLV : CAC (CAC $40.00)');
  });

  it('the seed and size choose the store; report flags apply; the default page is ./report.html', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'clvkit-demo-cwd-'));
    const r = spawnSync(
      process.execPath,
      [CLI, 'demo', '--customers', '800', '--seed', '3', '--model', 'pnbd', '--top', '5'],
      { cwd, encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/orders from 800 customers/);
    expect(r.stdout).toContain('3. Pareto/NBD r ');
    expect(r.stdout).toContain('Wrote report.html');
    const html = readFileSync(join(cwd, 'report.html'), 'utf8');
    expect(html).toContain('data-rows="5"');
  });

  it('refuses arguments it does not take (exit 2)', () => {
    const r = clvkit(['demo', 'orders.csv', '-o', join(dir, 'x.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unexpected argument 'orders.csv'");
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
  });
});
