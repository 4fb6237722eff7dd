/**
 * The Pareto/NBD's closed forms (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005, "A note on deriving
 * the Pareto/NBD model and related expressions"; Fader & Hardie 2006, "Deriving an expression for P(X(t) = x)
 * under the Pareto/NBD model"), columnar over validated customers. Each expression is written once here.
 */
import type { CustomerColumns } from '../data/customers.js';
import type { ModelParams } from '../model.js';
import { lgamma } from '../special/lgamma.js';
import { logConcaveIntegral } from '../special/logConcaveIntegral.js';
import { logDiffExp, logSumExp } from '../special/logSumExp.js';
import { paretoNbdLogTail } from '../special/paretoNbdTail.js';

/** Pareto/NBD parameters: purchase rate λ ~ Gamma(r, α), dropout rate μ ~ Gamma(s, β). */
export interface ParetoNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly s: number;
  readonly beta: number;
}

/** The parameters of a validated params record. */
export function paretoNbdParams(params: ModelParams): ParetoNbdParams {
  return {
    r: params.r as number,
    alpha: params.alpha as number,
    s: params.s as number,
    beta: params.beta as number,
  };
}

/**
 * One customer's likelihood in two parts, in logs: lE = log of E = (α+T)^−(r+x) (β+T)^−s ("alive at T") and
 * lA = log of s (J(t_x) − J(T)) ("died in (t_x, T]"); L = Γ(r+x) α^r β^s / Γ(r) · (E + A). Writes into `out`
 * [lE, lA]; `scratch` holds 4 numbers for the tail's partials.
 */
function logParts(
  p: ParetoNbdParams,
  x: number,
  tx: number,
  T: number,
  scratch: Float64Array,
  out: Float64Array,
): void {
  const { r, alpha, s, beta } = p;
  out[0] = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  if (tx >= T) {
    out[1] = Number.NEGATIVE_INFINITY;
    return;
  }
  const tail = (t: number) =>
    alpha < beta
      ? paretoNbdLogTail(s + 1, r + x, beta, alpha, t, scratch, 0)
      : paretoNbdLogTail(r + x, s + 1, alpha, beta, t, scratch, 0);
  const lJx = tail(tx);
  const lJT = tail(T);
  out[1] = lJx > lJT ? Math.log(s) + logDiffExp(lJx, lJT) : Number.NEGATIVE_INFINITY;
}

/** P(alive | parts) = E / (E + A) (Fader & Hardie 2005, eq. 18). */
function aliveOf(parts: Float64Array): number {
  const lE = parts[0] as number;
  const lA = parts[1] as number;
  return lA === Number.NEGATIVE_INFINITY ? 1 : Math.exp(lE - logSumExp(lE, lA));
}

/** (1 − e^{−cL}) / c, continuous at c = 0 (value L). */
function growth(c: number, L: number): number {
  return Math.abs(c * L) < 1e-12 ? L : -Math.expm1(-c * L) / c;
}

/**
 * P(alive at T | x, t_x, T) = (α+T)^−(r+x) (β+T)^−s / [ (α+T)^−(r+x) (β+T)^−s + s (J(t_x) − J(T)) ]
 * (Fader & Hardie 2005, eq. 18) per customer.
 *
 * @example paretoNbdProbabilityAliveColumns(paretoNbdParams({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }), { frequency: Float64Array.of(2), recency: Float64Array.of(30.43), T: Float64Array.of(38.86), weights: undefined })[0] // ≈ 0.869
 */
export function paretoNbdProbabilityAliveColumns(p: ParetoNbdParams, c: CustomerColumns): Float64Array {
  const out = new Float64Array(c.frequency.length);
  const scratch = new Float64Array(4);
  const parts = new Float64Array(2);
  for (let i = 0; i < out.length; i++) {
    logParts(p, c.frequency[i] as number, c.recency[i] as number, c.T[i] as number, scratch, parts);
    out[i] = aliveOf(parts);
  }
  return out;
}

/**
 * E[Y(t) | x, t_x, T] = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive | x, t_x, T)
 * (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005, eq. 22), evaluated as
 * (r+x)/(α+T) · (β+T)(1 − e^{−(s−1)L})/(s−1), L = log(1 + t/(β+T)), continuous at s = 1.
 *
 * @example paretoNbdExpectedPurchasesColumns(cdnowParams, 39, oneCustomer)[0] // ≈ 1.455 for (2, 30.43, 38.86)
 */
export function paretoNbdExpectedPurchasesColumns(
  p: ParetoNbdParams,
  t: number,
  c: CustomerColumns,
): Float64Array {
  const alive = paretoNbdProbabilityAliveColumns(p, c);
  for (let i = 0; i < alive.length; i++) {
    const x = c.frequency[i] as number;
    const bT = p.beta + (c.T[i] as number);
    alive[i] =
      ((p.r + x) / (p.alpha + (c.T[i] as number))) *
      bT *
      growth(p.s - 1, Math.log1p(t / bT)) *
      (alive[i] as number);
  }
  return alive;
}

/**
 * ln L_i per customer: ln Γ(r+x) − ln Γ(r) + r ln α + s ln β + ln(E + A) (Fader & Hardie 2005, eq. 12).
 *
 * @example paretoNbdCustomerLogLikelihood(cdnowParams, cdnowColumns) // sums to ≈ −9,595.0
 */
