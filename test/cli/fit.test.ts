import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitBetaGeo, fitBetaGeoBetaBinom, fitFromJson, fitModifiedBetaGeo } from '../../src/index.js';
import { DATA_DIR, loadCdnowSummary } from '../models/cdnow.js';
import { CDNOW_SAMPLE, CDNOW_SAMPLE_READ } from './cdnow.js';
import { clvkit } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'clvkit-fit-'));
const SAMPLE = CDNOW_SAMPLE;
const SUMMARY = `${DATA_DIR}cdnow/cdnow_customers_summary_with_transactions.csv`;
/** The headerless CDNOW sample: master id, sample id, yyyyMMdd date, CDs, dollars; the papers' 39-week calibration. */
const SAMPLE_FLAGS = [...CDNOW_SAMPLE_READ, '--calibration-end', '1997-09-30'];
const threeFigures = (x: number) => Number(x.toPrecision(3));
const json = (args: string[]) => {
  const r = clvkit([...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

describe('clvkit fit from the CDNOW order log (headerless sample, weeks)', () => {
  it('BG/NBD gives the published r 0.243, α 4.414, a 0.793, b 2.426 (Fader, Hardie & Lee 2005)', () => {
    const r = clvkit(['fit', 'bgnbd', SAMPLE, ...SAMPLE_FLAGS, '--time-unit', 'week', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('read 6,919 rows: 6,919 used, 0 rejected\n');
    const fit = JSON.parse(r.stdout);
    const { r: shape, alpha, a, b } = fit.params;
    expect([shape, alpha, a, b].map(threeFigures)).toEqual([0.243, 4.41, 0.793, 2.43]);
    expect(alpha).toBeCloseTo(4.414, 3);
    expect(b).toBeCloseTo(2.426, 3);
    expect(fit).toMatchObject({ model: 'betaGeo', n: 2357, converged: true, timeUnit: 'week' });
    expect(fit.logLikelihood).toBeCloseTo(-9582.43, 2);
  });

  it('Pareto/NBD gives the published r 0.553, α 10.578, s 0.606, β 11.669', () => {
    const fit = json(['fit', 'pnbd', SAMPLE, ...SAMPLE_FLAGS, '--time-unit', 'week']);
    const { r, alpha, s, beta } = fit.params;
    expect([r, alpha, s, beta].map(threeFigures)).toEqual([0.553, 10.6, 0.606, 11.7]);
    expect(alpha).toBeCloseTo(10.578, 2);
    expect(beta).toBeCloseTo(11.669, 2);
  });

  it('MBG/NBD from the summary CSV equals the library fit on the same figures', () => {
    const fit = json(['fit', 'mbgnbd', SUMMARY, '--time-unit', 'week']);
    const { frequency, recency, T } = loadCdnowSummary();
    const lib = fitModifiedBetaGeo({ frequency, recency, T });
    expect(fit.params).toEqual(lib.params);
    expect(fit.standardErrors).toEqual(lib.standardErrors);
    expect(fit.logLikelihood).toBe(lib.logLikelihood);
  });

  it('BG/BB from the log counts monthly opportunities: as the library on periods counted independently', () => {
    const r = clvkit(['fit', 'bgbb', SAMPLE, ...SAMPLE_FLAGS, '--time-unit', 'month', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    // Months since January 1997 per customer: first purchase month, later purchase months up to September 1997.
    const months = new Map<string, Set<number>>();
    const first = new Map<string, number>();
    for (const line of readFileSync(SAMPLE, 'utf8').trim().split('\n')) {
      const [, id, date] = line.trim().split(/\s+/) as [string, string, string];
      if (date > '19970930') continue;
      const m = (Number(date.slice(0, 4)) - 1997) * 12 + Number(date.slice(4, 6)) - 1;
      if (!months.has(id)) months.set(id, new Set());
      months.get(id)?.add(m);
      first.set(id, Math.min(first.get(id) ?? m, m));
    }
    const ids = [...months.keys()];
    const f0 = (id: string) => first.get(id) as number;
    const later = (id: string) => [...(months.get(id) as Set<number>)].filter((m) => m > f0(id));
    const lib = fitBetaGeoBetaBinom({
      frequency: ids.map((id) => later(id).length),
      recency: ids.map((id) => (later(id).length > 0 ? Math.max(...later(id)) - f0(id) : 0)),
      periods: ids.map((id) => 8 - f0(id)), // September 1997 is month 8
    });
    const fit = JSON.parse(r.stdout);
    for (const p of ['alpha', 'beta', 'gamma', 'delta'])
      expect(fit.params[p]).toBeCloseTo(lib.params[p] as number, 6);
    expect(fit.logLikelihood).toBeCloseTo(lib.logLikelihood, 6);
    expect(fit).toMatchObject({ model: 'betaGeoBetaBinom', n: 2357, timeUnit: 'month' });
  });

  it('BG/BB leaves out customers who had no opportunity yet, and says so', () => {
    const r = clvkit(['fit', 'bgbb', SAMPLE, ...SAMPLE_FLAGS, '--time-unit', 'month', '--format', 'json']);
    // Everyone's first purchase is in 1997 Q1; September holds the end: six to eight opportunities each, nobody
    // left out.
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('read 6,919 rows: 6,919 used, 0 rejected\n');
    // In quarters everyone has two opportunities, too few to place α: the fit says so instead of printing an
    // interval of [10^−101, 10^101].
    const quarters = clvkit(['fit', 'bgbb', SAMPLE, ...SAMPLE_FLAGS, '--time-unit', 'quarter']);
    expect(quarters.code).not.toBe(0);
    expect(quarters.stderr).toContain('parameter alpha not identified: its 95 % interval exceeds 10^5×');
    const log = join(dir, 'late.csv');
    writeFileSync(
      log,
      'customer_id,date,amount\na,2024-01-05,10\na,2024-03-02,10\nb,2024-02-01,5\nc,2024-03-20,7\n',
    );
    const late = clvkit(['fit', 'bgbb', log, '--time-unit', 'month', '--observation-end', '2024-03-31']);
    expect(late.stderr).toContain(
      'left out 1 customers whose first purchase is in the last month (no opportunity to repeat yet)\n',
    );
  });

  it('Gamma-Gamma is fitted on the repeat customers only', () => {
    const fit = json(['fit', 'gammagamma', SAMPLE, ...SAMPLE_FLAGS, '--time-unit', 'week']);
    expect(fit.n).toBe(946);
    expect(fit.model).toBe('gammaGamma');
    expect(fit.params.p).toBeGreaterThan(0);
  });
});

describe('clvkit fit output and flags', () => {
  it('csv: the parameters with standard errors and intervals, then the fit figures', () => {
    const r = clvkit(['fit', 'bgnbd', SUMMARY, '--time-unit', 'week', '--format', 'csv']);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toBe('parameter,estimate,std_error,ci95_low,ci95_high');
    // The published r = 0.2426 (FHL 2005); the figures printed to 6 significant digits are the library's.
    const lib = fitBetaGeo(loadCdnowSummary());
    const six = (x: number) => String(Number(x.toPrecision(6)));
    const [lo, hi] = lib.confidenceIntervals.r as readonly [number, number];
    expect(rows[1]).toBe(
      `r,${six(lib.params.r as number)},${six(lib.standardErrors.r as number)},${six(lo)},${six(hi)}`,
    );
    expect(rows[1]).toMatch(/^r,0\.24259\d,0\.012557\d,0\.21918\d,0\.26849\d$/);
    expect(rows.slice(5).map((l) => l.split(',')[0])).toEqual([
      'model',
      'customers',
      'log-likelihood',
      'AIC',
      'BIC',
      'converged',
      'iterations',
    ]);
    expect(rows[6]).toBe('customers,2357,,,');
  });

  it('--save writes the documented fit file that fitFromJson reads', () => {
    const path = join(dir, 'bg.json');
    const r = clvkit(['fit', 'bgnbd', SUMMARY, '--time-unit', 'week', '--save', path, '--format', 'json']);
    expect(r.code).toBe(0);
    const saved = fitFromJson(JSON.parse(readFileSync(path, 'utf8')));
    expect(saved.params).toEqual(JSON.parse(r.stdout).params);
    expect(saved.timeUnit).toBe('week');
    expect(saved.createdWith).toMatch(/^clvkit \d+\.\d+\.\d+/);
  });

  it('--penalizer shrinks the estimates and is recorded', () => {
    const plain = json(['fit', 'bgnbd', SUMMARY]);
    const shrunk = json(['fit', 'bgnbd', SUMMARY, '--penalizer', '0.1']);
    expect(shrunk.penalizer).toBe(0.1);
    expect(shrunk.params.alpha).toBeLessThan(plain.params.alpha);
    expect(shrunk.logLikelihood).toBeLessThan(plain.logLikelihood);
  });

  it('--help lists the models and examples', () => {
    const r = clvkit(['fit', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'bgnbd, mbgnbd, pnbd, bgbb or gammagamma (the model ids, e.g. betaGeo, also work)',
    );
    expect(r.stdout).toContain('clvkit fit bgbb orders.csv --time-unit month');
  });
});

describe('clvkit fit refuses, exit 2', () => {
  const refuses = (args: string[], stderr: string) => {
    const r = clvkit(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(stderr);
  };
  const usage = "\nRun 'clvkit fit --help' for usage.\n";

  it('an unknown or missing model, a missing file, a bad flag', () => {
    refuses(
      ['fit', 'bgndb', SUMMARY],
      `clvkit fit: the first argument (the model): expected bgnbd, mbgnbd, pnbd, bgbb or gammagamma, received 'bgndb'${usage}`,
    );
    refuses(
      ['fit'],
      `clvkit fit: the first argument (the model): expected bgnbd, mbgnbd, pnbd, bgbb or gammagamma, received nothing${usage}`,
    );
    refuses(['fit', 'pnbd'], `clvkit fit: missing the input file (use '-' for standard input)${usage}`);
    refuses(
      ['fit', 'pnbd', SUMMARY, '--penalizer=-1'],
      `clvkit fit: --penalizer: expected a number of 0 or more, received '-1'${usage}`,
    );
    refuses(
      ['fit', 'pnbd', SUMMARY, '--input', 'xls'],
      `clvkit fit: --input: expected log or summary, received 'xls'${usage}`,
    );
  });

  it('BG/BB from a log without a period, or with another granularity', () => {
    refuses(
      ['fit', 'bgbb', SAMPLE, ...SAMPLE_FLAGS],
      `clvkit fit: bgbb from an order log needs --time-unit week, month, quarter or year (the period in which a customer may buy or not)${usage}`,
    );
    refuses(
      ['fit', 'bgbb', SAMPLE, ...SAMPLE_FLAGS, '--time-unit', 'month', '--granularity', 'week'],
      `clvkit fit: bgbb counts at most one purchase per period: --granularity must be the --time-unit (month), received 'week'${usage}`,
    );
  });

  it('bad summary CSVs: the line, the column and the value', () => {
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const neg = file('neg.csv', 'customer_id,frequency,recency,T\n1,1,2,3\n2,-1,2,3\n');
    refuses(
      ['fit', 'bgnbd', neg],
      `clvkit fit: ${neg}, line 3: column frequency: expected a number of 0 or more, received '-1'\n`,
    );
    const blank = file('blank.csv', 'frequency,recency,T\n1,,3\n');
    refuses(
      ['fit', 'bgnbd', blank],
      `clvkit fit: ${blank}, line 2: column recency: expected a number of 0 or more, received ''\n`,
    );
    const noRecency = file('norec.csv', 'frequency,T,monetary_value\n1,3,4\n');
    refuses(
      ['fit', 'bgnbd', noRecency, '--input', 'summary'],
      `clvkit fit: ${noRecency}: a summary needs a recency column (recency or t_x); the header is 'frequency', 'T', 'monetary_value'\n`,
    );
    refuses(
      ['fit', 'bgbb', SUMMARY],
      `clvkit fit: ${SUMMARY}, line 2: column recency: bgbb needs whole numbers of periods (x, t_x, n), received '30.43'\n`,
    );
    const headerOnly = file('header.csv', 'frequency,recency,T\n');
    refuses(['fit', 'bgnbd', headerOnly], `clvkit fit: ${headerOnly}: no data rows after the header\n`);
  });

  it('a --save path that cannot be written, before any reading', () => {
    const path = join(dir, 'no-such-dir', 'fit.json');
    refuses(
      ['fit', 'bgnbd', SUMMARY, '--save', path],
      `clvkit fit: cannot write --save '${path}': no such directory\n`,
    );
  });
});
