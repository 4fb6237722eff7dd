/** The chi-square upper tail, for likelihood-ratio tests. */
import { lgamma } from '../models/special/lgamma.js';

/**
 * Regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a), a > 0, x ≥ 0: the power series of
 * P(a, x) for x < a + 1, else Lentz's continued fraction for Q (Press et al. 2007, "Numerical Recipes", 3rd ed.,
 * §6.2, `gser`/`gcf`; Abramowitz & Stegun 6.5.29 and 6.5.31). Relative accuracy about 1e-14.
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
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.min(1, Math.exp(logPrefix) * h);
}

/**
 * P(χ²_k ≥ x): the chi-square survival function with k degrees of freedom, Q(k/2, x/2).
 *
 * @example chiSquareSurvival(3.841458820694124, 1) // 0.05
 */
export function chiSquareSurvival(x: number, degreesOfFreedom: number): number {
  return upperRegularizedGamma(degreesOfFreedom / 2, x / 2);
}
