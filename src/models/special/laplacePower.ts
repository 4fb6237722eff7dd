import { lgamma } from './lgamma.js';
import { upperGammaFraction } from './upperGamma.js';

/** Below this z (and `SERIES_BELOW_S` in s) G is summed as a series: there the continued fraction needs O(1/z) steps. */
const SERIES_BELOW_Z = 0.5;
/** From this s on the continued fraction converges in a few dozen steps whatever z is. */
const SERIES_BELOW_S = 20;
/** Euler's constant γ. */
const EULER_GAMMA = 0.5772156649015329;
/** ζ(2), ζ(3), …, ζ(12), for the Taylor series of ln Γ(1 + ε) (DLMF 5.7.3). */
const ZETA = [
  1.6449340668482264, 1.2020569031595942, 1.0823232337111381, 1.03692775514337, 1.017343061984449,
  1.0083492773819227, 1.0040773561979444, 1.0020083928260821, 1.0009945751278182, 1.0004941886041194,
  1.000246086553308,
];

/**
 * The Laplace transform of a power, G(s, z) = ∫_0^∞ e^{−z v} (1+v)^{−s} dv for s > 0, z > 0: the integral behind
 * the Pareto/NBD's DERT and the BG/NBD's.
 *
 * Identities (DLMF 8.19.1, 8.19.2, 13.2.40): substituting u = 1 + v, G(s, z) = e^z E_s(z), with E_s the generalised
 * exponential integral, E_s(z) = z^{s−1} Γ(1−s, z) (Γ(·, ·) the upper incomplete gamma function). Two ways to it:
 *
 * - the continued fraction of Γ(a, z) (Press et al., Numerical Recipes, eq. 6.2.7; DLMF 8.9.2) at a = 1 − s,
 *   `upperGammaFraction(1 − s, z)`, a Stieltjes fraction that converges for every z > 0 — in a few dozen steps for
 *   z ≳ 1 or s ≳ 20, but in O(1/z) steps for small z and s (a million at z = 10⁻⁶);
 * - there, for z < ½ and s < 20, the series of E_s (DLMF 8.19.8, A&S 5.1.12) at s₀ = s − ⌊s − ½⌋ ∈ (½, 3/2],
 *   written with ε = 1 − s₀ so that the pole of Γ(ε) and the k = 0 term cancel in closed form (exact at ε = 0,
 *   where it is E₁):
 *
 *     E_{s₀}(z) = expm1(ln Γ(1+ε) − ε ln z) / ε − Σ_{k≥1} (−z)^k / (k! (k+ε)),
 *
 *   then the recurrence E_{s+1}(z) = (e^{−z} − z E_s(z)) / s (DLMF 8.19.12) up to s, stable upwards (each step
 *   multiplies an error by z/s < 1).
 *
 * @example laplacePower(1, 1) // e · E₁(1) ≈ 0.596347
 * @example laplacePower(2, 1e-9) // ≈ 0.99999997985 (= 1 − z e^z E₁(z), E₁(z) ≈ −γ − ln z)
 */
export function laplacePower(s: number, z: number): number {
  if (!(z < SERIES_BELOW_Z && s < SERIES_BELOW_S)) return upperGammaFraction(1 - s, z);
  const steps = Math.max(0, Math.floor(s - 0.5));
  let order = s - steps;
  let e = exponentialIntegralNearOne(order, z);
  const decay = Math.exp(-z);
  for (let k = 0; k < steps; k++) {
    e = (decay - z * e) / order;
    order += 1;
  }
  return Math.exp(z) * e;
}

/** E_s(z) for s ∈ (0, 3/2] and 0 < z < ½ by the series above (its terms fall like z^k / k!). */
function exponentialIntegralNearOne(s: number, z: number): number {
  const eps = 1 - s;
  const logZ = Math.log(z);
  const head = eps === 0 ? -EULER_GAMMA - logZ : Math.expm1(logGammaOnePlus(eps) - eps * logZ) / eps;
  let sum = 0;
  let power = 1; // (−z)^k / k!
  for (let k = 1; k < 60; k++) {
    power *= -z / k;
    const term = power / (k + eps);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(head - sum)) break;
  }
  return head - sum;
}

/** ln Γ(1 + ε) for −½ ≤ ε < 1, to full relative accuracy as ε → 0 (its Taylor series, DLMF 5.7.3, for |ε| < 0.05). */
function logGammaOnePlus(eps: number): number {
  if (Math.abs(eps) >= 0.05) return lgamma(1 + eps);
  let sum = -EULER_GAMMA * eps;
  let power = -eps; // (−ε)^k
  for (let k = 0; k < ZETA.length; k++) {
    power *= -eps;
    sum += ((ZETA[k] as number) * power) / (k + 2);
  }
  return sum;
}
