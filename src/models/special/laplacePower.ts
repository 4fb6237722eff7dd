import { upperGammaFraction } from './upperGamma.js';

/**
 * The Laplace transform of a power, G(s, z) = ∫_0^∞ e^{−z v} (1+v)^{−s} dv for s > 0, z > 0: the integral behind
 * the Pareto/NBD's DERT and the BG/NBD's.
 *
 * Identities (DLMF 13.4.4, 13.2.40, 13.6.6, 8.9.2): G(s, z) = U(1, 2−s, z) = z^{s−1} U(s, s, z)
 * = z^{s−1} e^z Γ(1−s, z), with U the confluent hypergeometric function of the second kind (Tricomi) and Γ(·, ·)
 * the upper incomplete gamma function. The continued fraction of Γ(a, z) (Press et al., Numerical Recipes, eq.
 * 6.2.7; DLMF 8.9.2) at a = 1 − s gives directly
 *
 *   G(s, z) = 1/(z+s− 1·s/(z+s+2− 2(s+1)/(z+s+4− 3(s+2)/(z+s+6− …)))),
 *
 * a Stieltjes fraction that converges for every z > 0: `upperGammaFraction(1 − s, z)`.
 *
 * @example laplacePower(1, 1) // e · E₁(1) ≈ 0.596347
 */
export function laplacePower(s: number, z: number): number {
  return upperGammaFraction(1 - s, z);
}
