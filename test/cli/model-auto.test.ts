import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CDNOW_SAMPLE, CDNOW_SAMPLE_FLAGS, CDNOW_SAMPLE_READ } from './cdnow.js';
import { runInProcess } from './inProcess.js';

/** The choice on the CDNOW sample, 39/39 weeks (docs/evaluation.md: Pareto/NBD wins on holdout MAE). */
const CHOICE =
  'model: auto chose paretoNbd (Pareto/NBD) on the holdout 1997-09-30 to 1998-06-30 by mae (the default; --choice-metric): lowest holdout MAE (mean absolute error of purchases per customer): paretoNbd 0.7545, modifiedBetaGeo 0.7648, betaGeo 0.7855; refitted on all data to 1998-06-30\n';

describe('clvkit predict --model auto', () => {
  it('CDNOW sample 39/39 weeks: chooses Pareto/NBD on the holdout MAE, says why, predicts from all the data', async () => {
    const auto = await runInProcess([
      'predict',
      CDNOW_SAMPLE,
      ...CDNOW_SAMPLE_FLAGS,
      '--model',
      'auto',
      '--top',
      '5',
      '--format',
      'csv',
    ]);
    expect(auto.code, auto.stderr).toBe(0);
    expect(auto.stderr).toBe(`read 6,919 rows: 6,919 used, 0 rejected\n${CHOICE}`);
    // The chosen model refitted on all the data: the same figures as Pareto/NBD fitted on the whole log
    // (no split, to 1998-06-30): T of the oldest customers is 78 weeks, not the calibration's 39.
    const flags = CDNOW_SAMPLE_FLAGS.filter(
      (_, i, a) => a[i] !== '--calibration-end' && a[i - 1] !== '--calibration-end',
    );
    const direct = await runInProcess([
      'predict',
      CDNOW_SAMPLE,
      ...flags,
      '--model',
      'pnbd',
      '--top',
      '5',
      '--format',
      'csv',
    ]);
    expect(direct.code).toBe(0);
    expect(auto.stdout).toBe(direct.stdout);
    const first = auto.stdout.split('\n')[1]?.split(',');
    expect(first?.[0]).toBe('1981');
    expect(first?.[3]).toBe('67.8571428571'); // T from 1997-01-xx to 1998-06-30, in weeks
  });

  it('--interval: the chosen fit carries the covariance the evaluation kept, so its intervals are predict --model pnbd’s', async () => {
    const args = ['--top', '5', '--format', 'csv', '--interval', '90', '--draws', '200'];
    const auto = await runInProcess([
      'predict',
      CDNOW_SAMPLE,
      ...CDNOW_SAMPLE_FLAGS,
      '--model',
      'auto',
      ...args,
    ]);
    expect(auto.code, auto.stderr).toBe(0);
    // No "the fit has no covariance" note: the parameters are drawn, as for a model fitted here.
    expect(auto.stderr).toBe(`read 6,919 rows: 6,919 used, 0 rejected\n${CHOICE}`);
    const flags = CDNOW_SAMPLE_FLAGS.filter(
      (_, i, a) => a[i] !== '--calibration-end' && a[i - 1] !== '--calibration-end',
    );
    const direct = await runInProcess(['predict', CDNOW_SAMPLE, ...flags, '--model', 'pnbd', ...args]);
    expect(direct.code, direct.stderr).toBe(0);
    expect(auto.stdout).toContain('clv_low,clv_high');
    expect(auto.stdout).toBe(direct.stdout);
  });

  it('reads standard input twice from memory: the same choice and rows', async () => {
    const args = ['predict', '-', ...CDNOW_SAMPLE_FLAGS, '--model', 'auto', '--top', '3', '--format', 'csv'];
    const piped = await runInProcess(args, readFileSync(CDNOW_SAMPLE));
    const file = await runInProcess(args.map((a) => (a === '-' ? CDNOW_SAMPLE : a)));
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stderr).toBe(`read 6,919 rows: 6,919 used, 0 rejected\n${CHOICE}`);
    expect(piped.stdout).toBe(file.stdout);
  });

  it('without a split, or from a summary or an engine, --model auto is a usage error', async () => {
    const noSplit = await runInProcess(['predict', CDNOW_SAMPLE, ...CDNOW_SAMPLE_READ, '--model', 'auto']);
    expect(noSplit.code).toBe(2);
    expect(noSplit.stderr).toContain(
      '--model auto chooses the model on a holdout: give --calibration-end DATE (the last day of the calibration period)',
    );
    const summary = await runInProcess([
      'predict',
      CDNOW_SAMPLE,
      '--input',
      'summary',
      '--calibration-end',
      '1997-09-30',
      '--model',
      'auto',
    ]);
    expect(summary.code).toBe(2);
    expect(summary.stderr).toContain('--model auto evaluates the models on an order log');
    const both = await runInProcess([
      'predict',
      CDNOW_SAMPLE,
      ...CDNOW_SAMPLE_FLAGS,
      '--model',
      'auto',
      '--fit',
      'x.json',
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--model and --fit: give one');
  });
});

describe('--choice-metric (one definition for evaluate, predict --model auto and report)', () => {
  it('predict --model auto --choice-metric loglik: the highest calibration log-likelihood (MBG/NBD on CDNOW), said on stderr', async () => {
    const r = await runInProcess([
      'predict',
      CDNOW_SAMPLE,
      ...CDNOW_SAMPLE_FLAGS,
      '--model',
      'auto',
      '--choice-metric',
      'loglik',
      '--top',
      '1',
      '--format',
      'csv',
    ]);
    expect(r.code, r.stderr).toBe(0);
    // MBG/NBD −9,582.1 beats BG/NBD −9,582.4 (FHL 2005) and Pareto/NBD −9,595.0 (docs/evaluation.md).
    expect(r.stderr).toBe(
      'read 6,919 rows: 6,919 used, 0 rejected\nmodel: auto chose modifiedBetaGeo (MBG/NBD) on the holdout 1997-09-30 to 1998-06-30 by loglik (--choice-metric): highest log-likelihood on the calibration data (higher is better): modifiedBetaGeo -9582.14, betaGeo -9582.43, paretoNbd -9594.98; refitted on all data to 1998-06-30\n',
    );
  });

  it('report --choice-metric rmse ranks part 1 by RMSE and says so on the page', async () => {
    const page = join(mkdtempSync(join(tmpdir(), 'clvkit-metric-')), 'rmse.html');
    const r = await runInProcess([
      'report',
      CDNOW_SAMPLE,
      ...CDNOW_SAMPLE_FLAGS,
      '--choice-metric',
      'rmse',
      '-o',
      page,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('by rmse (--choice-metric): lowest holdout RMSE');
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('ranked by RMSE');
    expect(html).toMatch(
      /Chosen: [^<]+ — lowest holdout RMSE \(root mean squared error of purchases per customer\)/,
    );
  });

  it('usage errors before any work: an unknown metric, a metric without --model auto or without a split', async () => {
    const bad = await runInProcess([
      'evaluate',
      CDNOW_SAMPLE,
      ...CDNOW_SAMPLE_FLAGS,
      '--choice-metric',
      'r2',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      "--choice-metric: expected mae, rmse, msle, bias, gini, loglik, aic, bic, received 'r2'",
    );
    const notAuto = await runInProcess([
      'predict',
      CDNOW_SAMPLE,
      ...CDNOW_SAMPLE_FLAGS,
      '--choice-metric',
      'mae',
    ]);
    expect(notAuto.code).toBe(2);
    expect(notAuto.stderr).toContain(
      '--choice-metric ranks the models for --model auto: give --model auto too',
    );
    const noSplit = await runInProcess([
      'report',
      CDNOW_SAMPLE,
      ...CDNOW_SAMPLE_READ,
      '--choice-metric',
      'gini',
      '-o',
      join(tmpdir(), 'never.html'),
    ]);
    expect(noSplit.code).toBe(2);
    expect(noSplit.stderr).toContain(
      '--choice-metric ranks the models on a holdout: give --calibration-end DATE',
    );
  });
});

describe('clvkit report --model auto', () => {
  it('without a split is a usage error', async () => {
    const r = await runInProcess([
      'report',
      CDNOW_SAMPLE,
      ...CDNOW_SAMPLE_READ,
      '--model',
      'auto',
      '-o',
      join(tmpdir(), 'never.html'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--model auto chooses the model on a holdout: give --calibration-end DATE');
  });

  it('with a split (auto is then the default) says the choice and why, on stderr and on the page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clvkit-auto-'));
    for (const model of [['--model', 'auto'], []]) {
      const page = join(dir, `auto${model.length}.html`);
      const r = await runInProcess(['report', CDNOW_SAMPLE, ...CDNOW_SAMPLE_FLAGS, ...model, '-o', page]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe(`read 6,919 rows: 6,919 used, 0 rejected\n${CHOICE}wrote ${page}\n`);
      expect(readFileSync(page, 'utf8')).toContain(
        'Chosen: Pareto/NBD — lowest holdout MAE (mean absolute error of purchases per customer): paretoNbd 0.7545, modifiedBetaGeo 0.7648, betaGeo 0.7855. It is refitted on all the data for part 2.',
      );
    }
    // A model named with a split: the page uses it and says what the evaluation ranks first.
    const page = join(dir, 'bg.html');
    const r = await runInProcess([
      'report',
      CDNOW_SAMPLE,
      ...CDNOW_SAMPLE_FLAGS,
      '--model',
      'bgnbd',
      '-o',
      page,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('model: auto');
    expect(readFileSync(page, 'utf8')).toContain(
      'You asked for BG/NBD (--model); the evaluation ranks Pareto/NBD first',
    );
  });
});
