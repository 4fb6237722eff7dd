/**
 * `clvkit report --calibration-end` (model auto): the page's 90 % intervals draw the chosen model's parameters
 * from the covariance the evaluation kept for its refit on all the data (`recommended.refit.covariance`, carried
 * by `chooseModel`'s fit) — the report no longer refits that model from its estimate to get the covariance back.
 * On the CDNOW sample (calibration to 1997-09-30, all data to 1998-06-30; Pareto/NBD chosen).
 */
import { describe, expect, it } from 'vitest';
import type { FileSummary } from '../../src/cli/ingest/index.js';
import { chooseModel } from '../../src/cli/modelAuto.js';
import { buildReportData, type ReportFit, type ReportInput } from '../../src/cli/report/reportData.js';
import {
  fitGammaGamma,
  fitParetoNbd,
  repeatSpenders,
  type SummaryResult,
  summarizeTransactions,
} from '../../src/index.js';
import { fitSpec } from '../../src/models/fit/fitSpec.js';
import { paretoNbdModel } from '../../src/models/paretoNbd.js';
import { MODELS } from '../../src/models/registry.js';
import { drawParameters } from '../../src/uncertainty/libraryVerbs.js';
import { predictiveLifetimeValueOfFits } from '../../src/uncertainty/predictiveLifetimeValue.js';
import { cdnowSampleOrders } from './cdnow.js';

const log = cdnowSampleOrders();
const split = summarizeTransactions(log, {
  calibrationEnd: '1997-09-30',
  observationEnd: '1998-06-30',
  timeUnit: 'week',
});
const all = summarizeTransactions(log, { observationEnd: '1998-06-30', timeUnit: 'week' });
/** The two reads `clvkit report` makes of the file, as `chooseModel` takes them (it reads only `result`). */
const read = (result: SummaryResult) => ({ result }) as FileSummary;
const choice = chooseModel(read(split), read(all));
const report = (fit: ReportFit, more: Partial<ReportInput> = {}) =>
  buildReportData({ summary: all, timeUnit: 'week', fit, evaluation: choice.evaluation, ...more });
const data = report(choice.fit);
const a = all.columns;
const customers = { frequency: a.frequency, recency: a.recency, T: a.T };

describe('the report’s intervals use the covariance the evaluation kept (CDNOW sample, model auto)', () => {
  it('the chosen fit carries the refit’s covariance: that of fitting Pareto/NBD on all the data', () => {
    const refit = choice.evaluation.recommended.refit;
    expect(choice.fit.model).toBe('paretoNbd');
    expect(choice.fit.covariance).toEqual(refit?.covariance);
    expect(choice.fit.paramNames).toEqual(['r', 'alpha', 's', 'beta']);
    const direct = fitParetoNbd(customers, { timeUnit: 'week' });
    for (const [i, row] of direct.covariance.entries())
      for (const [j, v] of row.entries())
        expect(Math.abs((choice.fit.covariance[i]?.[j] as number) / v - 1)).toBeLessThan(1e-9);
  });

  it('gives the figures the refitting version gave (measured at 48e8042: 200 draws, seed 1)', () => {
    const v = data.intervals;
    expect(v.parameterUncertainty).toEqual({ transaction: true, spend: true });
    expect(v.revenue.mean).toBe(74808.15132450224);
    expect(v.revenue.standardDeviation).toBe(3956.955628104803);
    expect(Array.from(v.revenue.quantiles)).toEqual([68211.98419922215, 80958.94354021364]);
    expect(v.equity.mean).toBe(70308.3835185005);
    expect(Array.from(v.equity.quantiles)).toEqual([64195.18423443766, 76095.1727082913]);
    expect(v.clvLow.reduce((s, x) => s + x, 0)).toBeCloseTo(1473.5983498827136, 9);
    expect(v.clvHigh.reduce((s, x) => s + x, 0)).toBeCloseTo(209336.41669665862, 8);
    expect(v.distinctCustomers).toBe(1223);
  });

  it('is identical to the deleted recipe (refit on all data from the estimate, keep the estimate, take its covariance)', () => {
    const fit = { ...choice.fit, covariance: undefined, paramNames: undefined };
    const refit = fitSpec(paretoNbdModel, { ...customers, timeUnit: 'week' }, 'report', {
      initialParams: { ...fit.params },
    });
    const old = report({ ...fit, covariance: refit.covariance, paramNames: refit.paramNames } as ReportFit);
    expect(old.intervals).toEqual(data.intervals);
  });

  it('uses whatever covariance the fit carries: no refit (none without one; a changed one as it is)', () => {
    // Without a covariance the parameters are taken as known — a refit would have found one.
    const { covariance: _c, paramNames: _p, ...bare } = choice.fit;
    const known = report(bare as ReportFit);
    expect(known.intervals.parameterUncertainty).toEqual({ transaction: false, spend: true });
    // Twice the variance: the page's figures are one predictiveLifetimeValueOfFits run with that matrix.
    const doubled = { ...choice.fit, covariance: choice.fit.covariance.map((row) => row.map((x) => 2 * x)) };
    const wide = report(doubled);
    const spendModel = fitGammaGamma(repeatSpenders(a));
    expect(wide.intervals.parameterUncertainty).toEqual({ transaction: true, spend: true });
    const library = predictiveLifetimeValueOfFits(
      MODELS,
      {
        transactionModel: doubled,
        spendModel,
        customers: { ...customers, monetaryValue: a.monetaryValue },
        horizon: 12,
        discountRate: 0.01,
        timeUnit: 'week',
      },
      { draws: 200, seed: 1, quantiles: [0.05, 0.95] },
    );
    expect(wide.intervals.revenue.draws).toEqual(library.totals[0]?.revenue.draws);
    expect(wide.intervals.clvHigh).toEqual(library.clv.quantiles[1]);
    // … whose parameter draws are not the kept matrix's.
    expect(drawParameters(doubled, { draws: 200, seed: 1 }).values).not.toEqual(
      drawParameters(choice.fit, { draws: 200, seed: 1 }).values,
    );
    const spread = (r: typeof data.intervals.revenue) =>
      (r.quantiles[1] as number) - (r.quantiles[0] as number);
    expect(spread(wide.intervals.revenue)).toBeGreaterThan(spread(data.intervals.revenue));
    expect(spread(known.intervals.revenue)).toBeLessThan(spread(data.intervals.revenue));
  });
});
