/** Discounted expected residual transactions (DERT) of the BG/BB. */
import type { CustomerColumns } from '../data/customers.js';
import { logHyp2f1UnitA } from '../special/hyp2f1.js';
import { betaGeoBetaBinomLogAliveThrough, memoByPattern } from './posterior.js';

/**
 * DERT of every customer under the BG/BB with a discount rate d per opportunity, the transaction at opportunity
 * n+k discounted by (1+d)^−k (Fader, Hardie & Berger 2010, "Customer-base analysis in a discrete-time
 * noncontractual setting", Marketing Science 29(6), their DERT expression; equation number not checked here):
 *
 *   DERT(d | x, t_x, n) = B(α+x+1, β+n−x)/B(α,β) · B(γ, δ+n+1)/(B(γ,δ)(1+d)) · ₂F₁(1, δ+n+1; γ+δ+n+1; 1/(1+d)) / L(α, β, γ, δ | x, t_x, n)
 *                      = P_n · (α+x)/(α+β+n) · Σ_{k≥1} B(γ, δ+n+k)/B(γ, δ+n) (1+d)^−k,
 *
 * with P_n = P(alive through n | x, t_x, n) (`betaGeoBetaBinomLogAliveThrough`); the ₂F₁ is a series of positive
 * terms with ratio below 1/(1+d) (`logHyp2f1UnitA`); each distinct pattern (x, t_x, n) is computed once. Customers as in
 * `betaGeoBetaBinomPredictions`: `T` holds n. Kernel: inputs already valid, d > 0.
 *
 * @example
 * betaGeoBetaBinomDiscountedResidualPurchases({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, 0.1, donors)
 */
export function betaGeoBetaBinomDiscountedResidualPurchases(
  params: Readonly<Record<string, number>>,
  discountRate: number,
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
  const z = 1 / (1 + discountRate);
  const byN = new Map<number, number>();
  const value = memoByPattern((x, tx, n) => {
    let future = byN.get(n);
    if (future === undefined) {
      const dn = delta + n;
      future = (dn / (gamma + dn)) * z * Math.exp(logHyp2f1UnitA(dn + 1, gamma + dn + 1, z));
      byN.set(n, future);
    }
    const alive = Math.exp(betaGeoBetaBinomLogAliveThrough(alpha, beta, gamma, delta, x, tx, n));
    return alive * ((alpha + x) / (alpha + beta + n)) * future;
  });
  for (let i = 0; i < out.length; i++)
    out[i] = value(frequency[i] as number, recency[i] as number, T[i] as number);
  return out;
}
