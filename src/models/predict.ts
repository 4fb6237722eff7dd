/**
 * The verbs: one set of predictions over any fit of the library, dispatching on `fit.model` through the
 * registry (MODELS). They are the verbs of predictionVerbs.ts over the registry: each verb validates its
 * inputs once (the fit's model and parameters, the customers, the horizon), checks that the fit and the
 * customers are in the same time unit, calls the model's columnar kernel and refuses a non-finite result. A model
 * that does not define a quantity gets a `ClvValidationError` naming it. Also here, for the same reason: the
 * model CLV over the registry (`predictCustomerLifetimeValue`, lifetimeValue.ts).
 */
import type { CustomersInput } from './data/customers.js';
import type { SpendInput } from './gammaGamma.js';
import {
  type LifetimeValueInput,
  type LifetimeValuePrediction,
  predictCustomerLifetimeValueWith,
} from './lifetimeValue.js';
import {
  conditionalProbabilityOfPurchasesWith,
  customerLogLikelihoodWith,
  discountedExpectedResidualPurchasesWith,
  expectedCumulativePurchasesWith,
  expectedPurchasesNewCustomerWith,
  expectedPurchasesWith,
  expectedRepeatCountDistributionWith,
  expectedSpendWith,
  probabilityAliveWith,
  probabilityOfPurchasesWith,
  type TrackingInput,
} from './predictionVerbs.js';
import { MODELS } from './registry.js';
import type { CumulativePurchases } from './tracking/expectedCumulativePurchases.js';
import type { FitLike } from './verbInputs.js';

export type { ModelParams } from './model.js';
export { observedRepeatCountDistribution, type TrackingInput } from './predictionVerbs.js';
export type { FitLike } from './verbInputs.js';

/**
 * The probability that each customer is still alive at the end of observation, P(alive | x, t_x, T): BG/NBD
 * (Fader, Hardie & Lee 2005), MBG/NBD (Batislam et al. 2007), Pareto/NBD (Fader & Hardie 2005 eq. 18), BG/BB at
 * opportunity n + 1 (Fader, Hardie & Berger 2010 eq. 11), sBG after the next renewal decision ((β+T)/(α+β+T)
 * for an active customer, 0 after churn).
 *
 * @example probabilityAlive(fit, { frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86] }) // Float64Array [0.75…, 1]
 */
export function probabilityAlive(fit: FitLike, customers: CustomersInput): Float64Array {
  return probabilityAliveWith(MODELS, fit, customers);
}

/**
 * Conditional expected purchases of each customer in the next t time units, E[Y(t) | x, t_x, T] (BG/NBD: FHL
 * 2005 eq. 10; Pareto/NBD: Fader & Hardie 2005 eq. 22; BG/BB: FHB 2010 eq. 13 in t future opportunities; sBG:
 * renewals in t decisions). Non-decreasing in t, 0 at t = 0.
 *
 * @example expectedPurchases(fit, 39, cdnow) // expected purchases in the 39-week holdout, per customer
 */
export function expectedPurchases(fit: FitLike, t: number, customers: CustomersInput): Float64Array {
  return expectedPurchasesWith(MODELS, fit, t, customers);
}

/**
 * Expected repeat purchases of a newly acquired customer in (0, t], E[X(t)] (BG/NBD: FHL 2005 eq. 9; Pareto/NBD:
 * Fader & Hardie 2005 eq. 17; BG/BB: FHB 2010 eq. 8 over t opportunities; sBG: Σ_{k≤t} S(k)).
 *
 * @example expectedPurchasesNewCustomer(fit, 78) // CDNOW BG/NBD: ≈ 1.2 per customer over 78 weeks
 */
export function expectedPurchasesNewCustomer(fit: FitLike, t: number): number {
  return expectedPurchasesNewCustomerWith(MODELS, fit, t);
}

/**
 * P(X(t) = n): the probability that a new customer makes exactly n repeat purchases in (0, t] (BG/NBD: FHL 2005
 * eq. 8; Pareto/NBD: Fader & Hardie 2006; BG/BB: FHB 2010 eq. 7).
 *
 * @example probabilityOfPurchases(fit, 0, 39) // share of new customers with no repeat purchase in 39 weeks
 */
export function probabilityOfPurchases(fit: FitLike, n: number, t: number): number {
  return probabilityOfPurchasesWith(MODELS, fit, n, t);
}

/**
 * P(X(T, T+t] = n | x, t_x, T): the probability that each existing customer makes exactly n purchases in the
 * next t time units (Pareto/NBD: Fader & Hardie 2006, "Deriving the conditional PMF of the Pareto/NBD model";
 * BG/NBD: its analogue, Fader, Hardie & Lee; BG/BB and sBG in whole periods). Sums to 1 over n.
 *
 * @example conditionalProbabilityOfPurchases(fit, 0, 39, cdnow) // P(no purchase in the 39-week holdout), per customer
 */
export function conditionalProbabilityOfPurchases(
  fit: FitLike,
  n: number,
  t: number,
  customers: CustomersInput,
): Float64Array {
  return conditionalProbabilityOfPurchasesWith(MODELS, fit, n, t, customers);
}

