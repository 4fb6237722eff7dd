/** Discounted expected residual transactions (DERT) of the Pareto/NBD. */
import type { CustomerColumns } from '../data/customers.js';
import { laplacePower } from '../special/laplacePower.js';
import { paretoNbdParams, paretoNbdProbabilityAliveColumns } from './predictions.js';

/**
 * DERT of every customer under the Pareto/NBD with continuous discounting at rate δ per time unit (Fader,
 * Hardie & Lee 2005, "RFM and CLV: using iso-value curves for customer base analysis", Journal of Marketing
 * Research 42(4), 415–430, their DERT expression; equation number not checked here):
 *
 *   DERT(δ | x, t_x, T) = E[∫_T^∞ e^{−δ(u−T)} dX(u) | x, t_x, T]
 *     = α^r β^s δ^{s−1} Γ(r+x+1) Ψ(s, s; δ(β+T)) / (Γ(r) (α+T)^{r+x+1} L(r, α, s, β | x, t_x, T))
 *     = P_alive · (r+x)/(α+T) · (β+T) · G(s, δ(β+T)),
 *
 * with Ψ(·, ·; ·) Tricomi's confluent hypergeometric function of the second kind, P_alive the probability of
 * being alive at T (Fader & Hardie 2005 note eq. 18) and G(s, z) = ∫_0^∞ e^{−zv}(1+v)^{−s} dv = z^{s−1} Ψ(s, s; z)
 * (see `laplacePower`): given alive, λ ~ Gamma(r+x, α+T) and μ ~ Gamma(s, β+T) a posteriori, and
 * E[λ/(δ+μ)] = (r+x)/(α+T) · (β+T) G(s, δ(β+T)). With an annual rate d and weekly data, δ = ln(1+d)/52
 * (FHL use d = 15%, δ ≈ 0.0027 per week). G depends on T only and is computed once per distinct T.
 * Kernel: params and customers already valid, δ > 0 (DERT is infinite at δ = 0 when s ≤ 1).
 *
 * @example
 * paretoNbdDiscountedResidualPurchases({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, Math.log(1.15) / 52, cdnowColumns)
 */
export function paretoNbdDiscountedResidualPurchases(
  params: Readonly<Record<string, number>>,
  discountRate: number,
  customers: CustomerColumns,
): Float64Array {
  const out = paretoNbdProbabilityAliveColumns(paretoNbdParams(params), customers);
  const { r, alpha, s, beta } = params as { r: number; alpha: number; s: number; beta: number };
  const { frequency, T } = customers;
  const byAge = new Map<number, number>();
  for (let i = 0; i < out.length; i++) {
    const age = T[i] as number;
    let lifetime = byAge.get(age);
    if (lifetime === undefined) {
      const bT = beta + age;
      lifetime = bT * laplacePower(s, discountRate * bT); // E[1/(δ+μ)] given alive
      byAge.set(age, lifetime);
    }
    out[i] = (out[i] as number) * ((r + (frequency[i] as number)) / (alpha + age)) * lifetime;
  }
  return out;
}
