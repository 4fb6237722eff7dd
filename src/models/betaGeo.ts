/**
 * The BG/NBD model (Fader, Hardie & Lee 2005, "'Counting your customers' the easy way: an alternative to the
 * Pareto/NBD model", Marketing Science 24(2), 275–284).
 *
 * While alive, a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each repeat purchase
 * they drop out with probability p ~ Beta(a, b). A customer is summarised by x repeat purchases, the age t_x
 * at the last one and the age T at the end of calibration (FHL 2005, eq. 6):
 *
 *   L(r, α, a, b | x, t_x, T) = B(a, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
 *                               + δ_{x>0} B(a+1, b+x−1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x)).
 *
 * The MBG/NBD (see `modifiedBetaGeo.ts`) differs only in allowing a drop-out at time 0 too: in both, with
 * s = 0 (BG/NBD) or s = 1 (MBG/NBD) drop-out chances before the repeat purchases,
 *
 *   ln L = ln C − (r+x) ln(α+T) + ln(1 + [x+s>0] · a/(b+x+s−1) · ((α+T)/(α+t_x))^(r+x)),
 *   ln C = ln Γ(r+x) − ln Γ(r) + r ln α + ln Γ(b+x+s) − ln Γ(b) + ln Γ(a+b) − ln Γ(a+b+x+s),
 *
 * since B(a+1, b+x+s−1)/B(a, b+x+s) = a/(b+x+s−1). This file holds that shared family ("BG family") — its
 * likelihood with analytic gradient and its predictions — and the BG/NBD description built from it.
 */

import { type CustomerColumns, type CustomersInput, customerColumns } from './data/customers.js';
import { type GroupedCustomers, groupCustomers } from './data/groupCustomers.js';
import { type Fit, type FitOptions, fitModel } from './fit/fitModel.js';
import type { ModelDefinition } from './fit/modelDefinition.js';
import type { ModelPredictions } from './predict.js';
import { digamma } from './special/digamma.js';
import { logHyp2f1 } from './special/hyp2f1.js';
import { lgamma } from './special/lgamma.js';

/** BG/NBD and MBG/NBD parameters: λ ~ Gamma(r, α) (α in the customers' time unit), p ~ Beta(a, b). */
export interface BetaGeoParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

export const BETA_GEO_PARAMS = ['r', 'alpha', 'a', 'b'] as const;

/**
 * Σ_i w_i ln L_i of the BG family over grouped customers, with ∂/∂(r, α, a, b) written into `grad`.
 * Terms of ln Γ and ψ are computed once per distinct x, ln(α+T) once per distinct T, ln(α+t_x) once per
 * distinct t_x; per group only the mixing term ln(1 + c e^ρ) is left. Stable in log space for x, T up to 1e4
 * and parameters 1e-6..1e6.
 *
 * ∂ln L/∂r = ψ(r+x) − ψ(r) + ln α − ln(α+T) + σ (ln(α+T) − ln(α+t_x))
 * ∂ln L/∂α = r/α − (r+x)/(α+T) + σ (r+x) (1/(α+T) − 1/(α+t_x))
 * ∂ln L/∂a = ψ(a+b) − ψ(a+b+x+s) + σ/a
 * ∂ln L/∂b = ψ(b+x+s) − ψ(b) + ψ(a+b) − ψ(a+b+x+s) − σ/(b+x+s−1)
 * with σ = c e^ρ/(1 + c e^ρ) the posterior weight of "dropped out after the last purchase".
 *
 * @example betaGeoFamilyLogLikelihood(0, Float64Array.of(0.243, 4.414, 0.793, 2.426), groupCustomers(customerColumns(cdnow))) // ≈ −9582.43
 */
