/**
 * Likelihood-based model comparison: AIC, BIC and the likelihood-ratio test for nested models (CLVTools offers
 * the test as `lrtest`; Meierer, Bachmann et al., R package CLVTools).
 */
import { ClvValidationError, makeIssue } from '../errors.js';
import { numberRule } from '../schemas/field.js';
import { chiSquareSurvival } from './chiSquare.js';

const finite = numberRule({});
const positiveWhole = numberRule({ min: 1 }, true);

function check(where: string, name: string, rule: typeof finite, value: unknown): number {
  const v = rule.convert(value);
  if (v === undefined) throw new ClvValidationError(where, [makeIssue(name, rule.expected, value)]);
  return v;
}

/**
 * Akaike's information criterion, AIC = 2k − 2 ln L (Akaike 1974, "A new look at the statistical model
 * identification", IEEE TAC 19(6)). Lower is better. The same figure as `Fit.aic`.
 *
 * @example akaikeInformationCriterion(-9582.43, 4) // 19172.86
 */
export function akaikeInformationCriterion(logLikelihood: number, parameters: number): number {
  const where = 'akaikeInformationCriterion';
  const ll = check(where, 'logLikelihood', finite, logLikelihood);
  const k = check(where, 'parameters', positiveWhole, parameters);
  return 2 * k - 2 * ll;
}

/**
 * Schwarz's Bayesian information criterion, BIC = k ln n − 2 ln L, with n the number of customers (the units
 * the likelihood multiplies over) (Schwarz 1978, "Estimating the dimension of a model", Ann. Stat. 6(2)).
 * Lower is better. The same figure as `Fit.bic`.
 *
 * @example bayesianInformationCriterion(-9582.43, 4, 2357) // 4 ln 2357 + 19164.86 ≈ 19195.92
 */
export function bayesianInformationCriterion(
  logLikelihood: number,
  parameters: number,
  customers: number,
): number {
  const where = 'bayesianInformationCriterion';
  const ll = check(where, 'logLikelihood', finite, logLikelihood);
  const k = check(where, 'parameters', positiveWhole, parameters);
  const n = check(where, 'customers', numberRule({ min: 0, minExclusive: true }), customers);
  return k * Math.log(n) - 2 * ll;
}

/** The result of `likelihoodRatioTest`. */
export interface LikelihoodRatioTest {
  /** LR = 2 (ln L_full − ln L_restricted), floored at 0 (a restricted fit cannot truly be better). */
  readonly statistic: number;
  /** k_full − k_restricted. */
  readonly degreesOfFreedom: number;
  /** P(χ²_df ≥ LR): small values reject the restricted model. */
  readonly pValue: number;
}

/**
 * The likelihood-ratio test of a restricted model against a fuller model it is nested in (the restricted one
 * is the full one with df parameters fixed, both fitted by maximum likelihood on the same data):
 * LR = 2 (ln L_full − ln L_restricted) ~ χ²_df under the restriction (Wilks 1938, Ann. Math. Stat. 9(1)).
 * Only valid for truly nested models with the restriction inside the parameter space: among clvkit's models
 * none nest — BG/NBD, MBG/NBD and Pareto/NBD each have four parameters and different dropout processes, so
 * compare those by AIC/BIC and holdout error instead (see `NESTED_MODEL_PAIRS`).
 *
 * @example likelihoodRatioTest(-1000, 3, -998.08, 4) // { statistic: 3.84, degreesOfFreedom: 1, pValue: ≈ 0.05 }
 */
export function likelihoodRatioTest(
  restrictedLogLikelihood: number,
  restrictedParameters: number,
  fullLogLikelihood: number,
  fullParameters: number,
): LikelihoodRatioTest {
  const where = 'likelihoodRatioTest';
  const l0 = check(where, 'restrictedLogLikelihood', finite, restrictedLogLikelihood);
  const k0 = check(where, 'restrictedParameters', positiveWhole, restrictedParameters);
  const l1 = check(where, 'fullLogLikelihood', finite, fullLogLikelihood);
  const k1 = check(where, 'fullParameters', positiveWhole, fullParameters);
  if (!(k1 > k0))
    throw new ClvValidationError(where, [
      makeIssue('fullParameters', `more than restrictedParameters (${k0})`, k1),
    ]);
  const statistic = Math.max(0, 2 * (l1 - l0));
  const degreesOfFreedom = k1 - k0;
  return Object.freeze({
    statistic,
    degreesOfFreedom,
    pValue: chiSquareSurvival(statistic, degreesOfFreedom),
  });
}
