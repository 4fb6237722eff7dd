/**
 * `holdoutIntervals` (`clvkit evaluate --interval`) draws each evaluated model's parameters from the estimate and
 * covariance the evaluation kept — it no longer refits every model from its estimate to get the covariance back.
 * On the CDNOW sample (39 + 39 weeks; 1,882 actual holdout purchases): the same figures as the refitting version
 * gave, and whatever estimate and covariance the result carries are the ones used.
 */
import { describe, expect, it } from 'vitest';
import { discreteCustomers, holdoutPeriods } from '../../src/evaluation/discreteCustomers.js';
import { evaluationData } from '../../src/evaluation/evaluationData.js';
import type { EvaluationResult, ModelEvaluation } from '../../src/evaluation/evaluationResult.js';
import { evaluateModels, summarizeTransactions } from '../../src/index.js';
import { fitSpec } from '../../src/models/fit/fitSpec.js';
import { findModel } from '../../src/models/registry.js';
import { bootstrapParameters } from '../../src/uncertainty/bootstrapParameters.js';
import { holdoutIntervals } from '../../src/uncertainty/holdoutIntervals.js';
import { drawParameters } from '../../src/uncertainty/libraryVerbs.js';
import { predictivePurchases } from '../../src/uncertainty/predictivePurchases.js';
import { cdnowSampleOrders } from '../cli/cdnow.js';

const OPTIONS = { level: 0.9, draws: 500, seed: 1 } as const;

const split = summarizeTransactions(cdnowSampleOrders(), {
  calibrationEnd: '1997-09-30',
  observationEnd: '1998-06-30',
  timeUnit: 'week',
});
const result = evaluateModels(split, {});
const data = evaluationData(split, {}, 'test');
const c = data.calibration;
const customers = { frequency: c.frequency, recency: c.recency, T: c.T };
const intervals = holdoutIntervals(split, result, OPTIONS);

/** The result with one model's entry changed. */
function withModel(
  model: string,
  change: (m: ModelEvaluation) => Partial<ModelEvaluation>,
): EvaluationResult {
  return { ...result, models: result.models.map((m) => (m.model === model ? { ...m, ...change(m) } : m)) };
}

/** The total's interval of `holdoutIntervals`, computed from the primitives for a given fit and draws. */
function totalOf(fit: Parameters<typeof drawParameters>[0], drawn: boolean) {
  const p = predictivePurchases(fit, data.holdoutLength, customers, {
    seed: OPTIONS.seed,
    quantiles: [0.05, 0.95],
    observed: data.holdoutPurchases,
    ...(drawn
      ? { parameterDraws: drawParameters(fit, { draws: OPTIONS.draws, seed: OPTIONS.seed }) }
      : { draws: OPTIONS.draws }),
  });
  return { mean: p.total.mean, low: p.total.quantiles[0], high: p.total.quantiles[1] };
}