export function betaGeoFamilyLogLikelihood(
  shift: 0 | 1,
  params: Float64Array,
  data: GroupedCustomers,
  grad?: Float64Array,
): number {
  const r = params[0] as number;
  const alpha = params[1] as number;
  const a = params[2] as number;
  const b = params[3] as number;
  const xl = data.frequencyLevels;
  const tl = data.ageLevels;
  const rl = data.recencyLevels;
  const nx = xl.values.length;

  const lgR = lgamma(r);
  const lgB = lgamma(b);
  const lgAB = lgamma(a + b);
  const psiR = digamma(r);
  const psiB = digamma(b);
  const psiAB = digamma(a + b);
  const logA = Math.log(a);
  let ll = 0;
  let gr = 0;
  let galpha = 0;
  let ga = 0;
  let gb = 0;

  // Per distinct x: the ln Γ terms of ln C and ln c = ln a − ln(b+x+s−1).
  const logC2 = new Float64Array(nx);
  const inv2 = new Float64Array(nx);
  for (let k = 0; k < nx; k++) {
    const x = xl.values[k] as number;
    const w = xl.weights[k] as number;
    const xs = x + shift;
    if (xs > 0) {
      const bx1 = b + xs - 1;
      logC2[k] = logA - Math.log(bx1);
      inv2[k] = 1 / bx1;
    }
    if (xs === 0 || w === 0) continue;
    const abx = a + b + xs;
    ll += w * (lgamma(r + x) - lgR + lgamma(b + xs) - lgB + lgAB - lgamma(abx));
    if (grad) {
      const psiABX = digamma(abx);
      if (x > 0) gr += w * (digamma(r + x) - psiR);
      ga += w * (psiAB - psiABX);
      gb += w * (digamma(b + xs) - psiB + psiAB - psiABX);
    }
  }
  // Per distinct T and t_x: ln(α + ·) and 1/(α + ·).
  const logT = new Float64Array(tl.values.length);
  const invT = new Float64Array(tl.values.length);
  for (let k = 0; k < logT.length; k++) {
    const v = alpha + (tl.values[k] as number);
    logT[k] = Math.log(v);
    invT[k] = 1 / v;
  }
  const logR = new Float64Array(rl.values.length);
  const invR = new Float64Array(rl.values.length);
  for (let k = 0; k < logR.length; k++) {
    const v = alpha + (rl.values[k] as number);
    logR[k] = Math.log(v);
    invR[k] = 1 / v;
  }

  const logAlpha = Math.log(alpha);
  const n = data.count;
  ll += n * r * logAlpha;
  gr += n * logAlpha;
  galpha += (n * r) / alpha;

  const xv = xl.values;
  const xc = xl.code;
  const tc = tl.code;
  const rc = rl.code;
  const weights = data.weights;
  const groups = weights.length;
  for (let i = 0; i < groups; i++) {
    const w = weights[i] as number;
    const kx = xc[i] as number;
    const kt = tc[i] as number;
    const x = xv[kx] as number;
    const rx = r + x;
    const d1 = logT[kt] as number;
    ll -= w * rx * d1;
    if (x + shift > 0) {
      const kr = rc[i] as number;
      const gap = d1 - (logR[kr] as number);
      const z = (logC2[kx] as number) + rx * gap;
      const e = Math.exp(-Math.abs(z));
      const sigma = z > 0 ? 1 / (1 + e) : e / (1 + e);
      // ln(1 + e^z) = max(z, 0) + ln(1 + e^{−|z|}); σ = e^z/(1 + e^z).
      ll += w * (Math.max(z, 0) + Math.log1p(e));
      if (grad) {
        const ws = w * sigma;
        gr += ws * gap - w * d1;
        galpha += ws * rx * ((invT[kt] as number) - (invR[kr] as number)) - w * rx * (invT[kt] as number);
        ga += ws / a;
        gb -= ws * (inv2[kx] as number);
      }
    } else if (grad) {
      gr -= w * d1;
      galpha -= w * rx * (invT[kt] as number);
    }
  }
  if (grad) {
    grad[0] = gr;
    grad[1] = galpha;
    grad[2] = ga;
    grad[3] = gb;
  }
  return ll;
}

