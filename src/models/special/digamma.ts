import { sinPi } from './lgamma.js';

/**
 * The digamma function ψ(x) = d/dx ln Γ(x), in float64.
 *
 * Method: for x ≥ 10 the asymptotic series
 *   ψ(x) = ln x − 1/(2x) − Σ_{k=1}^{7} B_{2k} / (2k x^{2k}),
 * for 0 < x < 10 the recurrence ψ(x) = ψ(x + 1) − 1/x applied until x ≥ 10, and for negative non-integer x
 * the reflection ψ(1 − x) − ψ(x) = π cot(πx).
 * Source: Abramowitz & Stegun (1964), Handbook of Mathematical Functions, 6.3.18, 6.3.5 and 6.3.7.
 * Poles (0, −1, −2, …) give NaN. Relative error about 1e-15.
 *
 * @example digamma(1) // ≈ −0.5772156649015329 (minus the Euler–Mascheroni constant)
 */
export function digamma(x: number): number {
  if (x > 0) {
    let shift = 0;
    while (x < ASYMPTOTIC_FROM) {
      shift += 1 / x;
      x += 1;
    }
    return asymptotic(x) - shift;
  }
  if (Number.isNaN(x) || x === Math.floor(x)) return Number.NaN;
  // Reflection: ψ(x) = ψ(1 − x) − π cot(πx) = ψ(1 − x) − π cos(πx)/sin(πx).
  return digamma(1 - x) - (Math.PI * sinPi(x + 0.5)) / sinPi(x);
}

const ASYMPTOTIC_FROM = 10;

function asymptotic(x: number): number {
  if (x === Number.POSITIVE_INFINITY) return x;
  const z = 1 / (x * x);
  const series =
    z *
    (1 / 12 -
      z * (1 / 120 - z * (1 / 252 - z * (1 / 240 - z * (1 / 132 - z * (691 / 32760 - z * (1 / 12)))))));
  return Math.log(x) - 0.5 / x - series;
}
