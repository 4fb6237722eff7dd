import { describe, expect, it } from 'vitest';
import { cliModelList } from '../../src/cli/models.js';
import { fitParetoNbd, summarizeTransactions } from '../../src/index.js';
import { DATA_DIR } from '../models/cdnow.js';
import { CDNOW_SAMPLE, CDNOW_SAMPLE_FLAGS, cdnowSampleOrders } from './cdnow.js';
import { clvkit } from './run.js';

const GROCERY = `${DATA_DIR}grocery/grocery_transactions.csv`;

describe('clvkit evaluate on the CDNOW sample (39/39 weeks)', () => {
  const r = clvkit(['evaluate', CDNOW_SAMPLE, ...CDNOW_SAMPLE_FLAGS, '--json']);
  const doc = JSON.parse(r.stdout);

  it('--json: one object per model with the fields the issue names, ranked', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      `read 6,919 rows: 6,919 used, 0 rejected\nrecommended: ${doc.recommended.model} by mae (the default; --choice-metric) — ${doc.recommended.reason}\n`,
    );
    expect(doc).toMatchObject({
      calibrationEnd: '1997-09-30',
      observationEnd: '1998-06-30',
      timeUnit: 'week',
      customers: 2357,
    });
    expect(doc.models.map((m: { rank: number }) => m.rank)).toEqual([1, 2, 3]);
    for (const m of doc.models) {
      for (const key of [
        'model',
        'params',
        'logLikelihood',
        'predictedHoldoutPurchases',
        'actualHoldoutPurchases',
        'mae',
        'rmse',
        'bias',
        'gini',
        'rank',
      ])
        expect(m, key).toHaveProperty(key);
      expect(m.actualHoldoutPurchases).toBe(1882);
      expect(m.bias).toBeCloseTo(m.predictedHoldoutPurchases / 1882 - 1, 4);
      expect(m.actualHoldoutSpend).toBeGreaterThan(0);
    }
    const bgnbd = doc.models.find((m: { model: string }) => m.model === 'betaGeo');
    expect(bgnbd.logLikelihood).toBeCloseTo(-9582.4, 0);
    expect(bgnbd.params.r).toBeCloseTo(0.243, 2);
  });

  it('names the recommended model, the rule, and the refit on all data', () => {
    expect(doc.recommended.model).toBe(doc.models[0].model);
    expect(doc.recommended.reason).toMatch(/^lowest holdout MAE/);
    expect(doc.recommended.refit.model).toBe(doc.recommended.model);
    expect(doc.recommended.refit.customers).toBe(2357);
  });

  it('--json: each fit with its estimate’s covariance (paramNames, covariance), finite; the winner’s is a direct fit’s', () => {
    type Estimate = { params: Record<string, number>; paramNames: string[]; covariance: number[][] };
    const estimates: Estimate[] = [...doc.models, doc.recommended.refit, doc.spendModel];
    for (const e of estimates) {
      expect(e.paramNames).toEqual(Object.keys(e.params));
      expect(e.covariance).toHaveLength(e.paramNames.length);
      for (const [i, row] of e.covariance.entries()) {
        expect(row).toHaveLength(e.paramNames.length);
        expect(row.every(Number.isFinite)).toBe(true);
        expect(row[i]).toBeGreaterThan(0);
      }
    }
    expect(doc.spendModel.paramNames).toEqual(['p', 'q', 'gamma']);
    // Pareto/NBD fitted on the 2,357 calibration customers by the library: the same matrix (1e-9 relative).
    const split = summarizeTransactions(cdnowSampleOrders(), {
      calibrationEnd: '1997-09-30',
      observationEnd: '1998-06-30',
      timeUnit: 'week',
    }).columns;
    const direct = fitParetoNbd(
      { frequency: split.frequency, recency: split.recency, T: split.T },
      { timeUnit: 'week' },
    );
    expect(doc.models[0].model).toBe('paretoNbd');
    for (const [i, row] of direct.covariance.entries())
      for (const [j, v] of row.entries())
        expect(Math.abs(doc.models[0].covariance[i][j] / v - 1)).toBeLessThan(1e-9);
  });

  it('the table names every model, the recommendation and the notes', () => {
    const t = clvkit(['evaluate', CDNOW_SAMPLE, ...CDNOW_SAMPLE_FLAGS, '--format', 'table']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain(
      'Holdout evaluation: calibration to 1997-09-30, holdout to 1998-06-30 (39 weeks), 2,357 customers',
    );
    for (const m of ['betaGeo', 'modifiedBetaGeo', 'paretoNbd']) expect(t.stdout).toContain(m);
    expect(t.stdout).toMatch(/Holdout spend/);
    expect(t.stdout).toContain(
      `recommended: ${doc.recommended.model} by mae (the default; --choice-metric) — lowest holdout MAE`,
    );
    // On a terminal the choice is on stdout once, not repeated on stderr.
    expect(t.stderr).toBe('read 6,919 rows: 6,919 used, 0 rejected\n');
    expect(t.stdout).toMatch(/note: no likelihood-ratio test/);
  });

  it('--models restricts the models; --choice-metric changes the rule; csv has one row per model', () => {
    const c = clvkit([
      'evaluate',
      CDNOW_SAMPLE,
      ...CDNOW_SAMPLE_FLAGS,
      '--models',
      'bgnbd,pnbd',
      '--choice-metric',
      'bic',
      '--format',
      'csv',
    ]);
    expect(c.code, c.stderr).toBe(0);
    const lines = c.stdout.trim().split('\n');
    expect(lines.length).toBe(3);
    expect(lines[0]).toMatch(
      /^rank,model,label,logLikelihood,aic,bic,predictedHoldoutPurchases,actualHoldoutPurchases,bias,mae/,
    );
    // BIC: BG/NBD (−9,582.4) beats Pareto/NBD (−9,595.0) with the same number of parameters.
    expect(lines[1]).toMatch(/^1,betaGeo,/);
    expect(lines[2]).toMatch(/^2,paretoNbd,/);
  });

  it('usage errors: no --calibration-end, a model it does not evaluate (choices from the registry)', () => {
    const a = clvkit([
      'evaluate',
      CDNOW_SAMPLE,
      ...CDNOW_SAMPLE_FLAGS.filter(
        (f, i, all) => f !== '--calibration-end' && all[i - 1] !== '--calibration-end',
      ),
    ]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--calibration-end DATE is required/);
    const b = clvkit(['evaluate', CDNOW_SAMPLE, ...CDNOW_SAMPLE_FLAGS, '--models', 'sbg']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain(
      `--models: expected ${cliModelList(['continuous', 'discrete', 'spend'])}, received 'sbg'`,
    );
    // BG/BB needs discrete data: days are not periods.
    const c = clvkit(['evaluate', CDNOW_SAMPLE, ...CDNOW_SAMPLE_FLAGS, '--models', 'bgbb']);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('BG/BB needs discrete data');
  });
});

