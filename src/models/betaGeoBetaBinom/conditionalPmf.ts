/** The conditional PMF of the BG/BB: P(X(n, n+n*) = x* | x, t_x, n). */
import type { CustomerColumns } from '../data/customers.js';
import { betaGeoBetaBinomLogAliveThrough, memoByPattern } from './posterior.js';

/**
 * P(x* transactions in the next n* opportunities) of a customer alive through the last observed opportunity,
 * with p ~ Beta(a, b) and θ ~ Beta(g, d) (the posterior, or the prior for a new customer). The customer stays
 * alive for K more opportunities, P(K = k) = E[θ(1−θ)^k] for k < n* and E[(1−θ)^n*] for k = n*, and transacts
 * Binomial(k, p) times in them (Fader, Hardie & Berger 2010, eq. 7, here with the posterior):
 *
 *   Σ_{k=x*}^{n*−1} C(k, x*) B(a+x*, b+k−x*)/B(a,b) · B(g+1, d+k)/B(g,d) + C(n*, x*) B(a+x*, b+n*−x*)/B(a,b) · B(g, d+n*)/B(g,d),
 *
 * each term from the previous by one ratio, O(n*).
 */
export function betaGeoBetaBinomAlivePmf(
  a: number,
  b: number,
  g: number,
  d: number,
  count: number,
  future: number,
): number {
  if (count > future) return 0;
  // W_k = C(k, x*) B(a+x*, b+k−x*)/B(a,b) at k = x*: Π_{j<x*} (a+j)/(a+b+j). S_k = B(g, d+k)/B(g,d).
  let w = 1;
  for (let j = 0; j < count; j++) w *= (a + j) / (a + b + j);
  let s = 1;
  for (let j = 0; j < count; j++) s *= (d + j) / (g + d + j);
  let total = 0;
  for (let k = count; k < future; k++) {
    total += w * s * (g / (g + d + k));
    w *= ((k + 1) / (k + 1 - count)) * ((b + k - count) / (a + b + k));
    s *= (d + k) / (g + d + k);
  }
  return total + w * s;
}

/**
 * P(X(n, n+n*) = x* | x, t_x, n) for every customer under the BG/BB (Fader, Hardie & Berger 2010, "Customer-base
 * analysis in a discrete-time noncontractual setting", Marketing Science 29(6); the conditional PMF of their
 * technical appendix): with P_n = P(alive through n | x, t_x, n) and the posterior p ~ Beta(α+x, β+n−x),
 * θ ~ Beta(γ, δ+n),
 *
 *   P(X = x* | x, t_x, n) = [x* = 0] (1 − P_n)
 *     + P_n · { Σ_{k=x*}^{n*−1} C(k,x*) B(α+x+x*, β+n−x+k−x*)/B(α+x, β+n−x) · B(γ+1, δ+n+k)/B(γ, δ+n)
 *               + C(n*,x*) B(α+x+x*, β+n−x+n*−x*)/B(α+x, β+n−x) · B(γ, δ+n+n*)/B(γ, δ+n) }.
 *
 * Customers as in `betaGeoBetaBinomPredictions`: `T` holds the opportunities n, `recency` t_x (whole numbers).
 * Params α, β, γ, δ by name. Kernel: inputs already valid, `count` x* and `future` n* whole; O(n + n*) per
 * distinct pattern (x, t_x, n), memoised.
 *
 * @example
 * betaGeoBetaBinomConditionalPmf({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, 0, 5, donors) // P(no donation in the next 5 years)
 */
export function betaGeoBetaBinomConditionalPmf(
  params: Readonly<Record<string, number>>,
  count: number,
  future: number,
  customers: CustomerColumns,
): Float64Array {
  const { alpha, beta, gamma, delta } = params as {
    alpha: number;
    beta: number;
    gamma: number;
    delta: number;
  };
  const { frequency, recency, T } = customers;
  const out = new Float64Array(frequency.length);
  const value = memoByPattern((x, tx, n) => {
    const alive = Math.exp(betaGeoBetaBinomLogAliveThrough(alpha, beta, gamma, delta, x, tx, n));
    const pmf = betaGeoBetaBinomAlivePmf(alpha + x, beta + n - x, gamma, delta + n, count, future);
    return alive * pmf + (count === 0 ? 1 - alive : 0);
  });
  for (let i = 0; i < out.length; i++)
    out[i] = value(frequency[i] as number, recency[i] as number, T[i] as number);
  return out;
}