/**
 * A starting point: r = 1, α = Σ w T / Σ w x (so r/α is the observed purchase rate), a = 1, b = 1.
 *
 * @example betaGeoInitialParams(groupCustomers(customerColumns(cdnow))) // [1, ≈56, 1, 1] on CDNOW
 */
export function betaGeoInitialParams(data: GroupedCustomers): Float64Array {
  let sx = 0;
  let sT = 0;
  for (let i = 0; i < data.weights.length; i++) {
    const w = data.weights[i] as number;
    sx += w * (data.frequency[i] as number);
    sT += w * (data.T[i] as number);
  }
  const alpha = sx > 0 && sT > 0 ? sT / sx : sT > 0 ? sT / data.count : 1;
  return Float64Array.of(1, alpha, 1, 1);
}

/**
 * A model of the BG family (BG/NBD when `variant` is 0, MBG/NBD when 1: the MBG/NBD lets a customer drop out
 * at time 0 too) as a model description for `fitModel`: one likelihood, one start, two names.
 */
export function betaGeoFamilyDefinition<M extends string>(
  variant: 0 | 1,
  model: M,
  label: string,
): ModelDefinition<GroupedCustomers> & { readonly model: M } {
  return {
    model,
    label,
    paramNames: BETA_GEO_PARAMS,
    logLikelihood: (params, data, grad) => betaGeoFamilyLogLikelihood(variant, params, data, grad),
    initialParams: betaGeoInitialParams,
    count: (data) => data.count,
  };
}

/** Fits a model of the BG family to customers: validated, identical customers grouped, then `fitModel`. */
export function fitBetaGeoFamily<M extends string>(
  definition: ModelDefinition<GroupedCustomers> & { readonly model: M },
  customers: CustomersInput,
  where: string,
  options?: FitOptions,
): Fit<M> {
  return fitModel(definition, groupCustomers(customerColumns(customers, where)), options) as Fit<M>;
}

/** The BG/NBD as a model description for `fitModel`. */
export const betaGeoDefinition = betaGeoFamilyDefinition(0, 'betaGeo', 'BG/NBD');

/**
 * Fits the BG/NBD model (Fader, Hardie & Lee 2005) by maximum likelihood to customers `{ frequency, recency, T }`
 * (rows or columns; identical customers are grouped first, so the cost grows with distinct (x, t_x, T)).
 * Parameters r, α (in the customers' time unit), a, b. See `fitModel` for options, intervals and errors.
 *
 * @example
 * const fit = fitBetaGeo(cdnow); // CDNOW in weeks: r ≈ 0.243, alpha ≈ 4.414, a ≈ 0.793, b ≈ 2.426, LL ≈ −9582.4
 */
export function fitBetaGeo(customers: CustomersInput, options?: FitOptions): Fit<'betaGeo'> {
  return fitBetaGeoFamily(betaGeoDefinition, customers, 'fitBetaGeo', options);
}

// ---------------------------------------------------------------------------------------------------------
// Predictions of the BG family (params are validated by the caller, customers already columnar).

/**
 * P(alive | x, t_x, T) = 1 / (1 + [x+s>0] · a/(b+x+s−1) · ((α+T)/(α+t_x))^(r+x))  (FHL 2005 eq. in §4;
 * Batislam et al. 2007 for s = 1), evaluated through the logistic function of the log-odds.
 */
export function betaGeoFamilyProbabilityAlive(
  shift: 0 | 1,
  p: BetaGeoParams,
  customers: CustomerColumns,
): Float64Array {
  const { r, alpha, a, b } = p;
  const { frequency, recency, T } = customers;
  const out = new Float64Array(frequency.length);
  const logA = Math.log(a);
  for (let i = 0; i < out.length; i++) {
    const x = frequency[i] as number;
    if (x + shift === 0) {
      out[i] = 1;
      continue;
    }
    const z =
      logA -
      Math.log(b + x + shift - 1) +
      (r + x) * (Math.log(alpha + (T[i] as number)) - Math.log(alpha + (recency[i] as number)));
    out[i] = z > 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
  }
  return out;
}

