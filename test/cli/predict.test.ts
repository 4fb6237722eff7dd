import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  expectedPurchases,
  fitBetaGeo,
  fitGammaGamma,
  fitParetoNbd,
  predictCustomerLifetimeValue,
  probabilityAlive,
  roundMoney,
} from '../../src/index.js';
import { DATA_DIR, loadCdnowSummary } from '../models/cdnow.js';
import { CDNOW_SAMPLE, CDNOW_SAMPLE_READ } from './cdnow.js';
import { clvkit } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'clvkit-predict-'));
const SAMPLE = CDNOW_SAMPLE;
const SUMMARY = `${DATA_DIR}cdnow/cdnow_customers_summary_with_transactions.csv`;
const SAMPLE_FLAGS = [...CDNOW_SAMPLE_READ, '--calibration-end', '1997-09-30', '--time-unit', 'week'];

interface Row {
  customer_id: string;
  frequency: number;
  p_alive: number;
  expected_purchases: number;
  expected_spend: number;
  clv: string;
}
const rowsOf = (args: string[]): Row[] => {
  const r = clvkit([...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

/** The library, in-process, on the published summary (weeks): what the CLI must print. */
const { frequency, recency, T, zbar } = loadCdnowSummary();
const customers = { frequency, recency, T, monetaryValue: zbar };
const repeat = [...frequency.keys()].filter((i) => (frequency[i] as number) > 0);
const gg = fitGammaGamma({
  frequency: Float64Array.from(repeat, (i) => frequency[i] as number),
  monetaryValue: Float64Array.from(repeat, (i) => zbar[i] as number),
});

describe('clvkit predict on the CDNOW summary (weeks)', () => {
  for (const [model, fit] of [
    ['bgnbd', fitBetaGeo(customers)],
    ['pnbd', fitParetoNbd(customers)],
  ] as const) {
    it(`${model}: P(alive), purchases over the horizon and CLV as the library computes them`, () => {
      const rows = rowsOf(['predict', SUMMARY, '--time-unit', 'week', '--model', model, '--horizon', '6']);
      expect(rows).toHaveLength(2357);
      const lib = predictCustomerLifetimeValue({
        transactionModel: fit,
        spendModel: gg,
        customers,
        horizon: 6,
        discountRate: 0.01,
        timeUnit: 'week',
      });
      const alive = probabilityAlive(fit, customers);
      const purchases = expectedPurchases(fit, 6 * lib.step, customers);
      const byId = new Map(rows.map((r) => [Number(r.customer_id), r]));
      for (const i of [0, 1, 17, 508, 1080, 2356]) {
        const row = byId.get(i + 1) as Row;
        expect(row.p_alive).toBe(Number((alive[i] as number).toFixed(4)));
        expect(row.expected_purchases).toBe(Number((purchases[i] as number).toFixed(4)));
        expect(row.clv).toBe(roundMoney(lib.clv[i] as never).toFixed(2));
      }
    });
  }

  it('--sort and --top: highest first, N rows', () => {
    for (const [sort, key] of [
      ['clv', (r: Row) => Number(r.clv)],
      ['palive', (r: Row) => r.p_alive],
      ['purchases', (r: Row) => r.expected_purchases],
    ] as const) {
      const rows = rowsOf(['predict', SUMMARY, '--time-unit', 'week', '--sort', sort, '--top', '25']);
      expect(rows).toHaveLength(25);
      for (let k = 1; k < rows.length; k++)
        expect(key(rows[k - 1] as Row)).toBeGreaterThanOrEqual(key(rows[k] as Row));
    }
    expect(rowsOf(['predict', SUMMARY, '--time-unit', 'week', '--top', '1'])[0]?.customer_id).toBe('509');
  });

  it('csv and ndjson carry the same rows; money to the cent', () => {
    const args = ['predict', SUMMARY, '--time-unit', 'week', '--top', '5'];
    const csv = clvkit([...args, '--format', 'csv'])
      .stdout.trim()
      .split('\n');
    expect(csv[0]).toBe(
      'customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,expected_spend,clv',
    );
    expect(csv[1]).toMatch(/^509,18,35\.14,35\.86,78\.63,0\.\d{1,4},\d+\.\d{1,4},\d+\.\d{1,2},\d+\.\d\d$/);
    const nd = clvkit([...args, '--format', 'ndjson'])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(nd.map((r) => r.clv)).toEqual(csv.slice(1).map((l) => l.split(',')[8]));
  });

  it('--margin 0.25: a quarter of the revenue CLV, as the library computes it; spend and order unchanged', () => {
    const args = ['predict', SUMMARY, '--time-unit', 'week', '--top', '50'];
    const full = rowsOf(args);
    const quarter = rowsOf([...args, '--margin', '0.25']);
    expect(quarter.map((r) => r.customer_id)).toEqual(full.map((r) => r.customer_id));
    expect(quarter.map((r) => r.expected_spend)).toEqual(full.map((r) => r.expected_spend));
    const lib = predictCustomerLifetimeValue({
      transactionModel: fitBetaGeo(customers),
      spendModel: gg,
      customers,
      margin: 0.25,
      timeUnit: 'week',
    });
    for (let k = 0; k < full.length; k++) {
      const row = quarter[k] as Row;
      // Both printed to the cent: within half a cent plus a quarter of half a cent of a quarter.
      expect(Math.abs(Number(row.clv) - Number(full[k]?.clv) / 4)).toBeLessThanOrEqual(0.00625 + 1e-9);
      expect(row.clv).toBe(roundMoney(lib.clv[Number(row.customer_id) - 1] as never).toFixed(2));
    }
    // The top customer (509): $1,175.45 as revenue, $293.86 at a 25% margin.
    expect([full[0]?.customer_id, full[0]?.clv, quarter[0]?.clv]).toEqual(['509', '1175.45', '293.86']);
    expect(rowsOf([...args, '--margin', '1']).map((r) => r.clv)).toEqual(full.map((r) => r.clv));
  });

  it('--help lists --margin', () => {
    const r = clvkit(['predict', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--margin M +profit margin, a fraction in \(0, 1\]/);
  });

  it('a higher discount rate lowers every CLV', () => {
    const low = rowsOf(['predict', SUMMARY, '--time-unit', 'week', '--discount-rate', '0', '--top', '3']);
    const high = rowsOf(['predict', SUMMARY, '--time-unit', 'week', '--discount-rate', '0.05', '--top', '3']);
    for (let k = 0; k < 3; k++) expect(Number(high[k]?.clv)).toBeLessThan(Number(low[k]?.clv));
  });
});

describe('clvkit predict with saved fits (from the CDNOW order log)', () => {
  const bg = join(dir, 'bg.json');
  const spend = join(dir, 'gg.json');
  clvkit(['fit', 'bgnbd', SAMPLE, ...SAMPLE_FLAGS, '--save', bg]);
  clvkit(['fit', 'gammagamma', SAMPLE, ...SAMPLE_FLAGS, '--save', spend]);

  it('save → predict equals fitting in the same run', () => {
    const live = clvkit(['predict', SAMPLE, ...SAMPLE_FLAGS, '--format', 'csv']);
    const saved = clvkit([
      'predict',
      SAMPLE,
      ...SAMPLE_FLAGS,
      '--fit',
      bg,
      '--spend-fit',
      spend,
      '--format',
      'csv',
    ]);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toBe(live.stdout);
    expect(saved.stdout.trim().split('\n')).toHaveLength(2358);
    expect(saved.stderr).toBe('read 6,919 rows: 6,919 used, 0 rejected\n');
    // Money columns (mean spend, expected spend, CLV) are printed to the cent.
    for (const line of saved.stdout.trim().split('\n').slice(1)) {
      const cells = line.split(',');
      for (const k of [4, 7, 8]) expect(cells[k]).toMatch(/^\d+(\.\d{1,2})?$/);
    }
  });

  it('reads the log from standard input as from the file', () => {
    const text = readFileSync(SAMPLE, 'utf8');
    const piped = clvkit(
      ['predict', '-', ...SAMPLE_FLAGS, '--fit', bg, '--top', '10', '--format', 'csv'],
      text,
    );
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toBe(
      clvkit(['predict', SAMPLE, ...SAMPLE_FLAGS, '--fit', bg, '--top', '10', '--format', 'csv']).stdout,
    );
    expect(piped.stdout.split('\n')[1]).toMatch(/^0509,18,35\.1428571429,35\.8571428571,78\.63,/);
  });

  it('the log and the published summary rank the same top customers, P(alive) to 3 places', () => {
    const fromLog = rowsOf(['predict', SAMPLE, ...SAMPLE_FLAGS, '--fit', bg, '--top', '3']);
    const fromSummary = rowsOf(['predict', SUMMARY, '--time-unit', 'week', '--fit', bg, '--top', '3']);
    expect(fromLog.map((r) => Number(r.customer_id))).toEqual(fromSummary.map((r) => Number(r.customer_id)));
    // The summary's figures are rounded to 2 decimals: P(alive) agrees to 3 places.
    for (let k = 0; k < 3; k++) expect(fromLog[k]?.p_alive).toBeCloseTo(fromSummary[k]?.p_alive as number, 3);
  });
});

describe('clvkit predict refuses, exit 2', () => {
  const bg = join(dir, 'bg-week.json');
  const spend = join(dir, 'gg-week.json');
  clvkit(['fit', 'bgnbd', SUMMARY, '--time-unit', 'week', '--save', bg]);
  clvkit(['fit', 'gammagamma', SUMMARY, '--time-unit', 'week', '--save', spend]);
  const usage = "\nRun 'clvkit predict --help' for usage.\n";
  const refuses = (args: string[], stderr: string) => {
    const r = clvkit(['predict', SUMMARY, '--time-unit', 'week', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(stderr);
  };

  it('a fit of the wrong kind, another version, or no file', () => {
    refuses(
      ['--fit', spend],
      `clvkit predict: --fit ${spend}: expected a BG/NBD, MBG/NBD or Pareto/NBD fit, received a Gamma-Gamma fit\n`,
    );
    refuses(
      ['--spend-fit', bg],
      `clvkit predict: --spend-fit ${bg}: expected a Gamma-Gamma fit, received a BG/NBD fit\n`,
    );
    const v2 = join(dir, 'v2.json');
    writeFileSync(v2, JSON.stringify({ format: 'clvkit-fit', version: 2, model: 'betaGeo' }));
    refuses(
      ['--fit', v2],
      `clvkit predict: --fit ${v2}: version: expected 1 (this clvkit reads version 1 fit files), received 2\n`,
    );
    const missing = join(dir, 'none.json');
    refuses(['--fit', missing], `clvkit predict: --fit: cannot read the fit '${missing}': no such file\n`);
  });

  it('a fit made in another time unit', () => {
    const r = clvkit(['predict', SUMMARY, '--time-unit', 'day', '--fit', bg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'read 2,357 summary rows\nclvkit predict: --fit was fitted with --time-unit week; this run uses day\n',
    );
  });

  it('bad flags', () => {
    refuses(
      ['--fit', bg, '--model', 'pnbd'],
      `clvkit predict: --model and --fit: give one (a model to fit now, or a saved fit)${usage}`,
    );
    refuses(
      ['--model', 'bgbb'],
      `clvkit predict: --model: expected bgnbd, mbgnbd or pnbd, received 'bgbb'${usage}`,
    );
    refuses(
      ['--discount-rate', 'ten'],
      `clvkit predict: --discount-rate: expected a number such as 0.01 (per month), received 'ten'${usage}`,
    );
    for (const margin of ['0', '1.5', '-0.2', 'half', ''])
      refuses(
        [`--margin=${margin}`],
        `clvkit predict: --margin: expected a fraction in (0, 1], received '${margin}'${usage}`,
      );
    refuses(
      ['--sort', 'name'],
      `clvkit predict: --sort: expected clv, palive or purchases, received 'name'${usage}`,
    );
    refuses(
      ['--top', '0'],
      `clvkit predict: --top: expected a whole number of 1 or more, received '0'${usage}`,
    );
    refuses(
      ['--horizon', '1.5'],
      `clvkit predict: --horizon: expected a whole number of 1 or more, received '1.5'${usage}`,
    );
  });
});

describe('clvkit predict --interval with a fit whose parameters are not identified', () => {
  const bg = join(dir, 'bg-fallback.json');
  clvkit(['fit', 'bgnbd', SUMMARY, '--time-unit', 'week', '--save', bg]);
  // a and b made perfectly correlated: the covariance is singular, so no asymptotic draws can be made from it.
  const saved = JSON.parse(readFileSync(bg, 'utf8')) as { covariance: number[][] };
  const c = saved.covariance;
  const ab = Math.sqrt((c[2]?.[2] as number) * (c[3]?.[3] as number));
  (c[2] as number[])[3] = ab;
  (c[3] as number[])[2] = ab;
  const degenerate = join(dir, 'bg-degenerate.json');
  writeFileSync(degenerate, JSON.stringify(saved));
  const args = [
    'predict',
    SUMMARY,
    '--time-unit',
    'week',
    '--interval',
    '90',
    '--draws',
    '50',
    '--format',
    'csv',
  ];

  it('stops with the ClvFitError naming the parameter, unless --bootstrap-fallback', () => {
    const stopped = clvkit([...args, '--fit', degenerate]);
    expect(stopped.code).not.toBe(0);
    expect(stopped.stdout).toBe('');
    expect(stopped.stderr).toMatch(/not positive definite.*\bb\b/s);
    const r = clvkit([...args, '--fit', degenerate, '--bootstrap-fallback']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      "--bootstrap-fallback: the fit's covariance is not positive definite (its parameters are not identified); its parameter draws are a bootstrap over the customers (50 refits)",
    );
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2358);
    const header = (lines[0] as string).split(',');
    const at = (name: string) => header.indexOf(name);
    for (const line of lines.slice(1)) {
      const cells = line.split(',').map(Number);
      for (const name of ['purchases_low', 'purchases_high', 'clv_low', 'clv_high'])
        expect(Number.isFinite(cells[at(name)])).toBe(true);
      expect(cells[at('clv_low')]).toBeLessThanOrEqual(cells[at('clv_high')] as number);
    }
  });

  it('a spend fit whose parameters are not identified: the same, over the repeat spenders', () => {
    const gg = join(dir, 'gg-fallback.json');
    clvkit(['fit', 'gammagamma', SUMMARY, '--time-unit', 'week', '--save', gg]);
    // q and γ made perfectly correlated.
    const spendFit = JSON.parse(readFileSync(gg, 'utf8')) as { covariance: number[][] };
    const s = spendFit.covariance;
    const qg = Math.sqrt((s[1]?.[1] as number) * (s[2]?.[2] as number));
    (s[1] as number[])[2] = qg;
    (s[2] as number[])[1] = qg;
    const spendDegenerate = join(dir, 'gg-degenerate.json');
    writeFileSync(spendDegenerate, JSON.stringify(spendFit));
    const withSpend = [...args, '--fit', bg, '--spend-fit', spendDegenerate];
    const stopped = clvkit(withSpend);
    expect(stopped.code).not.toBe(0);
    expect(stopped.stderr).toMatch(/not positive definite.*\bgamma\b/s);
    const r = clvkit([...withSpend, '--bootstrap-fallback']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      "--bootstrap-fallback: the spend fit's covariance is not positive definite; its parameter draws are a bootstrap over the repeat spenders (50 refits)",
    );
    expect(r.stderr).not.toContain("--bootstrap-fallback: the fit's covariance");
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2358);
    const header = (lines[0] as string).split(',');
    const at = (name: string) => header.indexOf(name);
    // The purchases' intervals do not involve spend: the same as with the identified spend fit.
    const plain = clvkit([...args, '--fit', bg])
      .stdout.trim()
      .split('\n');
    lines.slice(1).forEach((line, i) => {
      const cells = line.split(',');
      const before = (plain[i + 1] as string).split(',');
      expect(cells[at('purchases_high')]).toBe(before[at('purchases_high')]);
      expect(Number(cells[at('clv_low')])).toBeLessThanOrEqual(Number(cells[at('clv_high')]));
      expect(Number.isFinite(Number(cells[at('clv_high')]))).toBe(true);
    });
  });

  it('an identified fit keeps its asymptotic draws: the flag changes nothing, and says nothing', () => {
    const plain = clvkit([...args, '--fit', bg]);
    const asked = clvkit([...args, '--fit', bg, '--bootstrap-fallback']);
    expect(asked.code).toBe(0);
    expect(asked.stdout).toBe(plain.stdout);
    expect(asked.stderr).not.toContain('--bootstrap-fallback');
  });

  it('only with --interval or --quantiles', () => {
    const r = clvkit(['predict', SUMMARY, '--time-unit', 'week', '--fit', bg, '--bootstrap-fallback']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '--draws, --seed and --bootstrap-fallback: only with --interval or --quantiles',
    );
  });
});
