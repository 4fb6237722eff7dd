import { lgamma } from './lgamma.js';

/**
 * The natural logarithm of the beta function, ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0.
 *
 * Source: Abramowitz & Stegun (1964), 6.2.2. Absolute error about 1e-14 for arguments up to 1e3, growing
 * with the magnitude of ln Γ (about 1e-9 at 1e6, where the three terms are ~1e7 each).
 *
 * @example logBeta(1, 1) === 0; logBeta(2, 3) ≈ Math.log(1 / 12)
 */
export function logBeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}
