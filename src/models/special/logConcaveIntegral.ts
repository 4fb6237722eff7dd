import { GAUSS_LEGENDRE, GL_ORDER } from './gaussLegendre.js';

/**
 * log ∫_{−∞}^{upper} e^{φ(u)} du for a concave φ (one peak, tails that fall at least exponentially), by composite
 * Gauss–Legendre quadrature (`GAUSS_LEGENDRE`) on panels that start at the peak and walk outwards, each as wide
 * as φ's local shape allows: at most ½, at most ½/√|φ''| (the peak's width) and at most 3/|φ'| (a fall of e³
 * across the panel), so a steep or narrow integrand gets narrow panels and a flat one wide ones. A side stops at
 * `upper` or once its tail is below 1e-17 of the sum: beyond u on the falling side of a concave φ,
 * ∫ e^φ ≤ e^{φ(u)}/|φ'(u)|.
 *
 * φ is given relative to its peak's value, so nothing overflows; the result is the log. `peak` must be the
 * maximiser of φ on (−∞, upper] (the caller knows φ'), and `slope`, `curvature` give φ', φ''.
 *
 * @example
 * // ∫ e^{−u²/2} du over ℝ (upper far out) = √(2π): log ≈ 0.918939
 * logConcaveIntegral({ phi: (u) => -u * u / 2, slope: (u) => -u, curvature: () => -1, peak: 0, upper: 50 })
 */
export function logConcaveIntegral(f: ConcaveExponent): number {
  const { phi, peak } = f;
  const top = phi(peak);
  let sum = 0;
  for (const direction of [1, -1] as const) {
    let u = peak;
    for (let panel = 0; panel < MAX_PANELS; panel++) {
      if (direction === 1 && u >= f.upper) break;
      const slope = Math.abs(f.slope(u));
      const curvature = Math.abs(f.curvature(u));
      let h = Math.min(MAX_WIDTH, 2 / Math.sqrt(curvature), 8 / slope);
      if (direction === 1) h = Math.min(h, f.upper - u);
      sum += panelSum(phi, top, direction === 1 ? u : u - h, h);
      u += direction * h;
      const edge = phi(u) - top;
      const fall = Math.abs(f.slope(u));
      // The tail beyond u, e^{φ(u)}/|φ'(u)|, is below 1e-17 of the sum (only where φ falls away from the peak).
      if (fall > 0 && edge - Math.log(fall) < Math.log(1e-17 * sum)) break;
    }
  }
  return top + Math.log(sum);
}

/** φ and its first two derivatives, the peak and the upper end of a `logConcaveIntegral`. */
export interface ConcaveExponent {
  readonly phi: (u: number) => number;
  readonly slope: (u: number) => number;
  readonly curvature: (u: number) => number;
  readonly peak: number;
  readonly upper: number;
}

/**
 * The widest panel, in units of u: φ'' changes by a factor of at most about e per unit of u where it comes from
 * terms like ln(c + e^u), so within a panel it grows at most e² from the value its width was set by.
 */
const MAX_WIDTH = 2;

/** Panels per side at most: a guard only (a side of 1,000 half-units is 500 units of u, far beyond any tail). */
const MAX_PANELS = 100_000;

/** ∫_{start}^{start+h} e^{φ(u) − top} du by Gauss–Legendre. */
function panelSum(phi: (u: number) => number, top: number, start: number, h: number): number {
  const { nodes, weights } = GAUSS_LEGENDRE;
  const mid = start + h / 2;
  let s = 0;
  for (let i = 0; i < GL_ORDER; i++)
    s += (weights[i] as number) * Math.exp(phi(mid + (h / 2) * (nodes[i] as number)) - top);
  return (s * h) / 2;
}
