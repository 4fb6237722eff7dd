/**
 * The natural logarithm of the gamma function, ln Γ(x), in float64.
 *
 * Method: for x ≥ 10 the Stirling (de Moivre) asymptotic series
 *   ln Γ(x) = (x − ½) ln x − x + ½ ln 2π + Σ_{k=1}^{7} B_{2k} / (2k (2k − 1) x^{2k−1}),
 * whose first omitted term is below 1e-17 there; for 0 < x < 10 the recurrence Γ(x) = Γ(x + n) / (x (x+1) … (x+n−1))
 * shifts the argument up first; for negative non-integer x the reflection formula
 *   ln |Γ(x)| = ln(π / |sin πx|) − ln Γ(1 − x).
 * Source: Abramowitz & Stegun (1964), Handbook of Mathematical Functions, 6.1.17, 6.1.40 and 6.1.15.
 * Poles (0, −1, −2, …) give +Infinity; NaN gives NaN. Absolute error about 1e-14 for 0 < x ≤ 1e6.
 *
 * @example lgamma(0.5) === Math.log(Math.sqrt(Math.PI)) // ≈ 0.5723649429247001
 */
export function lgamma(x: number): number {
  if (x >= STIRLING_FROM) return stirling(x);
  if (x > 0) {
    // Shift up by recurrence: ln Γ(x) = ln Γ(x + n) − ln(x (x+1) … (x+n−1)).
    let product = x;
    let y = x + 1;
    while (y < STIRLING_FROM) {
      product *= y;
      y += 1;
    }
    return stirling(y) - Math.log(product);
  }
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Math.floor(x)) return Number.POSITIVE_INFINITY;
  // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
  return Math.log(Math.PI / Math.abs(sinPi(x))) - lgamma(1 - x);
}

const STIRLING_FROM = 10;
const HALF_LOG_2PI = 0.9189385332046728;

/**
 * The correction term of Stirling's series, ln Γ*(x) = ln Γ(x) − (x − ½) ln x + x − ½ ln 2π =
 * Σ_{k=1}^{7} B_{2k} / (2k (2k − 1) x^{2k−1}) (Abramowitz & Stegun 6.1.40; DLMF 5.11.1), Bernoulli terms B2..B14:
 * the first omitted term is below 1e-17 for x ≥ 10. For the functions that need Γ(x) without its large part
 * (`upperRegularizedGamma` for large a).
 *
 * @example stirlingSeries(10) // ≈ 0.0083305634333629 (1/120 − 1/360,000 + …; mpmath: 0.00833056343336287)
 */
export function stirlingSeries(x: number): number {
  const z = 1 / (x * x);
  return (
    (1 / x) *
    (1 / 12 +
      z *
        (-1 / 360 + z * (1 / 1260 + z * (-1 / 1680 + z * (1 / 1188 + z * (-691 / 360360 + z * (1 / 156)))))))
  );
}

/** Stirling's series with the Bernoulli terms B2..B14 (x ≥ 10). */
function stirling(x: number): number {
  if (x === Number.POSITIVE_INFINITY) return x;
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + stirlingSeries(x);
}

/** sin(πx) with exact zeros at integers and the argument reduced first (so large |x| stays accurate). */
export function sinPi(x: number): number {
  const r = x - 2 * Math.floor(x / 2); // r in [0, 2)
  if (r === 0 || r === 1) return 0;
  return Math.sin(Math.PI * r);
}
