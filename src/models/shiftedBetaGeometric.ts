/**
 * The shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007, "How to project
 * customer retention", Journal of Interactive Marketing 21(1)).
 *
 * Each customer renews at the end of every period with probability 1 − θ, θ ~ Beta(α, β) across customers:
 *
 *   P(T = t) = B(α+1, β+t−1) / B(α, β),   S(t) = P(T > t) = B(α, β+t) / B(α, β),   t = 1, 2, …
 *
 * and the retention rate r_t = S(t)/S(t−1) = (β+t−1)/(α+β+t−1) rises with t (the survivors are the loyal).
 * Data: the numbers still active at the start of periods 0, 1, …, K of one cohort (the first is its size):
 * n_{t−1} − n_t churned in period t and n_K are still active, so
 *
 *   log L = Σ_{t=1}^K (n_{t−1} − n_t) log P(T = t) + n_K log S(K).
 */

import { ClvValidationError, makeIssue } from '../errors.js';
import { optionsObject } from '../schemas/parse.js';
import { MAX_PERIODS } from './data/customers.js';
import type { Fit, FitOptions } from './fit/fitModel.js';
import { fitSpec } from './fit/fitSpec.js';
import { readParams as readModelParams } from './fit/readParams.js';
import type { ModelSpec } from './model.js';
import {
  shiftedBetaGeometricFuturePurchasePathSampler,
  shiftedBetaGeometricFuturePurchaseSampler,
} from './shiftedBetaGeometric/futurePurchaseDraws.js';
import {
  type ShiftedBetaGeometricParams,
  shiftedBetaGeometricConditionalProbabilityOfPurchases,
  shiftedBetaGeometricCustomerLogLikelihood,
  shiftedBetaGeometricDiscountedResidualPurchases,
  shiftedBetaGeometricExpectedPurchases,
  shiftedBetaGeometricExpectedPurchasesNewCustomer,
  shiftedBetaGeometricParams,
  shiftedBetaGeometricProbabilityAlive,
  shiftedBetaGeometricProbabilityOfPurchases,
  shiftedBetaGeometricResidualLifetime,
} from './shiftedBetaGeometric/predictions.js';
import { simulateShiftedBetaGeometricCustomers } from './simulate/simulateShiftedBetaGeometric.js';

export type { ShiftedBetaGeometricParams };

/**
 * log L of the sBG at (α, β) = params[0..1] on a survivor curve, with the analytic gradient when asked.
 * Summed by the recursions log S(t) = log S(t−1) − log(1 + α/(β+t−1)) and P(T=t) = S(t−1) α/(α+β+t−1)
 * rather than as differences of log B, which lose digits to cancellation when β is large:
 * ∂ log S(t)/∂α = −Σ_{j<t} 1/(α+β+j), ∂ log S(t)/∂β = Σ_{j<t} α/((β+j)(α+β+j)).
 */
export function shiftedBetaGeometricLogLikelihoodSurvivors(
  params: Float64Array,
  survivors: Float64Array,
  grad?: Float64Array,
): number {
  const a = params[0] as number;
  const b = params[1] as number;
  const K = survivors.length - 1;
  const logA = Math.log(a);
  let logS = 0; // log S(t−1)
  let dSa = 0;
  let dSb = 0;
  let total = 0;
  let ga = 0;
  let gb = 0;
  for (let t = 1; t <= K; t++) {
    const churned = (survivors[t - 1] as number) - (survivors[t] as number);
    const bj = b + (t - 1);
    const abj = a + bj;
    if (churned !== 0) {
      total += churned * (logS + logA - Math.log(abj));
      ga += churned * (dSa + 1 / a - 1 / abj);
      gb += churned * (dSb - 1 / abj);
    }
    logS -= Math.log1p(a / bj);
    dSa -= 1 / abj;
    dSb += a / (bj * abj);
  }
  const alive = survivors[K] as number;
  if (alive > 0) {
    total += alive * logS;
    ga += alive * dSa;
    gb += alive * dSb;
  }
  if (grad) {
    grad[0] = ga;
    grad[1] = gb;
  }
  return total;
}

// ————————————————————————————————————————————————————————— predictions

/** A fitted model (its `params`) or the parameters themselves. */
export type ShiftedBetaGeometricParamsInput =
  | ShiftedBetaGeometricParams
  | { readonly params: Readonly<Record<string, number>> };

function readParams(where: string, input: ShiftedBetaGeometricParamsInput): ShiftedBetaGeometricParams {
  return readModelParams<ShiftedBetaGeometricParams>(where, input, 'shiftedBetaGeometric', ['alpha', 'beta']);
}

function checkPeriods(where: string, periods: number, name = 'periods'): void {
  if (!(Number.isInteger(periods) && periods >= 0 && periods <= 1e7))
    throw new ClvValidationError(where, [makeIssue(name, 'a whole number in [0, 10000000]', periods)]);
}

