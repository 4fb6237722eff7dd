/**
 * The Pareto/NBD model of non-contractual repeat buying (Schmittlein, Morrison & Colombo 1987, "Counting your
 * customers: who are they and what will they do next?", Management Science 33(1)).
 *
 * While alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α); the unobserved lifetime is
 * exponential with rate μ ~ Gamma(s, β); λ and μ are independent across customers. A customer is summarised by
 * x repeat purchases, the time t_x of the last one and the time T observed since the first purchase.
 *
 * Likelihood as in Fader & Hardie (2005), "A note on deriving the Pareto/NBD model and related expressions":
 *
 *   L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s ∫_{t_x}^T (α+y)^−(r+x) (β+y)^−(s+1) dy ].
 *
 * The integral is J(t_x) − J(T) with J(t) = ∫_t^∞ (A+y)^−P (B+y)^−Q dy, where (A, P, B, Q) is
 * (α, r+x, β, s+1) when α ≥ β and (β, s+1, α, r+x) when α < β — the note's two branches. In closed form
 *
 *   J(t) = (A+t)^−(P+Q−1) / (P+Q−1) · ₂F₁(P+Q−1, Q; P+Q; z),   z = (A−B)/(A+t) ∈ [0, 1),
 *
 * which Euler's transformation turns into (A+t)^−P (B+t)^(1−Q) ₂F₁(1, P; P+Q; z) / (P+Q−1), a series of
 * positive terms with ratios below z (see `logHyp2f1UnitA`). Everything is computed in log space.
 */
import { type CustomersInput, customerColumns } from './data/customers.js';
import { everyNthCustomer } from './data/everyNthCustomer.js';
import type { Fit, FitOptions } from './fit/fitModel.js';
import { fitSpec } from './fit/fitSpec.js';
import type { ModelSpec } from './model.js';
import { paretoNbdConditionalPmf } from './paretoNbd/conditionalPmf.js';
import {
  paretoNbdFuturePurchasePathSampler,
  paretoNbdFuturePurchaseSampler,
} from './paretoNbd/futurePurchaseDraws.js';
import {
  type ParetoNbdPrepared,
  paretoNbdLogLikelihoodPrepared,
  paretoNbdRows,
  prepareParetoNbdCustomers,
} from './paretoNbd/likelihood.js';
import {
  paretoNbdCustomerLogLikelihood,
  paretoNbdExpectedPurchasesColumns,
  paretoNbdExpectedPurchasesNewCustomer,
  paretoNbdParams,
  paretoNbdProbabilityAliveColumns,
  paretoNbdProbabilityOfPurchases,
} from './paretoNbd/predictions.js';
import { paretoNbdDiscountedResidualPurchases } from './paretoNbd/residualPurchases.js';
import { paretoNbdScaledPaths } from './paretoNbd/scaledPaths.js';
import { simulateParetoNbdCustomers } from './simulate/simulateParetoNbd.js';

/**
 * The Pareto/NBD (parameters r, α, s, β): likelihood with analytic gradient on grouped customers (or row by row
 * when grouping would not pay, see `fitCustomers`), starting values r = s = 1, α = ΣT/Σx (so r/α is the
 * observed purchase rate), β = mean T.
 */
export const paretoNbdModel: ModelSpec<ParetoNbdPrepared, 'paretoNbd'> = {
  model: 'paretoNbd',
  label: 'Pareto/NBD',
  aliases: ['pnbd'],
  paramNames: ['r', 'alpha', 's', 'beta'],
  paramDescriptions: {
    r: 'shape of the purchase rate λ ~ Gamma(r, α)',
    alpha: 'scale of the purchase rate, in the time unit of the data',
    s: 'shape of the dropout rate μ ~ Gamma(s, β)',
    beta: 'scale of the dropout rate, in the time unit of the data',
  },
  dataKind: 'continuous',
  source:
    'Schmittlein, Morrison & Colombo (1987), Management Science 33(1); Fader & Hardie (2005), "A note on deriving the Pareto/NBD model and related expressions"',
  prepare: (data, where) => prepareParetoNbdCustomers(customerColumns(data as CustomersInput, where)),
  logLikelihood: paretoNbdLogLikelihoodPrepared,
  // Keyed (grouped) customers are summed whole; row by row, in parts.
  rowCount: (data) => (data.grouped ? undefined : data.rows.frequency.length),
  initialParams(data) {
    const meanT = data.totalT / data.customers;
    const alpha = data.totalFrequency > 0 ? data.totalT / data.totalFrequency : meanT;
    return Float64Array.of(1, alpha, 1, meanT);
  },
  count: (data) => data.customers,
  subsample: (data, every) => (data.grouped ? undefined : paretoNbdRows(everyNthCustomer(data.rows, every))),
  kernels: {
    probabilityAlive: (params, c) => paretoNbdProbabilityAliveColumns(paretoNbdParams(params), c),
    expectedPurchases: (params, t, c) => paretoNbdExpectedPurchasesColumns(paretoNbdParams(params), t, c),
    expectedPurchasesNewCustomer: (params, t) =>
      paretoNbdExpectedPurchasesNewCustomer(paretoNbdParams(params), t),
    probabilityOfPurchases: (params, n, t) => paretoNbdProbabilityOfPurchases(paretoNbdParams(params), n, t),
    conditionalProbabilityOfPurchases: paretoNbdConditionalPmf,
    discountedExpectedResidualPurchases: (params, rate, c) =>
      paretoNbdDiscountedResidualPurchases(params, Math.log1p(rate), c),
    customerLogLikelihood: (params, c) => paretoNbdCustomerLogLikelihood(paretoNbdParams(params), c),
    futurePurchaseSampler: (params, t, c) => paretoNbdFuturePurchaseSampler(paretoNbdParams(params), t, c),
    futurePurchasePathSampler: (params, step, steps, c) =>
      paretoNbdFuturePurchasePathSampler(paretoNbdParams(params), step, steps, c),
    futurePurchaseScaledPaths: (params, x) => paretoNbdScaledPaths(paretoNbdParams(params), x),
  },
  simulate: (params, settings) => simulateParetoNbdCustomers(paretoNbdParams(params), settings),
};

/**
 * Fits the Pareto/NBD by maximum likelihood (Schmittlein, Morrison & Colombo 1987; likelihood of Fader & Hardie
 * 2005, see the top of this file) to customers `{ frequency, recency, T }` (rows or columns; identical
 * customers grouped first when that pays) → r, α, s, β with standard errors and intervals. See `fitModel` for
 * options.
 *
 * @example
 * const fit = fitParetoNbd(cdnow); // CDNOW in weeks: r ≈ 0.553, α ≈ 10.58, s ≈ 0.606, β ≈ 11.67
 */
export function fitParetoNbd(customers: CustomersInput, options?: FitOptions): Fit<'paretoNbd'> {
  return fitSpec(paretoNbdModel, customers, 'fitParetoNbd', options);
}