/**
 * Expected purchases in (T, T + t] given (x, t_x, T) (FHL 2005 eq. 10; Batislam et al. 2007 for s = 1):
 *
 *   E[Y(t) | x, t_x, T] = (a+b+x+s−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+s; a+b+x+s−1; t/(α+T+t))]
 *                         · P(alive | x, t_x, T),
 *
 * the bracket computed as −expm1(log of its second term). The ₂F₁ part depends on (x, T) only, so it is
 * computed once per distinct pair.
 */
export function betaGeoFamilyExpectedPurchases(
  shift: 0 | 1,
  p: BetaGeoParams,
  t: number,
  customers: CustomerColumns,
): Float64Array {
  const alive = betaGeoFamilyProbabilityAlive(shift, p, customers);
  if (t === 0) return alive.fill(0);
  const { frequency, T } = customers;
  const cache = new Map<number, Map<number, number>>();
  for (let i = 0; i < alive.length; i++) {
    const x = frequency[i] as number;
    const age = T[i] as number;
    let byAge = cache.get(x);
    if (byAge === undefined) {
      byAge = new Map();
      cache.set(x, byAge);
    }
    let unconditional = byAge.get(age);
    if (unconditional === undefined) {
      unconditional = aliveExpectedPurchases(shift, p, x, age, t);
      byAge.set(age, unconditional);
    }
    alive[i] = (alive[i] as number) * unconditional;
  }
  return alive;
}

/**
 * (a+b+x+s−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+s; a+b+x+s−1; z)], z = t/(α+T+t): expected
 * purchases in t given alive at T (never negative; rounding below 0 is clamped).
 *
 * - c = a+b+x+s−1 > 0: in log space, the bracket as −expm1(log of its second term).
 * - c ≤ 0 (BG/NBD, x = 0, a + b ≤ 1): the Gauss contiguous relation in c (A&S 15.2.12),
 *     c(c−1)(z−1) F(c−1) + c[c−1−(2c−A−B−1)z] F(c) + (c−A)(c−B) z F(c+1) = 0,
 *   written at c′ = c+1 gives c·F(c) from F(c+1), F(c+2) (both with positive c), so the expression is
 *   [c − q^(r+x) · c F(c)] / (a−1) with no division by c.
 * - |a − 1| < 1e-4, where both factors vanish: linear interpolation between a = 1 ± 1e-4 (error O(1e-8)).
 */
function aliveExpectedPurchases(shift: 0 | 1, p: BetaGeoParams, x: number, age: number, t: number): number {
  const { a } = p;
  if (Math.abs(a - 1) < NEAR_ONE) {
    const lo = aliveExpectedPurchasesAt(shift, { ...p, a: 1 - NEAR_ONE }, x, age, t);
    const hi = aliveExpectedPurchasesAt(shift, { ...p, a: 1 + NEAR_ONE }, x, age, t);
    return Math.max(0, lo + ((a - (1 - NEAR_ONE)) / (2 * NEAR_ONE)) * (hi - lo));
  }
  return Math.max(0, aliveExpectedPurchasesAt(shift, p, x, age, t));
}

const NEAR_ONE = 1e-4;