/**
 * Survival S(t) = B(α, β+t)/B(α, β) for t = 0, 1, …, periods (Fader & Hardie 2007, eq. 4), by the recursion
 * S(t) = S(t−1) (β+t−1)/(α+β+t−1). Multiply by a cohort's size to project its survivors.
 *
 * @example
 * survivalCurve({ alpha: 0.704, beta: 1.182 }, 12)[12] * 1000; // ≈ 170 (173 observed) of the 'regular' cohort in year 12
 */
export function survivalCurve(fit: ShiftedBetaGeometricParamsInput, periods: number): Float64Array {
  const where = 'survivalCurve';
  const { alpha, beta } = readParams(where, fit);
  checkPeriods(where, periods);
  const out = new Float64Array(periods + 1);
  out[0] = 1;
  for (let t = 1; t <= periods; t++)
    out[t] = (out[t - 1] as number) * ((beta + (t - 1)) / (alpha + beta + (t - 1)));
  return out;
}

/**
 * Retention rates r_t = S(t)/S(t−1) = (β+t−1)/(α+β+t−1) for t = 1, …, periods (Fader & Hardie 2007, eq. 5):
 * entry t−1 is the share of those active in period t−1 who renew for period t.
 *
 * @example
 * retentionCurve({ alpha: 0.704, beta: 1.182 }, 3); // [0.627, 0.756, 0.819]
 */
export function retentionCurve(fit: ShiftedBetaGeometricParamsInput, periods: number): Float64Array {
  const where = 'retentionCurve';
  const { alpha, beta } = readParams(where, fit);
  checkPeriods(where, periods);
  const out = new Float64Array(periods);
  for (let t = 1; t <= periods; t++) out[t - 1] = (beta + (t - 1)) / (alpha + beta + (t - 1));
  return out;
}

/**
 * Expected lifetime in periods of a new customer, counting the first: E[T] = Σ_{t≥0} S(t) = E[1/θ]
 * = (α+β−1)/(α−1) for α > 1 (Fader & Hardie 2007). For α ≤ 1 the mean is infinite (the heavy tail of loyal
 * customers) and the function returns `null`, as the formula CLV functions do for a lifespan that never ends.
 *
 * @example
 * shiftedBetaGeometricExpectedLifetime({ alpha: 3, beta: 4 }); // 3
 */
export function shiftedBetaGeometricExpectedLifetime(fit: ShiftedBetaGeometricParamsInput): number | null {
  const where = 'shiftedBetaGeometricExpectedLifetime';
  const { alpha, beta } = readParams(where, fit);
  if (!(alpha > 1)) return null;
  // (α + β − 1)/(α − 1) written as 1 + β/(α − 1): α + β overflowed for α = β = 1e308 (the lifetime is 2).
  const lifetime = 1 + beta / (alpha - 1);
  if (!Number.isFinite(lifetime))
    throw new ClvValidationError(where, [
      makeIssue('fit.params', 'parameters whose expected lifetime is below 1.8e308 periods', { alpha, beta }),
    ]);
  return lifetime;
}

/**
 * Discounted expected residual lifetime of a customer who has made `renewals` = n−1 renewals, evaluated just
 * before the n-th renewal decision, in periods (multiply by the per-period margin for the residual CLV)
 * (Fader & Hardie 2010, "Customer-base valuation in a contractual setting: the perils of ignoring
 * heterogeneity", Marketing Science 29(1), eq. 6):
 *
 *   DERL(d | α, β, n−1) = B(α, β+n)/B(α, β+n−1) · ₂F₁(1, β+n; α+β+n; 1/(1+d)),
 *
 * = Σ_{k≥0} S(n+k)/S(n−1) (1+d)^−k. The next payment (at the decision) is not discounted;
 * the discount rate must be positive.
 *
 * @example
 * discountedExpectedResidualLifetime({ alpha: 0.704, beta: 1.182 }, { discountRate: 0.1, renewals: 0 }); // ≈ 2.96
 */
export function discountedExpectedResidualLifetime(
  fit: ShiftedBetaGeometricParamsInput,
  options: { readonly discountRate: number; readonly renewals: number },
): number {
  const where = 'discountedExpectedResidualLifetime';
  const { alpha, beta } = readParams(where, fit);
  const { discountRate: d, renewals } = optionsObject(
    where,
    options,
    undefined,
    '{ discountRate, renewals }',
  );
  const issues = [];
  if (!(Number.isFinite(d) && d > 0))
    issues.push(makeIssue('discountRate', 'a finite number greater than 0', d));
  if (!(Number.isInteger(renewals) && renewals >= 0 && renewals <= MAX_PERIODS))
    issues.push(makeIssue('renewals', `a whole number in [0, ${MAX_PERIODS}]`, renewals));
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  const lifetime = shiftedBetaGeometricResidualLifetime({ alpha, beta }, d, renewals);
  if (!Number.isFinite(lifetime))
    throw new ClvValidationError(where, [
      makeIssue('fit', 'parameters under which the residual lifetime is finite', { alpha, beta }),
    ]);
  return lifetime;
}

