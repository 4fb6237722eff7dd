/**
 * The evaluation keeps each fit's covariance (`paramNames`, `covariance`, the names and shape of `Fit`), so its
 * consumers draw parameters without refitting: here, each kept matrix is checked against fitting the same model
 * directly on the same data (the calibration customers; all the data for the refit; the repeat spenders for
 * Gamma-Gamma), on the CDNOW sample split as FHL 2005 (39 + 39 weeks).
 */
import { describe, expect, it } from 'vitest';
import { evaluateModels } from '../../src/evaluation/index.js';
import {
  fitBetaGeo,
  fitGammaGamma,
  fitModifiedBetaGeo,
  fitParetoNbd,
  repeatSpenders,
  summarizeTransactions,
} from '../../src/index.js';
import { cdnowSampleOrders } from '../cli/cdnow.js';

const log = cdnowSampleOrders();
const split = summarizeTransactions(log, {
  calibrationEnd: '1997-09-30',
  observationEnd: '1998-06-30',
  timeUnit: 'week',
});
const all = summarizeTransactions(log, { observationEnd: '1998-06-30', timeUnit: 'week' });
const result = evaluateModels(split, { allData: all });
const FITS = { betaGeo: fitBetaGeo, modifiedBetaGeo: fitModifiedBetaGeo, paretoNbd: fitParetoNbd } as const;

type Estimate = {
  readonly params: Readonly<Record<string, number>>;
  readonly paramNames: readonly string[];
  readonly covariance: readonly (readonly number[])[];
};

/** Largest |a − b| / |b| over the entries of two covariance matrices of the same order. */
function maxRelativeDifference(a: Estimate['covariance'], b: Estimate['covariance']): number {
  let worst = 0;
  for (const [i, row] of b.entries())
    for (const [j, v] of row.entries())
      worst = Math.max(worst, Math.abs(((a[i] as readonly number[])[j] as number) - v) / Math.abs(v));
  return worst;
}

/** The kept estimate is the direct fit's: same parameter order, estimates and covariance (1e-9 relative). */
function expectSameEstimate(kept: Estimate, direct: Estimate & { standardErrors: Record<string, number> }) {
  expect(kept.paramNames).toEqual([...direct.paramNames]);
  expect(Object.keys(kept.params)).toEqual([...direct.paramNames]);
  const k = direct.paramNames.length;
  expect(kept.covariance).toHaveLength(k);
  for (const row of kept.covariance) expect(row).toHaveLength(k);
  expect(maxRelativeDifference(kept.covariance, direct.covariance)).toBeLessThan(1e-9);
  direct.paramNames.forEach((name, i) => {
    expect(Math.abs((kept.params[name] as number) / (direct.params[name] as number) - 1)).toBeLessThan(1e-9);
    // The diagonal is the variance the fit's standard error is the root of; the matrix is symmetric.
    const row = kept.covariance[i] as readonly number[];
    expect(Math.sqrt(row[i] as number)).toBeCloseTo(direct.standardErrors[name] as number, 12);
    row.forEach((v, j) => {
      expect(v).toBe((kept.covariance[j] as readonly number[])[i]);
    });
  });
}

describe('evaluateModels keeps each fit’s covariance (CDNOW sample, 39 + 39 weeks)', () => {
  const c = split.columns;
  const calibration = { frequency: c.frequency, recency: c.recency, T: c.T };

  it('the winner’s covariance is that of fitting it directly on the calibration customers', () => {
    const winner = result.models[0];
    expect(winner?.model).toBe('paretoNbd');
    const direct = fitParetoNbd(calibration, { timeUnit: 'week' });
    expectSameEstimate(winner as Estimate, direct);
    // Pareto/NBD (r, α, s, β) on CDNOW: Var(r̂) = se(r)², e.g. se(r) ≈ 0.0476 here (r̂ ≈ 0.553).
    expect(winner?.params.r).toBeCloseTo(0.553, 3);
    expect(Math.sqrt(winner?.covariance[0]?.[0] as number)).toBeCloseTo(
      direct.standardErrors.r as number,
      14,
    );
  });

  it('so is every other model’s', () => {
    expect(result.models.map((m) => m.model).sort()).toEqual(Object.keys(FITS).sort());
    for (const m of result.models)
      expectSameEstimate(m, FITS[m.model as keyof typeof FITS](calibration, { timeUnit: 'week' }));
  });

  it('the refit on all data keeps the covariance of fitting the winner on all the data', () => {
    const refit = result.recommended.refit;
    expect(refit?.model).toBe('paretoNbd');
    const a = all.columns;
    const direct = fitParetoNbd({ frequency: a.frequency, recency: a.recency, T: a.T }, { timeUnit: 'week' });
    expectSameEstimate(refit as Estimate, direct);
  });

  it('the Gamma-Gamma fit keeps the covariance of fitting the calibration repeat spenders', () => {
    const direct = fitGammaGamma(repeatSpenders(split.columns));
    expect(result.spendModel?.customers).toBe(946);
    expectSameEstimate(result.spendModel as Estimate, direct);
  });
});
