/** The conditional PMF of the Pareto/NBD: P(X(T, T+t] = n | x, t_x, T). */
import type { CustomerColumns } from '../data/customers.js';
import { memoByCountAndAge } from '../data/memoByCountAndAge.js';
import {
  paretoNbdParams,
  paretoNbdProbabilityAliveColumns,
  paretoNbdProbabilityOfPurchases,
} from './predictions.js';

/**
 * P(X(T, T+t] = n | x, t_x, T) for every customer under the Pareto/NBD (Fader & Hardie, "Deriving the
 * conditional PMF of the Pareto/NBD model", brucehardie.com/notes/028). Given alive at T the posterior of
 * (λ, μ) is Gamma(r+x, α+T) × Gamma(s, β+T) and the exponential lifetime is memoryless, so the future is a new
 * customer's with those parameters (Fader & Hardie 2006, "Deriving an expression for P(X(t) = x) under the
 * Pareto/NBD model", brucehardie.com/notes/012, by conditioning on the lifetime τ):
 *
 *   P(X = n | x, t_x, T) = [n = 0] (1 − P_alive) + P_alive · P_new(n, t | r+x, α+T, s, β+T),
 *   P_new(n, t | r, α, s, β) = Γ(r+n)/(Γ(r) n!) (α/(α+t))^r (t/(α+t))^n (β/(β+t))^s
 *                            + s α^r β^s Γ(r+n)/(Γ(r) n!) ∫_0^t τ^n (α+τ)^−(r+n) (β+τ)^−(s+1) dτ,
 *
 * with P_alive = P(alive at T | x, t_x, T) (Fader & Hardie 2005 note, eq. 18). The note's ₂F₁ expression is
 * replaced by the library's quadrature of the new-customer PMF (`paretoNbdPurchaseProbability`); P_new depends
 * on (x, T) only and is computed once per distinct pair. Kernel: inputs already valid, `n` whole, `t` ≥ 0.
 *
 * @example
 * paretoNbdConditionalPmf({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, 0, 39, cdnowColumns) // P(no purchase in the holdout)
 */
export function paretoNbdConditionalPmf(
  params: Readonly<Record<string, number>>,
  n: number,
  t: number,
  customers: CustomerColumns,
): Float64Array {
  const out = paretoNbdProbabilityAliveColumns(paretoNbdParams(params), customers);
  const { r, alpha, s, beta } = params as { r: number; alpha: number; s: number; beta: number };
  const { frequency, T } = customers;
  const futureOf = memoByCountAndAge((x, age) =>
    paretoNbdProbabilityOfPurchases({ r: r + x, alpha: alpha + age, s, beta: beta + age }, n, t),
  );
  for (let i = 0; i < out.length; i++) {
    const future = futureOf(frequency[i] as number, T[i] as number);
    const a = out[i] as number;
    out[i] = a * future + (n === 0 ? 1 - a : 0);
  }
  return out;
}