/**
 * Discounted expected residual purchases (DERT) of each customer: Σ over all future purchases of their
 * discount factor, with `discountRate` per time unit of the data (per period for BG/BB and the sBG), e.g. 0.0018
 * per week for 10 % a year. Continuous-time models discount continuously at δ = ln(1 + discountRate) (Pareto/NBD:
 * Fader, Hardie & Lee 2005 JMR eq. 2; BG/NBD: docs/models/dert-bgnbd.md); BG/BB per period (Fader, Hardie &
 * Berger 2010 eq. 14); sBG: residual renewals, DERL/(1+d) (Fader & Hardie 2010). Multiply by the expected margin
 * per purchase for the residual CLV.
 *
 * @example discountedExpectedResidualPurchases(fit, 0.0018, cdnow) // per customer, in purchases
 */
export function discountedExpectedResidualPurchases(
  fit: FitLike,
  discountRate: number,
  customers: CustomersInput,
): Float64Array {
  return discountedExpectedResidualPurchasesWith(MODELS, fit, discountRate, customers);
}

/**
 * The expected cumulative and incremental repeat purchases of a cohort over calendar time — the "tracking" chart
 * of Fader, Hardie & Lee (2005, Figure 3), BTYD's `*.ExpectedCumulativeTransactions`, lifetimes'
 * `expected_cumulative_transactions` — for every transaction model:
 *
 *   C(τ_j) = Σ_{i: s_i ≤ τ_j} w_i E[X(τ_j − s_i)],   incremental I(τ_j) = C(τ_j) − C(τ_{j−1}),
 *
 * with E[X(t)] the model's new-customer expectation and s_i customer i's acquisition time. Customers are grouped
 * by acquisition time, so a million customers acquired over 12 weeks of days cost 84 × (times) evaluations.
 *
 * @example expectedCumulativePurchases(fit, { ages: cdnow.T, times: weeks1to78 }).cumulative[77] // expected repeat purchases by week 78
 */
export function expectedCumulativePurchases(fit: FitLike, input: TrackingInput): CumulativePurchases {
  return expectedCumulativePurchasesWith(MODELS, fit, input);
}

/**
 * Each customer's log-likelihood ln L_i under the fit (weights ignored: their weighted sum is the fit's
 * log-likelihood). Transaction models take customers `{ frequency, recency, T }`; Gamma-Gamma takes repeat
 * customers `{ frequency, monetaryValue }`.
 *
 * @example customerLogLikelihood(fit, cdnow).reduce((a, b) => a + b) // ≈ fit.logLikelihood
 */
export function customerLogLikelihood(fit: FitLike, customers: CustomersInput | SpendInput): Float64Array {
  return customerLogLikelihoodWith(MODELS, fit, customers);
}

/**
 * Expected number of customers with 0, 1, …, maxCount − 1 repeat purchases in their calibration period, and
 * (last entry) with maxCount or more: Σ_i w_i P(X(T_i) = k). With `observedRepeatCountDistribution`, the
 * model-fit chart of Fader, Hardie & Lee (2005, Figure 2). Length maxCount + 1. One probability vector per
 * distinct T.
 *
 * @example expectedRepeatCountDistribution(fit, cdnow, 7) // [≈1411, ≈439, …] on CDNOW
 */
export function expectedRepeatCountDistribution(
  fit: FitLike,
  customers: CustomersInput,
  maxCount = 7,
): Float64Array {
  return expectedRepeatCountDistributionWith(MODELS, fit, customers, maxCount);
}

/**
 * Conditional expected average transaction value of each customer under a spend fit (Gamma-Gamma):
 * E[Z | x, m̄] = p (γ + x m̄) / (p x + q − 1) (Fader, Hardie & Lee 2005 JMR; Fader & Hardie 2013).
 * Customers are `{ frequency, monetaryValue }` (x ≥ 0; m̄ is ignored when x = 0).
 *
 * @example expectedSpend(spendFit, { frequency: [2], monetaryValue: [22.35] }) // between m̄ and the population mean
 */
export function expectedSpend(spendFit: FitLike, customers: SpendInput): Float64Array {
  return expectedSpendWith(MODELS, spendFit, customers);
}

/**
 * Predicts each customer's lifetime value over `horizon` steps of length s:
 *
 *   CLV_i = m · Σ_{k=1}^{H} (E[Y_i(k s)] − E[Y_i((k−1) s)]) · E[Z_i] / (1 + d)^k,
 *
 * with E[Y_i(t)] the transaction model's conditional expected purchases in (T, T + t] (e.g. BG/NBD, FHL 2005
 * eq. 10), E[Z_i] the Gamma-Gamma conditional expected spend (FHL 2005 JMR), d the discount rate per step
 * and m the profit margin (default 1); cash flows of step k are discounted as received at its end. This is
 * the convention of Fader, Hardie & Lee (2005, JMR) made discrete, and of lifetimes' `customer_lifetime_value`
 * (which uses 4.345-week months; pass `step: 4.345` with weeks to match it exactly). Neither lifetimes nor
 * PyMC-Marketing's `customer_lifetime_value` takes a margin — both return discounted revenue, which the user
 * multiplies by a margin afterwards; `margin` does that multiplication here, so margin 1 gives their figure
 * (`expectedSpend` stays revenue per purchase). Computed in float64; converted to Decimal once at the end.
 *
 * @example
 * predictCustomerLifetimeValue({ transactionModel: bgFit, spendModel: ggFit, customers, horizon: 12,
 *   discountRate: 0.01, timeUnit: 'week', margin: 0.25 }).clv[0].toFixed(2) // a quarter of the margin-1 CLV
 */
export function predictCustomerLifetimeValue(input: LifetimeValueInput): LifetimeValuePrediction {
  return predictCustomerLifetimeValueWith(MODELS, input);
}
