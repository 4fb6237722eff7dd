/**
 * ln(e^a + e^b) without overflow or underflow: max(a, b) + log1p(e^{−|a − b|}).
 *
 * Source: the standard "log-sum-exp" identity (e.g. Press et al. 2007, Numerical Recipes, 3rd ed., §16.1).
 *
 * @example logSumExp(Math.log(2), Math.log(3)) ≈ Math.log(5); logSumExp(1000, 1000) ≈ 1000 + Math.LN2
 */
export function logSumExp(a: number, b: number): number {
  const hi = Math.max(a, b);
  const lo = Math.min(a, b);
  if (hi === Number.NEGATIVE_INFINITY) return hi;
  if (hi === Number.POSITIVE_INFINITY) return hi;
  return hi + Math.log1p(Math.exp(lo - hi));
}

/**
 * ln(e^a − e^b) for a ≥ b, without cancellation: a + ln(1 − e^{b − a}), where ln(1 − e^d) is computed as
 * ln(−expm1(d)) for d > −ln 2 and log1p(−e^d) otherwise (Mächler 2012, "Accurately computing log(1 − exp(−|a|))",
 * R package Rmpfr vignette). a = b gives −Infinity; a < b gives NaN (the difference is negative).
 *
 * @example logDiffExp(Math.log(5), Math.log(3)) ≈ Math.log(2)
 */
export function logDiffExp(a: number, b: number): number {
  if (b === Number.NEGATIVE_INFINITY) return a;
  if (a < b) return Number.NaN;
  if (a === b) return Number.NEGATIVE_INFINITY;
  return a + log1mExp(b - a);
}

/** ln(1 − e^d) for d ≤ 0 (Mächler 2012). */
export function log1mExp(d: number): number {
  return d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d));
}
