/**
 * Power-of-two scaling for sums whose terms or partial sums can leave float64's range while the answer does not
 * (the errors and totals of the evaluation metrics, the holdout comparison, the decile table and the spend
 * correlation). Stated once here and used by each of them; it lives among the models' numerics, which the
 * evaluation reads, so that no model imports from the evaluation.
 *
 * A quantity is carried as v · 2^k: every term is multiplied by 2^−k before it is added and the result by 2^k
 * at the end. Multiplying by a power of two is exact in binary floating point (unless the product is
 * subnormal, i.e. below 2^−1022 · 2^k — far below the largest term), so the sums round exactly as the unscaled
 * ones would have: ordinary inputs give the same bits as before, and terms near 1e308 neither overflow nor
 * lose precision (Higham 2002, "Accuracy and Stability of Numerical Algorithms", 2nd ed., §27.8; the scaled
 * sum of squares of LAPACK's `dnrm2`).
 */

/**
 * The smallest whole k with |x| ≤ 2^k (give or take one where `Math.log2` rounds), for finite x ≠ 0: from −1074
 * (the smallest subnormal) to 1024; 0 for x = 0.
 *
 * @example exponentAbove(3) // 2
 */
export function exponentAbove(x: number): number {
  const m = Math.abs(x);
  return m === 0 ? 0 : Math.ceil(Math.log2(m));
}

/**
 * x · 2^k, exact whenever the result is a normal number; k may be beyond the range of 2^k itself (|k| ≤ 2148),
 * so it is applied in two halves, each a representable power of two.
 *
 * @example timesPowerOfTwo(3, -1) // 1.5
 */
export function timesPowerOfTwo(x: number, k: number): number {
  const half = Math.trunc(k / 2);
  return x * 2 ** half * 2 ** (k - half);
}

/**
 * The exponent of the largest |a_i − p_i| (`exponentAbove`), found without forming a difference that
 * overflows: |a − p| ≤ 2 · max(|a|, |p|) < 2^1025. `null` when every difference is 0.
 *
 * @example differenceExponent(Float64Array.of(1e308, 0), Float64Array.of(-1e308, 0)) // 1025
 */
export function differenceExponent(a: ArrayLike<number>, p: ArrayLike<number>): number | null {
  let k: number | null = null;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i] as number;
    const pi = p[i] as number;
    const d = ai - pi;
    if (d === 0) continue;
    const e = Number.isFinite(d) ? exponentAbove(d) : exponentAbove(ai / 2 - pi / 2) + 1;
    if (k === null || e > k) k = e;
  }
  return k;
}

/**
 * (a − p) · 2^−k, for k from `differenceExponent` (so the result is at most about 1 in size): the difference
 * first when it cannot overflow (k ≤ 1023), else each side scaled first.
 *
 * @example scaledDifference(1e308, -1e308, 1025) // ≈ 0.5564
 */
export function scaledDifference(a: number, p: number, k: number): number {
  return k <= 1023 ? timesPowerOfTwo(a - p, -k) : timesPowerOfTwo(a, -k) - timesPowerOfTwo(p, -k);
}

/**
 * The exponent of the largest |x_i| (`exponentAbove`), 0 for an all-zero column: the scale of a sum of the x_i.
 *
 * @example largestExponent([1, -6]) // 3
 */
export function largestExponent(x: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < x.length; i++) largest = Math.max(largest, Math.abs(x[i] as number));
  return exponentAbove(largest);
}