export function paretoNbdCustomerLogLikelihood(p: ParetoNbdParams, c: CustomerColumns): Float64Array {
  const out = new Float64Array(c.frequency.length);
  const scratch = new Float64Array(4);
  const parts = new Float64Array(2);
  const common = -lgamma(p.r) + p.r * Math.log(p.alpha) + p.s * Math.log(p.beta);
  for (let i = 0; i < out.length; i++) {
    const x = c.frequency[i] as number;
    logParts(p, x, c.recency[i] as number, c.T[i] as number, scratch, parts);
    const lE = parts[0] as number;
    const lA = parts[1] as number;
    out[i] = lgamma(p.r + x) + common + (lA === Number.NEGATIVE_INFINITY ? lE : logSumExp(lE, lA));
  }
  return out;
}

/**
 * E[X(t)] of a new customer = r β / (α (s−1)) · [1 − (β/(β+t))^(s−1)], continuous at s = 1 (value
 * (r β/α) log(1 + t/β)) (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005, eq. 17).
 *
 * @example paretoNbdExpectedPurchasesNewCustomer(paretoNbdParams({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }), 39) // ≈ 1.213
 */
export function paretoNbdExpectedPurchasesNewCustomer(p: ParetoNbdParams, t: number): number {
  return (p.r / p.alpha) * p.beta * growth(p.s - 1, Math.log1p(t / p.beta));
}

/**
 * P(X(t) = n) of a new customer, conditioning on the lifetime τ (Fader & Hardie 2006, "Deriving an
 * expression for P(X(t) = x) under the Pareto/NBD model"):
 *
 *   P(X(t)=n) = Γ(r+n)/(Γ(r) n!) (α/(α+t))^r (t/(α+t))^n (β/(β+t))^s
 *             + s α^r β^s Γ(r+n)/(Γ(r) n!) ∫_0^t τ^n (α+τ)^−(r+n) (β+τ)^−(s+1) dτ.
 *
 * The note writes the integral with ₂F₁ sums that cancel for large n; here it is computed in log space over
 * u = ln τ, where the integrand e^{φ(u)}, φ(u) = (n+1)u − (r+n) ln(α+e^u) − (s+1) ln(β+e^u), is log-concave
 * (ln(c + e^u) is convex) with one peak where φ'(u) = 0, found by bisection: `logConcaveIntegral` walks panels
 * out from it, as narrow as its features at τ ≈ α, β and nα/r need. (A fixed grid of 32 panels on [0, t] missed
 * the spike of (β+τ)^−(s+1) at β = 0.001: P(X(39) = 0) came out 0.67 where it is 0.996.)
 *
 * @example paretoNbdProbabilityOfPurchases(paretoNbdParams({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }), 0, 39) // ≈ 0.594
 */
export function paretoNbdProbabilityOfPurchases(p: ParetoNbdParams, n: number, t: number): number {
  const { r, alpha, s, beta } = p;
  if (t === 0) return n === 0 ? 1 : 0;
  const lead = lgamma(r + n) - lgamma(r) - lgamma(n + 1);
  const first =
    lead +
    r * Math.log(alpha / (alpha + t)) +
    (n === 0 ? 0 : n * Math.log(t / (alpha + t))) +
    s * Math.log(beta / (beta + t));
  const up = r + n; // the exponent of α + τ
  const down = s + 1; // the exponent of β + τ
  // e^u/(c + e^u) = 1/(1 + c e^{−u}), computed without overflow.
  const share = (c: number, u: number) => 1 / (1 + Math.exp(Math.log(c) - u));
  const logPlus = (c: number, u: number) =>
    u > Math.log(c) ? u + Math.log1p(c * Math.exp(-u)) : Math.log(c) + Math.log1p(Math.exp(u) / c);
  const phi = (u: number) => (n + 1) * u - up * logPlus(alpha, u) - down * logPlus(beta, u);
  const slope = (u: number) => n + 1 - up * share(alpha, u) - down * share(beta, u);
  const curvature = (u: number) => {
    const a = share(alpha, u);
    const b = share(beta, u);
    return -up * a * (1 - a) - down * b * (1 - b);
  };
  // φ' falls from n + 1 to −(r + s): it is positive below m (n+1)/(r+n+s+1) and negative above
  // M (r+n+s+1)/(r+s), m and M the smaller and larger of α and β.
  const total = r + n + s + 1;
  let lo = Math.log((Math.min(alpha, beta) * (n + 1)) / total) - 1;
  let hi = Math.log((Math.max(alpha, beta) * total) / (r + s)) + 1;
  const upper = Math.log(t);
  let peak: number;
  if (slope(upper) >= 0) peak = upper;
  else {
    hi = Math.min(hi, upper);
    for (let k = 0; k < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(lo)); k++) {
      const mid = (lo + hi) / 2;
      if (slope(mid) > 0) lo = mid;
      else hi = mid;
    }
    peak = (lo + hi) / 2;
  }
  const second =
    lead +
    Math.log(s) +
    r * Math.log(alpha) +
    s * Math.log(beta) +
    logConcaveIntegral({ phi, slope, curvature, peak, upper });
  return Math.exp(logSumExp(first, second));
}
