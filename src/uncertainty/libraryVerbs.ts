/**
 * `drawParameters` and `predictiveLifetimeValue` over every model of the library (the registry, MODELS). Their
 * implementations (parameterDraws.ts, predictiveLifetimeValue.ts) take the list of models: the spreadsheet's
 * CLV_PREDICT_INTERVAL runs them over SHEET_MODELS, so the spreadsheet file carries no other model (issue #13).
 */
import { ClvFitError } from '../errors.js';
import type { CustomersInput } from '../models/data/customers.js';
import type { SpendInput } from '../models/gammaGamma.js';
import type { LifetimeValueInput } from '../models/lifetimeValue.js';
import { MODELS } from '../models/registry.js';
import type { ShiftedBetaGeometricData } from '../models/shiftedBetaGeometric.js';
import { guardedRead } from '../schemas/parse.js';
import { bootstrapParameters } from './bootstrapParameters.js';
import {
  drawParametersWith,
  type FitWithCovariance,
  type ParameterDrawOptions,
  type ParameterDraws,
} from './parameterDraws.js';
import {
  type PredictiveValue,
  type PredictiveValueOptions,
  predictiveLifetimeValueWith,
} from './predictiveLifetimeValue.js';

/**
 * Draws parameters from the asymptotic distribution of the estimate on the log scale, where the fit was made:
 *
 *   ln θ⁽ᵈ⁾ = ln θ̂ + L z⁽ᵈ⁾,   z⁽ᵈ⁾ ~ N(0, I),   L Lᵀ = Σ_ln,   Σ_ln,ij = Cov(θ̂_i, θ̂_j) / (θ̂_i θ̂_j),
 *
 * Σ_ln being the inverse observed information in ln θ that the fit stored (on the natural scale, by the delta
 * method; dividing by θ̂_i θ̂_j undoes it exactly). Every draw is positive. This is the normal approximation of
 * the likelihood (Wald), i.e. the Laplace approximation of a flat-prior posterior (Gelman et al. 2013, Bayesian
 * Data Analysis, §4.1) — no refit per draw, unlike the bootstrap (`bootstrapParameters`; CLVTools' "boots").
 * Seeded: the same fit, draws and seed give the same matrix on every machine.
 *
 * Throws `ClvValidationError` for a fit without a usable covariance, and `ClvFitError` naming the parameter
 * where the covariance is not positive definite (parameters not identified) — unless `bootstrapCustomers` is
 * given: then such a fit's draws come from `bootstrapParameters(fit, bootstrapCustomers, { draws, seed })`
 * (`method: 'bootstrap'`), which needs no Hessian.
 *
 * @example
 * const p = drawParameters(fitBetaGeo(cdnow), { draws: 1000, seed: 7 });
 * p.values[0 * 4 + 0]; // r of the first draw, near 0.243
 * drawParameters(degenerateFit, { draws: 200, bootstrapCustomers: cdnow }).method; // 'bootstrap'
 */
export function drawParameters(fit: FitWithCovariance, options: DrawParametersOptions = {}): ParameterDraws {
  if (options === null || typeof options !== 'object') return drawParametersWith(MODELS, fit, options);
  // One reading of the caller's options (a throwing getter is the caller's ClvValidationError).
  const { bootstrapCustomers, ...drawOptions } = guardedRead('drawParameters', 'options', () => ({
    ...options,
  }));
  if (bootstrapCustomers === undefined) return drawParametersWith(MODELS, fit, drawOptions);
  try {
    return drawParametersWith(MODELS, fit, drawOptions);
  } catch (error) {
    if (!(error instanceof ClvFitError)) throw error;
    return bootstrapParameters(fit, bootstrapCustomers, drawOptions);
  }
}

/** Options of `drawParameters`: the draws, and what to do when the fit's parameters are not identified. */
export interface DrawParametersOptions extends ParameterDrawOptions {
  /**
   * The data the fit was made on (customers; Gamma-Gamma's repeat spenders; the sBG's `{ survivors }`). When the
   * fit's covariance is not positive definite (a Hessian that does not identify the parameters; `ClvFitError`
   * otherwise), the draws are a bootstrap over these customers instead (`bootstrapParameters`, refits from the
   * estimate; CLVTools' "boots").
   */
  readonly bootstrapCustomers?: CustomersInput | SpendInput | ShiftedBetaGeometricData;
}

/**
 * The predictive distribution of each customer's revenue over the horizon and of their discounted CLV, by Monte
 * Carlo: purchases per step from the transaction model's posterior predictive (process noise included, and the
 * parameters' uncertainty with `parameterDraws`), each step's purchases valued by Gamma-Gamma's posterior of the
 * customer's spend (Fader, Hardie & Lee 2005, "RFM and CLV", JMR 42(4)), and discounted by the point CLV's rule:
 *
 *   N_ik⁽ᵈ⁾ ~ p(purchases in step k | x_i, t_x,i, T_i, θ⁽ᵈ⁾),   ν_i⁽ᵈ⁾ ~ Gamma(q + p x_i, γ + x_i m̄_i),
 *   R_ik⁽ᵈ⁾ ~ Gamma(p N_ik⁽ᵈ⁾, ν_i⁽ᵈ⁾),   revenue_i⁽ᵈ⁾ = Σ_k R_ik⁽ᵈ⁾,   CLV_i⁽ᵈ⁾ = m Σ_k R_ik⁽ᵈ⁾ / (1 + d)^k.
 *
 * E[CLV_i] is `predictCustomerLifetimeValue`'s figure (same input); the intervals are the draws' quantiles
 * (Hyndman & Fan definition 1), as money rounded to the cent in `money`. The groups' sums come from the joint
 * draws (customers are independent given θ), never from adding quantiles. Spend is valued per purchase (its
 * own noise included): the predictive of the amount actually spent, not of the expected spend.
 *
 * @example
 * const v = predictiveLifetimeValue({ transactionModel: bg, spendModel: gg, customers, timeUnit: 'week' },
 *   { parameterDraws: drawParameters(bg), quantiles: [0.05, 0.95] });
 * v.clv.money.quantiles[1][0]; // the 95 % upper bound of customer 1's 12-month CLV, in cents
 * v.totals[0].clv.money.quantiles; // the whole base's
 */
export function predictiveLifetimeValue(
  input: LifetimeValueInput,
  options: PredictiveValueOptions = {},
): PredictiveValue {
  return predictiveLifetimeValueWith(MODELS, input, options);
}
