/**
 * The calibration of a holdout evaluation's predictive intervals (`clvkit evaluate --interval P`): per model,
 * how often the customers' holdout purchases fall inside their central P % intervals, and the whole cohort's
 * holdout interval next to the actual total.
 */
import { ClvFitError } from '../errors.js';
import {
  type DiscreteCustomers,
  discreteCustomers,
  holdoutPeriods,
} from '../evaluation/discreteCustomers.js';
import { evaluationData } from '../evaluation/evaluationData.js';
import type { EvaluationResult } from '../evaluation/evaluationResult.js';
import type { CustomersInput } from '../models/data/customers.js';
import { findModel } from '../models/registry.js';
import { bootstrapParameters } from './bootstrapParameters.js';
import { type IntervalCoverage, predictiveCoverage } from './coverage.js';
import { drawParameters } from './libraryVerbs.js';
import type { FitWithCovariance, ParameterDraws } from './parameterDraws.js';
import { predictivePurchases } from './predictivePurchases.js';

/** The aggregate holdout interval of one model, and where the actual total lies in its draws. */
export interface TotalInterval {
  readonly level: number;
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  readonly actual: number;
  /** Share of the total's draws below the actual total (0.5: at the median; < lo or > hi: outside). */
  readonly actualQuantile: number;
  readonly inside: boolean;
}

/** One model's interval figures for `clvkit evaluate --interval`. */
export interface HoldoutIntervals {
  readonly coverage: IntervalCoverage;
  readonly totalInterval: TotalInterval;
  /** Whether the draws mixed over the parameters' asymptotic distribution (false: fixed estimates). */
  readonly parameterUncertainty: boolean;
}

/**
 * Per transaction model of an evaluation (`evaluateModels` on `split`, a summary with its holdout): draws its
 * parameters from the estimate and covariance the evaluation kept (`drawParameters`, no refit; without draws
 * when the covariance is not positive definite, said in `notes` — or, with `bootstrapFallback`, a bootstrap over
 * the calibration customers, `bootstrapParameters`, also said; with the estimates fixed, or for that model
 * none, when a draw leaves the model's numerics, also said in `notes`), and simulates each customer's holdout purchases
 * (`predictivePurchases` with the observed counts; a discrete model, BG/BB, on the customers in calendar periods
 * over the whole holdout periods, as `evaluateModels` scored it): `predictiveCoverage` of the central `level`
 * intervals and the total's interval from the joint draws.
 *
 * @example holdoutIntervals(split, evaluateModels(split, {}), { level: 0.9, draws: 1000, seed: 1 }).models.get('betaGeo')?.coverage.randomized // ≈ 0.9
 */
export function holdoutIntervals(
  split: unknown,
  result: EvaluationResult,
  options: {
    readonly level: number;
    readonly draws: number;
    readonly seed: number;
    /** A model whose covariance is not positive definite: a bootstrap over the calibration customers (`--bootstrap-fallback`). */
    readonly bootstrapFallback?: boolean;
  },
): { readonly models: Map<string, HoldoutIntervals>; readonly notes: readonly string[] } {
  const where = 'holdoutIntervals';
  const { level, draws, seed } = options;
  const notes: string[] = [];
  const data = evaluationData(split, {}, where);
  const c = data.calibration;
  const customers = { frequency: c.frequency, recency: c.recency, T: c.T };
  const lo = (1 - level) / 2;
  const out = new Map<string, HoldoutIntervals>();
  // A discrete model (BG/BB: evaluated on discrete data, granularity = time unit) sees the customers in calendar
  // periods and the holdout in whole periods, as `evaluateModels` scored it.
  let periods: DiscreteCustomers | undefined;
  /** Bootstrap draws refitted from the estimate on resampled calibration customers (said), or none if refits fail. */
  const bootstrapped = (
    fit: FitWithCovariance,
    own: CustomersInput,
    why: string,
  ): ParameterDraws | undefined => {
    try {
      const boot = bootstrapParameters(fit, own, { draws, seed });
      notes.push(
        `${fit.model}: parameter draws by a bootstrap over the calibration customers (${draws.toLocaleString('en-US')} refits; ${why})`,
      );
      return boot;
    } catch (e) {
      if (!(e instanceof ClvFitError)) throw e;
      notes.push(`${fit.model}: the bootstrap failed (${e.message})`);
      return undefined;
    }
  };
  for (const m of result.models) {
    const spec = findModel(m.model);
    if (spec === undefined || spec.kernels.futurePurchaseSampler === undefined) continue;
    const discrete = spec.dataKind === 'discrete';
    if (discrete) periods ??= discreteCustomers(c, data.timeUnit, data.calibrationEndDay);
    const own = discrete ? (periods as DiscreteCustomers).all : customers;
    const length = discrete
      ? holdoutPeriods(data.calibrationEndDay, data.observationEndDay, data.timeUnit)
      : data.holdoutLength;
    // The evaluated model is the fit: its estimate and covariance, fitted on these calibration customers.
    const fit = {
      model: m.model,
      params: m.params,
      paramNames: m.paramNames,
      covariance: m.covariance,
      timeUnit: data.timeUnit,
    };
    let parameterDraws: ParameterDraws | undefined;
    try {
      parameterDraws = drawParameters(fit, { draws, seed });
    } catch (e) {
      if (!(e instanceof ClvFitError)) throw e;
      parameterDraws = options.bootstrapFallback === true ? bootstrapped(fit, own, e.message) : undefined;
      if (parameterDraws === undefined)
        notes.push(`${m.model}: intervals with the estimates fixed (${e.message})`);
    }
    const simulate = (drawn: ParameterDraws | undefined) =>
      predictivePurchases(fit, length, own, {
        seed,
        quantiles: [lo, 1 - lo],
        observed: data.holdoutPurchases,
        ...(drawn ? { parameterDraws: drawn } : { draws }),
      });
    // A drawn parameter vector far in the tail of a poorly determined estimate can leave the model's numerics
    // (a series that does not converge): then the estimates fixed, and if even they fail, no intervals — said.
    let p: ReturnType<typeof simulate>;
    try {
      p = simulate(parameterDraws);
    } catch (e) {
      if (!(e instanceof ClvFitError)) throw e;
      if (parameterDraws === undefined) {
        notes.push(`${m.model}: no intervals (${e.message})`);
        continue;
      }
      try {
        p = simulate(undefined);
        notes.push(`${m.model}: intervals with the estimates fixed (with parameter draws: ${e.message})`);
        parameterDraws = undefined;
      } catch (again) {
        if (!(again instanceof ClvFitError)) throw again;
        notes.push(`${m.model}: no intervals (${again.message})`);
        continue;
      }
    }
    const actual = m.purchases.actualTotal;
    let below = 0;
    for (const v of p.total.draws) if (v < actual) below++;
    const low = p.total.quantiles[0] as number;
    const high = p.total.quantiles[1] as number;
    out.set(m.model, {
      coverage: predictiveCoverage(p.pit, level),
      totalInterval: {
        level,
        mean: p.total.mean,
        low,
        high,
        actual,
        actualQuantile: below / p.total.draws.length,
        inside: low <= actual && actual <= high,
      },
      parameterUncertainty: parameterDraws !== undefined,
    });
  }
  return { models: out, notes };
}
