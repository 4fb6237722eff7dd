import { memoByCountAndAge } from '../data/memoByCountAndAge.js';
/** Discounted expected residual transactions (DERT) of the BG family (BG/NBD, MBG/NBD): derived here. */

import { ClvValidationError, makeIssue } from '../../errors.js';
import type { CustomerColumns } from '../data/customers.js';
import { laplacePower } from '../special/laplacePower.js';
import { logBeta } from '../special/logBeta.js';
import { betaExpectation } from '../special/tanhSinh.js';
import type { BetaGeoParams } from './likelihood.js';
import { betaGeoFamilyProbabilityAlive } from './predictions.js';

/**
 * The least δ (α + T) at which the tanh-sinh rule of `aliveResidualPurchases` is checked to 1e-6 (against
 * e^c E₁(c), the exact value at r = a = b = 1, x = 0): below it the integrand's turn at p ≈ δ (α + T) lies between
 * its nodes (4e-5 off at 1e-20, 1 % at 1e-100).
 */
export const MIN_SCALED_RATE = 1e-12;

/**
 * DERT of every customer in the BG family (s = 0: BG/NBD, Fader, Hardie & Lee 2005, Marketing Science 24(2);
 * s = 1: MBG/NBD, Batislam et al. 2007) with continuous discounting at rate δ per time unit. No published source:
 * derived in docs/models/dert-bgnbd.md. Given alive at T, λ ~ Gamma(r', α') and p ~ Beta(a, b') a posteriori
 * (r' = r+x, α' = α+T, b' = b+x+s); the k-th future purchase happens at the k-th Poisson event if the customer
 * survived the k−1 dropout chances before it, so with E[e^{−δ τ_k} | λ] = (λ/(λ+δ))^k,
 *
 *   E[Σ_k e^{−δ τ_k} | λ, p] = Σ_{k≥1} (1−p)^{k−1} (λ/(λ+δ))^k = λ/(δ + pλ),
 *   DERT = P_alive · E[λ/(δ + pλ)] = P_alive · r' ∫_0^∞ e^{−δα'w} ₂F₁(r'+1, a; a+b'; −w) dw
 *        = P_alive · r' · E_p[ G(r'+1, δα'/p) / p ],   G(q, z) = ∫_0^∞ e^{−zv}(1+v)^{−q} dv,
 *
 * the λ-integral in closed form (`laplacePower`), the Beta expectation over p by the
 * tanh-sinh rule (`betaExpectation`). Equivalently DERT = δ ∫_0^∞ e^{−δt} E[Y(t) | x, t_x, T] dt, the Laplace
 * transform of the conditional expectation (FHL 2005 eq. 10), which is how the tests check it. The p-expectation
 * depends on (x, T) only and is computed once per distinct pair. Kernel: inputs already valid, δ > 0; a
 * `ClvValidationError` naming `discountRate` when δ (α + T) < `MIN_SCALED_RATE` for a customer.
 *
 * @example
 * betaGeoFamilyDiscountedResidualPurchases(0, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, Math.log(1.15) / 52, cdnowColumns)
 */
export function betaGeoFamilyDiscountedResidualPurchases(
  shift: 0 | 1,
  p: BetaGeoParams,
  discountRate: number,
  customers: CustomerColumns,
): Float64Array {
  const out = betaGeoFamilyProbabilityAlive(shift, p, customers);
  const { frequency, T } = customers;
  for (let i = 0; i < out.length; i++)
    if (discountRate * (p.alpha + (T[i] as number)) < MIN_SCALED_RATE)
      throw new ClvValidationError('discountedExpectedResidualPurchases', [
        makeIssue(
          'discountRate',
          `a rate with δ (α + T) ≥ ${MIN_SCALED_RATE} for every customer (δ = ln(1 + discountRate), T = ${T[i]}): below it the DERT of the BG family is not computed to 1e-6`,
          Math.expm1(discountRate),
          i,
        ),
      ]);
  const aliveOf = memoByCountAndAge((x, age) =>
    aliveResidualPurchases(p.r + x, p.alpha + age, p.a, p.b + x + shift, discountRate),
  );
  for (let i = 0; i < out.length; i++)
    out[i] = (out[i] as number) * aliveOf(frequency[i] as number, T[i] as number);
  return out;
}

/** E[λ/(δ + pλ)] for λ ~ Gamma(r, α), p ~ Beta(a, b): r · E_p[G(r+1, δα/p)/p]. */
export function aliveResidualPurchases(
  r: number,
  alpha: number,
  a: number,
  b: number,
  delta: number,
): number {
  const c = delta * alpha;
  const f = (p: number) => {
    const z = c / p;
    // p → 0: G(q, z) = 1/z − q/z² + …, so G/p → 1/c.
    return p === 0 || !Number.isFinite(z) ? 1 / c : laplacePower(r + 1, z) / p;
  };
  return r * betaExpectation(a, b, f, logBeta(a, b));
}