// ————————————————————————————————————————————————————————— fitting

/** One cohort: the numbers still active at the start of periods 0, 1, …, K (the first is the cohort's size). */
export interface ShiftedBetaGeometricData {
  readonly survivors: ArrayLike<number>;
}

/** Validates a survivor curve: at least two counts, whole, ≥ 0, non-increasing, the first > 0. */
function toSurvivors(where: string, data: ShiftedBetaGeometricData): Float64Array {
  const col = typeof data === 'object' && data !== null ? data.survivors : undefined;
  if (!(typeof col === 'object' && col !== null && typeof col.length === 'number' && col.length >= 2))
    throw new ClvValidationError(where, [makeIssue('survivors', 'an array of at least two counts', col)]);
  const issues = [];
  const out = new Float64Array(col.length);
  for (let t = 0; t < col.length; t++) {
    const v = col[t];
    const previous = t === 0 ? Number.POSITIVE_INFINITY : (col[t - 1] as number);
    if (!(typeof v === 'number' && Number.isInteger(v) && v >= (t === 0 ? 1 : 0) && v <= previous))
      issues.push(
        makeIssue(
          `survivors[${t}]`,
          t === 0 ? 'a whole number of 1 or more' : `a whole number in [0, survivors[${t - 1}]]`,
          v,
          t,
        ),
      );
    out[t] = v as number;
  }
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  return out;
}

/**
 * The sBG (Fader & Hardie 2007): parameters α, β, starting at 1 each. Fitted on a cohort's survivor curve
 * (`{ survivors }`); its predictions take customers as (x renewals of T decisions), see
 * `shiftedBetaGeometric/predictions.ts`.
 */
export const shiftedBetaGeometricModel: ModelSpec<Float64Array, 'shiftedBetaGeometric'> = {
  model: 'shiftedBetaGeometric',
  label: 'sBG',
  aliases: ['sbg'],
  paramNames: ['alpha', 'beta'],
  paramDescriptions: {
    alpha: 'churn probability θ ~ Beta(α, β): first shape',
    beta: 'churn probability θ ~ Beta(α, β): second shape',
  },
  dataKind: 'contractual',
  source:
    'Fader & Hardie (2007), "How to project customer retention", Journal of Interactive Marketing 21(1)',
  prepare: (data, where) => toSurvivors(where, data as ShiftedBetaGeometricData),
  logLikelihood: shiftedBetaGeometricLogLikelihoodSurvivors,
  initialParams: () => Float64Array.of(1, 1),
  count: (survivors) => survivors[0] as number,
  kernels: {
    probabilityAlive: (params, c) =>
      shiftedBetaGeometricProbabilityAlive(shiftedBetaGeometricParams(params), c),
    expectedPurchases: (params, t, c) =>
      shiftedBetaGeometricExpectedPurchases(shiftedBetaGeometricParams(params), t, c),
    expectedPurchasesNewCustomer: (params, t) =>
      shiftedBetaGeometricExpectedPurchasesNewCustomer(shiftedBetaGeometricParams(params), t),
    probabilityOfPurchases: (params, n, t) =>
      shiftedBetaGeometricProbabilityOfPurchases(shiftedBetaGeometricParams(params), n, t),
    conditionalProbabilityOfPurchases: (params, n, t, c) =>
      shiftedBetaGeometricConditionalProbabilityOfPurchases(shiftedBetaGeometricParams(params), n, t, c),
    discountedExpectedResidualPurchases: (params, d, c) =>
      shiftedBetaGeometricDiscountedResidualPurchases(shiftedBetaGeometricParams(params), d, c),
    customerLogLikelihood: (params, c) =>
      shiftedBetaGeometricCustomerLogLikelihood(shiftedBetaGeometricParams(params), c),
    futurePurchaseSampler: (params, t, c) =>
      shiftedBetaGeometricFuturePurchaseSampler(shiftedBetaGeometricParams(params), t, c),
    futurePurchasePathSampler: (params, step, steps, c) =>
      shiftedBetaGeometricFuturePurchasePathSampler(shiftedBetaGeometricParams(params), step, steps, c),
  },
  simulate: (params, settings) =>
    simulateShiftedBetaGeometricCustomers(shiftedBetaGeometricParams(params), settings),
};

/**
 * Fits the shifted-beta-geometric model to one cohort's survivor curve (Fader & Hardie 2007) → α, β.
 *
 * @example
 * fitShiftedBetaGeometric({ survivors: [1000, 631, 468, 382, 326, 289, 262, 241] }); // α ≈ 0.704, β ≈ 1.182
 */
export function fitShiftedBetaGeometric(
  data: ShiftedBetaGeometricData,
  options?: FitOptions,
): Fit<'shiftedBetaGeometric'> {
  return fitSpec(shiftedBetaGeometricModel, data, 'fitShiftedBetaGeometric', options);
}
