/**
 * The sBG's predictions for individual customers (Fader & Hardie 2007, "How to project customer retention",
 * Journal of Interactive Marketing 21(1); Fader & Hardie 2010, Marketing Science 29(1)), in the verbs' terms:
 * a customer observed over T renewal decisions made x ≤ T renewals (`frequency`; `recency` = x); x = T means
 * still active, x < T means the customer left at decision x + 1 (contractual churn is observed). With the
 * survival function S(t) = B(α, β+t)/B(α, β) = Π_{j<t} (β+j)/(α+β+j):
 *
 * - P(alive after the next decision) = S(T+1)/S(T) = (β+T)/(α+β+T) for an active customer, 0 after churn;
 * - expected renewals in the next t decisions: Σ_{k=1}^t S(T+k)/S(T); of a new customer Σ_{k=1}^t S(k);
 * - P(n renewals in t decisions) of a new customer: S(n) − S(n+1) for n < t, S(t) for n = t;
 *   conditionally on being active at T: [S(T+n) − S(T+n+1)]/S(T) and S(T+t)/S(T);
 * - discounted expected residual renewals Σ_{k≥1} S(T+k)/S(T) (1+d)^−k = DERL(d | α, β, T)/(1+d) (FH 2010 eq. 6,
 *   whose first payment, at the decision itself, is undiscounted);
 * - ln L_i = ln S(T) when active, ln(S(x) − S(x+1)) = ln S(x) + ln(α/(α+β+x)) after churn.
 */
import type { CustomerColumns } from '../data/customers.js';
import type { ModelParams } from '../model.js';
import { logHyp2f1 } from '../special/hyp2f1.js';
import { logBeta } from '../special/logBeta.js';

/** sBG parameters: churn probability θ ~ Beta(α, β). */
export interface ShiftedBetaGeometricParams {
  readonly alpha: number;
  readonly beta: number;
}

/** The parameters of a validated params record. */
export function shiftedBetaGeometricParams(params: ModelParams): ShiftedBetaGeometricParams {
  return { alpha: params.alpha as number, beta: params.beta as number };
}

/** ln S(t) = Σ_{j<t} ln((β+j)/(α+β+j)), summed term by term (exact for any size of β). */
export function logSurvival(p: ShiftedBetaGeometricParams, t: number): number {
  let s = 0;
  for (let j = 0; j < t; j++) s -= Math.log1p(p.alpha / (p.beta + j));
  return s;
}

/** Per customer: `f(x, T)` for active customers (x = T), `churned` otherwise. */
function perCustomer(c: CustomerColumns, f: (T: number) => number, churned: number): Float64Array {
  const out = new Float64Array(c.frequency.length);
  const cache = new Map<number, number>();
  for (let i = 0; i < out.length; i++) {
    const T = c.T[i] as number;
    if ((c.frequency[i] as number) < T) {
      out[i] = churned;
      continue;
    }
    let v = cache.get(T);
    if (v === undefined) {
      v = f(T);
      cache.set(T, v);
    }
    out[i] = v;
  }
  return out;
}

/** Σ_{k=1}^t S(T+k)/S(T): expected renewals in t more decisions of a customer active at T. */
function renewalsAhead(p: ShiftedBetaGeometricParams, T: number, t: number): number {
  let ratio = 1;
  let sum = 0;
  for (let k = 1; k <= t; k++) {
    ratio *= (p.beta + (T + k - 1)) / (p.alpha + p.beta + (T + k - 1));
    sum += ratio;
  }
  return sum;
}

/** P(n renewals in t decisions | active at T): [S(T+n) − S(T+n+1)]/S(T) for n < t, S(T+t)/S(T) for n = t. */
function renewalProbability(p: ShiftedBetaGeometricParams, T: number, n: number, t: number): number {
  if (n > t) return 0;
  const lead = Math.exp(logSurvival(p, T + n) - logSurvival(p, T));
  return n === t ? lead : lead * (p.alpha / (p.alpha + p.beta + T + n));
}

/** @see the file's summary. @example shiftedBetaGeometricProbabilityAlive({ alpha: 0.704, beta: 1.182 }, active(0))[0] // 0.627 */
export function shiftedBetaGeometricProbabilityAlive(
  p: ShiftedBetaGeometricParams,
  c: CustomerColumns,
): Float64Array {
  return perCustomer(c, (T) => (p.beta + T) / (p.alpha + p.beta + T), 0);
}

/** Expected renewals in the next t decisions, per customer (0 after churn). */
export function shiftedBetaGeometricExpectedPurchases(
  p: ShiftedBetaGeometricParams,
  t: number,
  c: CustomerColumns,
): Float64Array {
  return perCustomer(c, (T) => renewalsAhead(p, T, t), 0);
}

/** Expected renewals of a new customer in t decisions: Σ_{k=1}^t S(k). */
export function shiftedBetaGeometricExpectedPurchasesNewCustomer(
  p: ShiftedBetaGeometricParams,
  t: number,
): number {
  return renewalsAhead(p, 0, t);
}

/** A new customer's P(n renewals in t decisions). */
export function shiftedBetaGeometricProbabilityOfPurchases(
  p: ShiftedBetaGeometricParams,
  n: number,
  t: number,
): number {
  return renewalProbability(p, 0, n, t);
}

/** P(n renewals in the next t decisions | history), per customer (after churn: 1 for n = 0). */
export function shiftedBetaGeometricConditionalProbabilityOfPurchases(
  p: ShiftedBetaGeometricParams,
  n: number,
  t: number,
  c: CustomerColumns,
): Float64Array {
  return perCustomer(c, (T) => renewalProbability(p, T, n, t), n === 0 ? 1 : 0);
}

/**
 * DERL(d | α, β, n−1) = B(α, β+n)/B(α, β+n−1) · ₂F₁(1, β+n; α+β+n; 1/(1+d)) (Fader & Hardie 2010, eq. 6):
 * the discounted expected residual lifetime, in periods, just before the n-th renewal decision.
 */
export function shiftedBetaGeometricResidualLifetime(
  p: ShiftedBetaGeometricParams,
  discountRate: number,
  renewals: number,
): number {
  const n = renewals + 1;
  const lead = logBeta(p.alpha, p.beta + n) - logBeta(p.alpha, p.beta + (n - 1));
  return Math.exp(lead + logHyp2f1(1, p.beta + n, p.alpha + p.beta + n, 1 / (1 + discountRate)));
}

/** Σ_{k≥1} S(T+k)/S(T) (1+d)^−k = DERL(d | α, β, T)/(1+d), per customer (0 after churn). */
export function shiftedBetaGeometricDiscountedResidualPurchases(
  p: ShiftedBetaGeometricParams,
  discountRate: number,
  c: CustomerColumns,
): Float64Array {
  return perCustomer(
    c,
    (T) => shiftedBetaGeometricResidualLifetime(p, discountRate, T) / (1 + discountRate),
    0,
  );
}

/** ln L_i: ln S(T) when active, ln S(x) + ln(α/(α+β+x)) after churn at decision x + 1. */
export function shiftedBetaGeometricCustomerLogLikelihood(
  p: ShiftedBetaGeometricParams,
  c: CustomerColumns,
): Float64Array {
  const out = new Float64Array(c.frequency.length);
  for (let i = 0; i < out.length; i++) {
    const x = c.frequency[i] as number;
    const T = c.T[i] as number;
    out[i] = logSurvival(p, x) + (x < T ? Math.log(p.alpha / (p.alpha + p.beta + x)) : 0);
  }
  return out;
}