describe('holdoutIntervals reads the covariance from the evaluation (CDNOW sample)', () => {
  it('gives the figures the refitting version gave (measured at 48e8042: 500 draws, seed 1)', () => {
    // Pinned from the version that refitted each model from its estimate before drawing its parameters.
    const before = {
      paretoNbd: { mean: 1682.208, low: 1491, high: 1916, actualQuantile: 0.924, inside: true },
      modifiedBetaGeo: { mean: 1580.784, low: 1419, high: 1741, actualQuantile: 0.998, inside: false },
      betaGeo: { mean: 1653.952, low: 1477, high: 1832, actualQuantile: 0.978, inside: false },
    };
    const randomized = { paretoNbd: 0.8852952217188357, modifiedBetaGeo: 0.8868372864980573 };
    expect([...intervals.models.keys()]).toEqual(['paretoNbd', 'modifiedBetaGeo', 'betaGeo']);
    for (const [model, total] of Object.entries(before)) {
      const h = intervals.models.get(model);
      expect(h?.totalInterval, model).toEqual({ level: 0.9, actual: 1882, ...total });
      expect(h?.parameterUncertainty).toBe(true);
      expect(h?.coverage.customers).toBe(2357);
    }
    for (const [model, v] of Object.entries(randomized))
      expect(intervals.models.get(model)?.coverage.randomized).toBe(v);
    expect(intervals.notes).toEqual([]);
  });

  it('is identical to drawing from a refit from each estimate (the deleted recipe), which moves no figure', () => {
    // The old recipe: refit on the calibration customers from the estimate, then draw from that fit's Hessian.
    const refitted: EvaluationResult = {
      ...result,
      models: result.models.map((m) => {
        const spec = findModel(m.model);
        if (spec === undefined) throw new Error(m.model);
        const fit = fitSpec(spec, customers, 'test', { initialParams: m.params, timeUnit: 'week' });
        // The refit polishes BG/NBD's and MBG/NBD's estimates by one BFGS step (< 1e-6 relative).
        for (const name of fit.paramNames)
          expect(Math.abs((fit.params[name] as number) / (m.params[name] as number) - 1)).toBeLessThan(1e-6);
        return {
          ...m,
          params: { ...fit.params },
          paramNames: [...fit.paramNames],
          covariance: fit.covariance.map((row) => [...row]),
        };
      }),
    };
    const old = holdoutIntervals(split, refitted, OPTIONS);
    expect(old.models).toEqual(intervals.models);
    expect(old.notes).toEqual(intervals.notes);
  });

  it('uses the estimate and covariance the result carries: no refit from the split (a refit would undo the change)', () => {
    const winner = result.models[0] as ModelEvaluation;
    // Twice the estimate's variance (×√2 in every standard error) and r moved 10 % off the MLE.
    const params = { ...winner.params, r: (winner.params.r as number) * 1.1 };
    const covariance = winner.covariance.map((row) => row.map((v) => 2 * v));
    const changed = holdoutIntervals(
      split,
      withModel(winner.model, () => ({ params, covariance })),
      OPTIONS,
    );
    const expected = totalOf(
      { model: winner.model, params, paramNames: winner.paramNames, covariance },
      true,
    );
    const h = changed.models.get(winner.model);
    expect(h?.parameterUncertainty).toBe(true);
    expect(h?.totalInterval).toMatchObject(expected);
    const original = intervals.models.get(winner.model)?.totalInterval;
    // A higher r, a wider spread: a higher total (1,728.2 against 1,682.2: the customers' own histories damp
    // the 10 %) and a wider interval than the MLE's, to which a refit from the split would have returned.
    expect(h?.totalInterval.mean).toBeCloseTo(1728.208, 9);
    expect(original?.mean).toBeCloseTo(1682.208, 9);
    expect((h?.totalInterval.high as number) - (h?.totalInterval.low as number)).toBeGreaterThan(
      (original?.high as number) - (original?.low as number),
    );
    // The other models' figures are untouched.
    for (const m of result.models.slice(1))
      expect(changed.models.get(m.model)).toEqual(intervals.models.get(m.model));
  });

  it('a covariance that is not positive definite: the estimates fixed, said in notes (no refit to repair it)', () => {
    const winner = result.models[0] as ModelEvaluation;
    const zero = winner.covariance.map((row) => row.map(() => 0));
    const fixed = holdoutIntervals(
      split,
      withModel(winner.model, () => ({ covariance: zero })),
      OPTIONS,
    );
    const h = fixed.models.get(winner.model);
    expect(h?.parameterUncertainty).toBe(false);
    expect(fixed.notes).toHaveLength(1);
    expect(fixed.notes[0]).toMatch(
      /^paretoNbd: intervals with the estimates fixed \(.*not positive definite/,
    );
    expect(h?.totalInterval).toMatchObject(totalOf({ ...winner, covariance: zero }, false));
    expect(Number.isFinite(h?.totalInterval.mean)).toBe(true);
  });
});

describe('holdoutIntervals with bootstrapFallback (clvkit evaluate --interval --bootstrap-fallback)', () => {
  it('a covariance that is not positive definite: draws by a bootstrap over the calibration customers, said', () => {
    const bg = result.models.find((m) => m.model === 'betaGeo') as ModelEvaluation;
    const zero = bg.covariance.map((row) => row.map(() => 0));
    const degenerate = withModel('betaGeo', () => ({ covariance: zero }));
    const options = { level: 0.9, draws: 200, seed: 3 };
    const booted = holdoutIntervals(split, degenerate, { ...options, bootstrapFallback: true });
    expect(booted.notes).toEqual([
      expect.stringMatching(
        /^betaGeo: parameter draws by a bootstrap over the calibration customers \(200 refits; .*not positive definite/,
      ),
    ]);
    const h = booted.models.get('betaGeo');
    expect(h?.parameterUncertainty).toBe(true);
    // The same figures as the primitives give: 200 bootstrap refits of the evaluated estimate, then the simulation.
    const fit = { ...bg, covariance: zero, timeUnit: data.timeUnit };
    const p = predictivePurchases(fit, data.holdoutLength, customers, {
      seed: options.seed,
      quantiles: [0.05, 0.95],
      observed: data.holdoutPurchases,
      parameterDraws: bootstrapParameters(fit, customers, { draws: 200, seed: options.seed }),
    });
    expect(h?.totalInterval).toMatchObject({
      mean: p.total.mean,
      low: p.total.quantiles[0],
      high: p.total.quantiles[1],
    });
    // Wider than with the estimates fixed (the flag off), which the note of that run says.
    const fixed = holdoutIntervals(split, degenerate, options);
    expect(fixed.notes[0]).toMatch(/^betaGeo: intervals with the estimates fixed/);
    const f = fixed.models.get('betaGeo')?.totalInterval;
    expect((h?.totalInterval.high as number) - (h?.totalInterval.low as number)).toBeGreaterThan(
      (f?.high as number) - (f?.low as number),
    );
    // The models whose covariance is fine are drawn as without the flag.
    expect(booted.models.get('paretoNbd')).toEqual(fixed.models.get('paretoNbd'));
  });
});

describe('holdoutIntervals on discrete data: BG/BB in calendar periods, as the evaluation scored it', () => {
  // The CDNOW sample in months (granularity = time unit): 9 holdout months, 1,478 customer-months with a purchase.
  const monthly = summarizeTransactions(cdnowSampleOrders(), {
    calibrationEnd: '1997-09-30',
    observationEnd: '1998-06-30',
    timeUnit: 'month',
    granularity: 'month',
  });
  const evaluated = evaluateModels(monthly, { granularity: 'month', models: ['bgbb', 'mbgnbd'] });

  it('simulates BG/BB on the customers’ periods over the 9 holdout months (it threw on continuous times)', () => {
    const h = holdoutIntervals(monthly, evaluated, OPTIONS);
    expect([...h.models.keys()]).toEqual(['betaGeoBetaBinom', 'modifiedBetaGeo']);
    const bgbb = evaluated.models[0] as ModelEvaluation;
    const cal = evaluationData(monthly, { granularity: 'month' }, 'test');
    const own = discreteCustomers(cal.calibration, 'month', cal.calibrationEndDay).all;
    expect(holdoutPeriods(cal.calibrationEndDay, cal.observationEndDay, 'month')).toBe(9);
    const p = predictivePurchases(bgbb, 9, own, {
      seed: OPTIONS.seed,
      quantiles: [0.05, 0.95],
      observed: cal.holdoutPurchases,
      parameterDraws: drawParameters(bgbb, { draws: OPTIONS.draws, seed: OPTIONS.seed }),
    });
    const t = h.models.get('betaGeoBetaBinom')?.totalInterval;
    expect(t).toMatchObject({
      actual: 1478,
      mean: p.total.mean,
      low: p.total.quantiles[0],
      high: p.total.quantiles[1],
    });
    expect(h.models.get('betaGeoBetaBinom')?.coverage.customers).toBe(2357);
    // With the estimates fixed the simulated total centres on the evaluation's prediction (996.7 customer-months).
    const fixed = predictivePurchases(bgbb, 9, own, { seed: 1, draws: 2000 });
    expect(bgbb.purchases.predictedTotal).toBeCloseTo(996.66, 2);
    expect(Math.abs(fixed.total.mean - bgbb.purchases.predictedTotal)).toBeLessThan(5);
  });
});

describe('a draw that leaves the model’s numerics (CDNOW in months)', () => {
  const monthly = summarizeTransactions(cdnowSampleOrders(), {
    calibrationEnd: '1997-09-30',
    observationEnd: '1998-06-30',
    timeUnit: 'month',
    granularity: 'month',
  });
  // (The BG/NBD is not identified in months — a ≈ 6·10⁵ — so its fit fails and the evaluation leaves it out.)
  const evaluated = evaluateModels(monthly, {});

  it('draws far in the tail of a poorly determined estimate stay computable (s ≈ 5·10⁵, draws past 10⁸)', () => {
    // In months the Pareto/NBD's s and β run towards exponential lifetimes (s ≈ 491,000, se(ln s) ≈ 4.9). Its
    // tail integral past z = 0.99 is integrated by the bridge, so every one of 1,000 draws is computed (one had
    // r ≈ 3.2 million, where the ₂F₁ series of P(alive) gave up after 2·10⁷ terms and the model fell back).
    const h = holdoutIntervals(monthly, evaluated, { level: 0.9, draws: 1000, seed: 1 });
    expect([...h.models.keys()].sort()).toEqual(['modifiedBetaGeo', 'paretoNbd']);
    for (const [, m] of h.models) {
      expect(m.parameterUncertainty).toBe(true);
      expect(Number.isFinite(m.totalInterval.mean)).toBe(true);
    }
    expect(h.notes).toEqual([]);
  });

  it('falls back to the estimates fixed for that model and says so, instead of failing every model', () => {
    // r made far less certain (sd of ln r ≈ 200): a draw of r ≈ 10⁵⁰ gives one customer 6·10⁵⁶ purchases in the
    // holdout, more than a histogram of counts holds (a RangeError before): that model is simulated with its
    // estimate fixed, the other keeps its draws.
    const models = evaluated.models.map((m) =>
      m.model !== 'paretoNbd'
        ? m
        : {
            ...m,
            covariance: m.covariance?.map((row, i) => row.map((c, j) => (i === 0 && j === 0 ? 2.6e4 : c))),
          },
    );
    const h = holdoutIntervals(monthly, { ...evaluated, models }, { level: 0.9, draws: 200, seed: 1 });
    expect(h.models.get('paretoNbd')?.parameterUncertainty).toBe(false);
    expect(h.models.get('modifiedBetaGeo')?.parameterUncertainty).toBe(true);
    expect(h.notes).toEqual([
      'paretoNbd: intervals with the estimates fixed (with parameter draws: paretoNbd: not computed — a draw of 6.13e+56 purchases by one customer in the horizon, more than 10,000,000 (a parameter draw far out in its tail))',
    ]);
    for (const [, m] of h.models) expect(Number.isFinite(m.totalInterval.mean)).toBe(true);
  });
});
