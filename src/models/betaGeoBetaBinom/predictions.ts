/**
 * The BG/BB's closed forms (Fader, Hardie & Berger 2010, "Customer-base analysis in a discrete-time
 * noncontractual setting", Marketing Science 29(6)), columnar: customers are (x, t_x, n) with n in `T`, and
 * each distinct pattern is computed once (a million donors fall into a few hundred patterns).
 */
import type { CustomerColumns } from '../data/customers.js';
import { groupCustomers } from '../data/groupCustomers.js';
import type { ModelParams } from '../model.js';
import { digamma } from '../special/digamma.js';
import { lgamma } from '../special/lgamma.js';
import { customerTerms, logSumExpTerms } from './likelihood.js';

/** BG/BB parameters: transaction probability p ~ Beta(α, β), dropout probability θ ~ Beta(γ, δ). */
export interface BetaGeoBetaBinomParams {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly delta: number;
}

/** The parameters of a validated params record. */
export function betaGeoBetaBinomParams(params: ModelParams): BetaGeoBetaBinomParams {
  return {
    alpha: params.alpha as number,
    beta: params.beta as number,
    gamma: params.gamma as number,
    delta: params.delta as number,
  };
}

/** log L of one pattern, and the log of its last term (alive through n). */
function logLikelihoodOne(
  p: BetaGeoBetaBinomParams,
  x: number,
  tx: number,
  n: number,
): { readonly ll: number; readonly alive: number } {
  const terms = new Float64Array(5 * (n - tx + 1));
  const count = customerTerms(p.alpha, p.beta, p.gamma, p.delta, x, tx, n, terms, false);
  return { ll: logSumExpTerms(terms, count), alive: terms[5 * (count - 1)] as number };
}

/** Computes `f` once per distinct (x, t_x, n) and scatters the values back to the customers. */
function perPattern(c: CustomerColumns, f: (x: number, tx: number, n: number) => number): Float64Array {
  const groups = groupCustomers(c);
  const values = new Float64Array(groups.weights.length);
  for (let g = 0; g < values.length; g++)
    values[g] = f(groups.frequency[g] as number, groups.recency[g] as number, groups.T[g] as number);
  const out = new Float64Array(c.frequency.length);
  for (let i = 0; i < out.length; i++) out[i] = values[groups.groupOf[i] as number] as number;
  return out;
}

/**
 * P(alive at opportunity n+1 | x, t_x, n) = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ) / L (FHB 2010, eq. 11).
 *
 * @example betaGeoBetaBinomProbabilityAlive(donationParams, { frequency: [3], recency: [6], T: [6] })[0] // ≈ 0.930
 */
export function betaGeoBetaBinomProbabilityAlive(
  p: BetaGeoBetaBinomParams,
  c: CustomerColumns,
): Float64Array {
  return perPattern(c, (x, tx, n) => {
    const { ll, alive } = logLikelihoodOne(p, x, tx, n);
    // Alive at n+1: one more survival factor (δ+n)/(γ+δ+n) on the "alive through n" term.
    return Math.min(1, Math.exp(alive - Math.log1p(p.gamma / (p.delta + n)) - ll));
  });
}

/** Above this many future opportunities the closed form replaces the direct sum. */
const DIRECT_SUM_LIMIT = 10_000;

/**
 * Expected transactions in the next `future` opportunities n+1, …, n+future (FHB 2010, eq. 13):
 *
 *   E[X(n, n+n*) | x, t_x, n] = B(α+x+1, β+n−x)/B(α,β) / L · Σ_{k=1}^{n*} B(γ, δ+n+k)/B(γ,δ),
 *
 * whose sum is, in the paper's closed form, δ/(γ−1) · Γ(γ+δ)/Γ(1+δ) · [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+n*)/Γ(γ+δ+n+n*)].
 * The sum is taken term by term (exact at γ = 1) up to 10,000 opportunities, in closed form beyond.
 *
 * @example betaGeoBetaBinomExpectedPurchases(donationParams, 5, { frequency: [3], recency: [6], T: [6] })[0] // ≈ 2.19
 */
export function betaGeoBetaBinomExpectedPurchases(
  p: BetaGeoBetaBinomParams,
  future: number,
  c: CustomerColumns,
): Float64Array {
  if (future === 0) return new Float64Array(c.frequency.length);
  const { alpha: a, beta: b, gamma: g, delta: d } = p;
  return perPattern(c, (x, tx, n) => {
    const { ll, alive } = logLikelihoodOne(p, x, tx, n);
    // B(α+x+1, β+n−x)/B(α,β) = (α+x)/(α+β+n) · B(α+x, β+n−x)/B(α,β); alive = that ratio's log + log S_θ(n).
    let logS = 0; // log B(γ, δ+n)/B(γ,δ)
    for (let j = 0; j < n; j++) logS -= Math.log1p(g / (d + j));
    const lead = alive - logS + Math.log((a + x) / (a + b + n)) - ll;
    let sum: number;
    if (future <= DIRECT_SUM_LIMIT || Math.abs(g - 1) < 1e-6) {
      sum = 0;
      let term = logS;
      const last = Math.min(future, DIRECT_SUM_LIMIT);
      for (let k = 1; k <= last; k++) {
        term -= Math.log1p(g / (d + (n + k - 1)));
        sum += Math.exp(term);
      }
      if (future > last) sum += d * (digamma(1 + d + n + future) - digamma(1 + d + n + last));
    } else {
      const ratio = (m: number) => Math.exp(lgamma(1 + d + m) - lgamma(g + d + m));
      sum = (d / (g - 1)) * Math.exp(lgamma(g + d) - lgamma(1 + d)) * (ratio(n) - ratio(n + future));
    }
    return Math.exp(lead) * sum;
  });
}

/**
 * ln L_i per customer (FHB 2010, eq. 5); weights ignored.
 *
 * @example betaGeoBetaBinomCustomerLogLikelihood(donationParams, donations) // weighted sum ≈ −33,225.6
 */
export function betaGeoBetaBinomCustomerLogLikelihood(
  p: BetaGeoBetaBinomParams,
  c: CustomerColumns,
): Float64Array {
  return perPattern(c, (x, tx, n) => logLikelihoodOne(p, x, tx, n).ll);
}
