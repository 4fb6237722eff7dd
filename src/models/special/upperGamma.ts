import { lgamma } from './lgamma.js';

/**
 * The continued fraction of the upper incomplete gamma function, F(a, x) = Γ(a, x) e^x x^{−a} (Press et al.
 * 2007, "Numerical Recipes", 3rd ed., eq. 6.2.7; DLMF 8.9.2):
 *
 *   F(a, x) = 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− …))),
 *
 * evaluated by the modified Lentz method to 1e-15 relative. It converges for every x > 0 and any real a
 * (quickly for x ≳ 1, in O(1/√x) steps for small x), so it serves both the incomplete gamma function and the
 * Laplace transform of a power (`laplacePower`).
 *
 * @example upperGammaFraction(1, 2) // Γ(1, 2) e² 2^{−1} = 1/2
 */
export function upperGammaFraction(a: number, x: number, maxTerms = 10_000_000): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < maxTerms; i++) {
    const an = -i * (i - a);
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

/**
 * Regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a), a > 0, x ≥ 0: the power series of
 * P(a, x) for x < a + 1, else the continued fraction `upperGammaFraction` (Press et al. 2007, §6.2,
 * `gser`/`gcf`; Abramowitz & Stegun 6.5.29 and 6.5.31). Relative accuracy about 1e-14.
 *
 * @example upperRegularizedGamma(1, 2) // e^{−2} ≈ 0.1353
 */
export function upperRegularizedGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const logPrefix = a * Math.log(x) - x - lgamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let k = 1; k < 10_000; k++) {
      term *= x / (a + k);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return Math.max(0, 1 - sum * Math.exp(logPrefix));
  }
  return Math.min(1, Math.exp(logPrefix) * upperGammaFraction(a, x, 10_000));
}
