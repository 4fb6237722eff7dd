import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitBetaGeo, probabilityAlive, rfmScores, simulateOrderLog } from '../../src/index.js';
import { CDNOW_MASTER } from './cdnow.js';
import { clvkit } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'clvkit-commands-'));
const CDNOW_SUMMARY = join(
  __dirname,
  '../../../shared/data/cdnow/cdnow_customers_summary_with_transactions.csv',
);
const DONATIONS = join(__dirname, '../../../shared/data/donations.csv');
const lines = (text: string) => text.trim().split('\n');

describe('clvkit simulate', () => {
  it('writes the same log as the library, seeded, to stdout or a file', () => {
    const r = clvkit(['simulate', '--customers', '50', '--seed', '9']);
    expect(r.code).toBe(0);
    const lib = simulateOrderLog({
      customers: 50,
      start: '2024-01-01',
      end: '2024-12-31',
      seed: 9,
      purchases: { r: 0.75, alpha: 40, a: 0.8, b: 2.5 },
      spend: { p: 6, q: 4, gamma: 60 },
    });
    const rows = lines(r.stdout);
    expect(rows[0]).toBe('customer_id,date,amount');
    expect(rows.length).toBe(lib.length + 1);
    expect(rows[1]).toBe(`${lib[0]?.customerId},${lib[0]?.date},${Number(lib[0]?.amount).toFixed(2)}`);
    const out = join(dir, 'sim.csv');
    expect(clvkit(['simulate', '--customers', '50', '--seed', '9', '-o', out]).stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(r.stdout);
  });
  it('takes the model parameters and the acquisition window', () => {
    const r = clvkit([
      'simulate',
      '--customers',
      '80',
      '--seed',
      '4',
      '--acquisition-days',
      '10',
      '--r',
      '2',
      '--alpha',
      '20',
      '--a',
      '0.5',
      '--b',
      '5',
      '--p',
      '3',
      '--q',
      '5',
      '--gamma',
      '30',
    ]);
    const lib = simulateOrderLog({
      customers: 80,
      start: '2024-01-01',
      end: '2024-12-31',
      acquisitionDays: 10,
      seed: 4,
      purchases: { r: 2, alpha: 20, a: 0.5, b: 5 },
      spend: { p: 3, q: 5, gamma: 30 },
    });
    const rows = lines(r.stdout).slice(1);
    expect(rows).toEqual(lib.map((o) => `${o.customerId},${o.date},${Number(o.amount).toFixed(2)}`));
    // Everyone's first order falls in the first 10 days.
    const first = new Map<string, string>();
    for (const row of rows) {
      const [id, date] = row.split(',') as [string, string];
      if (!first.has(id) || (first.get(id) as string) > date) first.set(id, date);
    }
    expect([...first.values()].every((d) => d <= '2024-01-10')).toBe(true);
  });
  it('names a bad flag', () => {
    const r = clvkit(['simulate', '--customers', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'clvkit simulate: --customers: expected a whole number in [1, 10000000], received 0\n',
    );
    expect(clvkit(['simulate', '--alpha', 'x']).stderr).toContain("--alpha: expected a number, received 'x'");
  });
});

describe('clvkit rfm', () => {
  const log = join(dir, 'rfm.csv');
  clvkit(['simulate', '--customers', '400', '--seed', '3', '-o', log]);
  it('scores every customer and names their segment', () => {
    const r = clvkit(['rfm', log, '--format', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows).toHaveLength(400);
    for (const row of rows) {
      expect(row.cell).toBe(`${row.r}${row.f}${row.m}`);
      expect(row.score).toBe(row.r + row.f + row.m);
      expect(typeof row.segment).toBe('string');
    }
  });
  it('prints the segment table with shares adding up', () => {
    const r = clvkit(['rfm', log, '--segments', '--format', 'json']);
    const table = JSON.parse(r.stdout);
    expect(table.reduce((s: number, t: { customers: number }) => s + t.customers, 0)).toBe(400);
    const share = table.reduce(
      (s: number, t: { revenue_share: string }) => s + Number.parseFloat(t.revenue_share),
      0,
    );
    expect(share).toBeGreaterThan(99.5);
    expect(share).toBeLessThan(100.5);
  });
  it('--monetary average scores M on the average order value, as the library does', () => {
    const summary = JSON.parse(clvkit(['summary', log, '--format', 'json']).stdout) as Record<
      string,
      string
    >[];
    const lib = rfmScores(
      summary.map((c) => ({
        customerId: c.customer_id as string,
        daysSinceLastPurchase: Number(c.days_since_last_purchase),
        orderCount: Number(c.orders),
        totalSpend: c.total_spend as string,
        averageOrderValue: Number(c.average_order_value),
      })),
      { monetary: 'average' },
    );
    const rows = JSON.parse(clvkit(['rfm', log, '--monetary', 'average', '--format', 'json']).stdout);
    expect(rows.map((r: { m: number }) => r.m)).toEqual(lib.map((s) => s.monetary));
    expect(rows.map((r: { m: number }) => r.m)).not.toEqual(
      JSON.parse(clvkit(['rfm', log, '--format', 'json']).stdout).map((r: { m: number }) => r.m),
    );
    expect(clvkit(['rfm', log, '--monetary', 'median']).code).toBe(2);
  });
  it('checks --bins', () => {
    const r = clvkit(['rfm', log, '--bins', '12']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--bins: expected a whole number in [2, 9], received 12');
  });
});

describe('clvkit fit', () => {
  it('fits BG/NBD and Pareto/NBD to the published CDNOW summary (Fader, Hardie & Lee 2005)', () => {
    const bg = JSON.parse(
      clvkit(['fit', 'bgnbd', CDNOW_SUMMARY, '--time-unit', 'week', '--format', 'json']).stdout,
    );
    expect(bg.params.r).toBeCloseTo(0.243, 3);
    expect(bg.params.alpha).toBeCloseTo(4.414, 2);
    expect(bg.params.a).toBeCloseTo(0.793, 3);
    expect(bg.params.b).toBeCloseTo(2.426, 2);
    expect(bg.logLikelihood).toBeCloseTo(-9582.4, 0);
    const pnbd = JSON.parse(clvkit(['fit', 'pnbd', CDNOW_SUMMARY, '--format', 'json']).stdout);
    expect(pnbd.params.r).toBeCloseTo(0.553, 3);
    expect(pnbd.params.alpha).toBeCloseTo(10.578, 2);
    expect(pnbd.params.s).toBeCloseTo(0.606, 3);
    expect(pnbd.params.beta).toBeCloseTo(11.669, 0);
  });
  it('fits Gamma-Gamma on repeat customers and BG/BB on the donations summary', () => {
    const gg = JSON.parse(clvkit(['fit', 'gammagamma', CDNOW_SUMMARY, '--format', 'json']).stdout);
    expect(gg.params.p).toBeCloseTo(6.25, 1);
    expect(gg.params.q).toBeCloseTo(3.74, 1);
    expect(gg.params.gamma).toBeCloseTo(15.44, 0);
    expect(gg.n).toBe(946);
    const bb = clvkit(['fit', 'bgbb', DONATIONS, '--format', 'json']);
    expect(bb.stderr).toBe('read 22 summary rows (11,104 customers)\n');
    const p = JSON.parse(bb.stdout).params;
    expect([p.alpha, p.beta, p.gamma, p.delta].map((x: number) => Number(x.toFixed(3)))).toEqual([
      1.204, 0.75, 0.657, 2.783,
    ]);
  });
  it('prints a table with standard errors and the fit figures', () => {
    const r = clvkit(['fit', 'bgnbd', CDNOW_SUMMARY, '--format', 'table']);
    expect(lines(r.stdout)[0]).toMatch(/^parameter +estimate +std_error +ci95_low +ci95_high$/);
    expect(r.stdout).toContain('log-likelihood');
    expect(r.stdout).toMatch(/converged +yes/);
  });
  it('refuses an unknown model and a summary without T', () => {
    const r = clvkit(['fit', 'weibull', CDNOW_SUMMARY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "the first argument (the model): expected bgnbd, mbgnbd, pnbd, bgbb or gammagamma, received 'weibull'",
    );
    const bad = join(dir, 'bad-summary.csv');
    writeFileSync(bad, 'frequency,recency,T\n1,2,3\n1,x,3\n');
    const b = clvkit(['fit', 'bgnbd', bad]);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe(
      `clvkit fit: ${bad}, line 3: column recency: expected a number of 0 or more, received 'x'\n`,
    );
  });
});

describe('clvkit predict', () => {
  it('a saved fit predicts as fitting in-process', () => {
    const save = join(dir, 'bg.json');
    expect(clvkit(['fit', 'bgnbd', CDNOW_SUMMARY, '--time-unit', 'week', '--save', save]).code).toBe(0);
    const r = clvkit([
      'predict',
      CDNOW_SUMMARY,
      '--time-unit',
      'week',
      '--fit',
      save,
      '--format',
      'json',
      '--sort',
      'palive',
    ]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows).toHaveLength(2357);
    const text = readFileSync(CDNOW_SUMMARY, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').map(Number));
    const customers = {
      frequency: text.map((t) => t[1] as number),
      recency: text.map((t) => t[2] as number),
      T: text.map((t) => t[3] as number),
    };
    const alive = probabilityAlive(fitBetaGeo(customers), customers);
    const byId = new Map(
      rows.map((row: { customer_id: string; p_alive: number }) => [Number(row.customer_id), row.p_alive]),
    );
    for (const k of [0, 1, 508, 2356]) expect(byId.get(k + 1)).toBeCloseTo(alive[k] as number, 4);
    expect(rows[0].p_alive).toBeGreaterThanOrEqual(rows[rows.length - 1].p_alive);
  });
  it('ranks by CLV and keeps the top N', () => {
    const r = clvkit(['predict', CDNOW_SUMMARY, '--time-unit', 'week', '--top', '3', '--format', 'json']);
    const rows = JSON.parse(r.stdout);
    expect(rows).toHaveLength(3);
    expect(rows[0].customer_id).toBe('509');
    expect(Number(rows[0].clv)).toBeGreaterThan(Number(rows[1].clv));
  });
  it('refuses a fit made in another time unit', () => {
    const save = join(dir, 'bg-days.json');
    clvkit(['fit', 'bgnbd', CDNOW_SUMMARY, '--save', save]);
    const r = clvkit(['predict', CDNOW_SUMMARY, '--time-unit', 'week', '--fit', save]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--fit was fitted with --time-unit day; this run uses week');
  });
});

describe('clvkit predict on the CDNOW master log', () => {
  it('leaves repeat customers with no repeat spend out of the Gamma-Gamma fit and says so', () => {
    // Customer and date columns found by their header names: only the rest is given.
    const master = CDNOW_MASTER;
    const flags = [
      '--delimiter',
      'whitespace',
      '--date-format',
      'yyyyMMdd',
      '--amount-col',
      'dollar_value',
      '--time-unit',
      'week',
    ];
    const r = clvkit(['predict', master, ...flags, '--top', '1', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'columns: customer=customer_id, date=date, amount=dollar_value\nread 69,659 rows: 69,659 used, 0 rejected\nspend model: 1 repeat customer with no repeat spend left out of the Gamma-Gamma fit\n',
    );
    expect(JSON.parse(r.stdout)[0].customer_id).toBe('07592');
  });
});
