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
 * a Stieltjes fraction that converges for every z > 0 (quickly for z ≳ 1, in O(1/√z) steps for small z),
 * evaluated by the modified Lentz method to 1e-15 relative.
 *
 * @example laplacePower(1, 1) // e · E₁(1) ≈ 0.596347
 */
export function laplacePower(s: number, z: number): number {
  const tiny = 1e-300;
  let b = z + s;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000_000; i++) {
    const an = -i * (s + i - 1);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) return h;
  }
  return h;
}