function aliveExpectedPurchasesAt(shift: 0 | 1, p: BetaGeoParams, x: number, age: number, t: number): number {
  const { r, alpha, a, b } = p;
  const base = alpha + age;
  const A = r + x;
  const B = b + x + shift;
  const c = a + b + x + shift - 1;
  const z = t / (base + t);
  const logQ = A * (Math.log(base) - Math.log(base + t));
  if (c > 0) return (c / (a - 1)) * -Math.expm1(logQ + logHyp2f1(A, B, c, z));
  const c1 = c + 1;
  // q^(r+x) F(c+1) and q^(r+x) F(c+2), combined in log space so neither factor overflows.
  const qf1 = Math.exp(logQ + logHyp2f1(A, B, c1, z));
  const qf2 = Math.exp(logQ + logHyp2f1(A, B, c1 + 1, z));
  const qcF =
    -(c1 * (c1 - 1 - (2 * c1 - A - B - 1) * z) * qf1 + (c1 - A) * (c1 - B) * z * qf2) / (c1 * (z - 1));
  return (c - qcF) / (a - 1);
}

/**
 * Expected repeat purchases of a new customer in (0, t]: the conditional expectation at x = t_x = T = 0, i.e.
 *   BG/NBD (FHL 2005 eq. 9): (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))];
 *   MBG/NBD: b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))].
 */
export function betaGeoFamilyExpectedPurchasesNewCustomer(shift: 0 | 1, p: BetaGeoParams, t: number): number {
  if (t === 0) return 0;
  const aliveAtStart = shift === 0 ? 1 : p.b / (p.a + p.b);
  return aliveAtStart * aliveExpectedPurchases(shift, p, 0, 0, t);
}

/**
 * P(X(t) = n) for a new customer (FHL 2005 eq. 8; the s = 1 analogue for MBG/NBD):
 *   B(a, b+n+s)/B(a, b) · NB(n) + [n+s>0] · B(a+1, b+n+s−1)/B(a, b) · (1 − Σ_{j<n} NB(j)),
 * with NB(j) = Γ(r+j)/(Γ(r) j!) (α/(α+t))^r (t/(α+t))^j the negative-binomial (Poisson–gamma) probabilities.
 */
export function betaGeoFamilyProbabilityOfPurchases(
  shift: 0 | 1,
  p: BetaGeoParams,
  n: number,
  t: number,
): number {
  const { r, alpha, a, b } = p;
  if (t === 0) return n === 0 ? 1 : 0;
  const logQ = Math.log(alpha) - Math.log(alpha + t); // ln(α/(α+t))
  const logP = Math.log(t) - Math.log(alpha + t); // ln(t/(α+t))
  const lgR = lgamma(r);
  const logNb = (j: number) => lgamma(r + j) - lgR - lgamma(j + 1) + r * logQ + j * logP;
  let below = 0;
  for (let j = 0; j < n; j++) below += Math.exp(logNb(j));
  const lbAB = lgamma(a) + lgamma(b) - lgamma(a + b);
  const ns = n + shift;
  const stay = Math.exp(lgamma(a) + lgamma(b + ns) - lgamma(a + b + ns) - lbAB + logNb(n));
  const drop =
    ns > 0
      ? Math.exp(lgamma(a + 1) + lgamma(b + ns - 1) - lgamma(a + b + ns) - lbAB) * Math.max(0, 1 - below)
      : 0;
  return stay + drop;
}

/** Reads r, α, a, b from a fit's params. */
export function betaGeoParams(params: Readonly<Record<string, number>>): BetaGeoParams {
  return {
    r: params.r as number,
    alpha: params.alpha as number,
    a: params.a as number,
    b: params.b as number,
  };
}

/** BG/NBD predictions for the registry of `predict.ts`. */
export const betaGeoPredictions: ModelPredictions = {
  probabilityAlive: (params, customers) => betaGeoFamilyProbabilityAlive(0, betaGeoParams(params), customers),
  expectedPurchases: (params, t, customers) =>
    betaGeoFamilyExpectedPurchases(0, betaGeoParams(params), t, customers),
  expectedPurchasesNewCustomer: (params, t) =>
    betaGeoFamilyExpectedPurchasesNewCustomer(0, betaGeoParams(params), t),
  probabilityOfPurchases: (params, n, t) =>
    betaGeoFamilyProbabilityOfPurchases(0, betaGeoParams(params), n, t),
};