describe('clvkit evaluate on discrete data (--granularity month --time-unit month)', () => {
  it('BG/BB joins the ranking of the CDNOW sample in months, and the note says purchases are months', () => {
    const flags = CDNOW_SAMPLE_FLAGS.map((f) => (f === 'week' ? 'month' : f));
    const r = clvkit(['evaluate', CDNOW_SAMPLE, ...flags, '--granularity', 'month', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.timeUnit).toBe('month');
    const bgbb = doc.models.find((m: { model: string }) => m.model === 'betaGeoBetaBinom');
    expect(bgbb.actualHoldoutPurchases).toBe(1478); // customer-months after September 1997
    expect(doc.recommended.model).toBe('betaGeoBetaBinom');
    expect(doc.notes.join(' ')).toMatch(/discrete data \(at most one purchase per month\)/);
  });

  it('a model whose parameters the months cannot place is left out, and stderr says why beside the CSV', () => {
    const flags = CDNOW_SAMPLE_FLAGS.map((f) => (f === 'week' ? 'month' : f));
    const r = clvkit(['evaluate', CDNOW_SAMPLE, ...flags, '--granularity', 'month', '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    // The BG/NBD's a runs to ≈ 6·10⁵ in months: not identified (docs/models.md, "When a fit fails").
    expect(r.stderr).toMatch(/^not fitted: betaGeo — betaGeo: fit failed — parameter a not identified/m);
    const models = r.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[1]);
    expect(models).not.toContain('betaGeo');
    expect(models).toContain('betaGeoBetaBinom');
  });
});

describe('clvkit evaluate on grocery (no amount column)', () => {
  it('is accepted with the spend model left out, and Pareto/NBD predicts 3,991 against 3,389 (BTYDplus vignette)', () => {
    const r = clvkit([
      'evaluate',
      GROCERY,
      '--amount-col',
      'none',
      '--calibration-end',
      '2006-12-31',
      '--time-unit',
      'week',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.spendModel).toBeNull();
    expect(doc.notes.join(' ')).toMatch(/no amounts/);
    const pnbd = doc.models.find((m: { model: string }) => m.model === 'paretoNbd');
    expect(pnbd.actualHoldoutPurchases).toBe(3389);
    expect(Math.round(pnbd.predictedHoldoutPurchases)).toBe(3991);
    expect(pnbd).not.toHaveProperty('actualHoldoutSpend');
  });
});
