/**
 * The quantile rule behind every RFM score and value tier: a value's score comes from the rank of its
 * FIRST occurrence in the ascending order of all n values,
 *
 *   rankFirst(v) = #{ j : x_j < v }            (0-based, so ties share it)
 *   score(v)     = ⌊rankFirst(v) × bins / n⌋ + 1   ∈ 1..bins
 *
 * (pandas `rank(method='min')` binned into equal-width percentile bands; Hughes 1994 scores RFM in quintiles).
 * Equal values ALWAYS share a score, a larger value never scores lower, and with distinct values each score
 * holds ⌊n/bins⌋ or ⌈n/bins⌉ customers. A tie group takes the score of its lowest member, so a large tie
 * at the bottom (say 60% one-order customers) all score 1 and the next scores may be skipped.
 *
 * Computed without a rank per customer: score(v) ≥ s + 1 ⟺ rankFirst(v) ≥ c_s = ⌈s·n/bins⌉ ⟺ v > sorted[c_s − 1],
 * so the bins − 1 order statistics `cuts[s−1] = sorted[c_s − 1]` (found by selection on a float64 copy, no full
 * sort) give score(v) = 1 + #{ s : v > cuts[s−1] }.
 * This file is internal (no validation): callers pass finite values.
 */

import { selectMany } from './orderStatistics.js';

/**
 * The bins − 1 cut values of the rule above for the (finite) values `x`. With `negate`, the cuts are those of
 * −x (used for recency, where fewer days is better). Costs one copy and bins − 1 selections: O(n) expected.
 */
export function quantileCuts(
  x: ArrayLike<number>,
  bins: number,
  negate = false,
  work: Float64Array = new Float64Array(x.length),
): Float64Array {
  const n = x.length;
  if (negate) for (let i = 0; i < n; i++) work[i] = 0 - (x[i] as number);
  else for (let i = 0; i < n; i++) work[i] = x[i] as number;
  const positions: number[] = [];
  for (let s = 1; s < bins; s++) {
    // ⌈s·n/bins⌉ in exact integer arithmetic (s·n < 2^53): the quotient is exact when it is an integer.
    positions.push(Math.floor((s * n + bins - 1) / bins) - 1);
  }
  return selectMany(work.length === n ? work : work.subarray(0, n), positions);
}

/** Writes score(x_i) = 1 + #{ s : x_i > cuts[s] } (or of −x_i with `negate`) into `out`. */
export function scoreByCuts(x: ArrayLike<number>, cuts: Float64Array, out: Uint8Array, negate = false): void {
  const n = x.length;
  const k = cuts.length;
  for (let i = 0; i < n; i++) {
    const v = negate ? 0 - (x[i] as number) : (x[i] as number);
    let s = 1;
    for (let j = 0; j < k; j++) if (v > (cuts[j] as number)) s++;
    out[i] = s;
  }
}

/**
 * Scores the values by the first-occurrence quantile rule, into a new `Uint8Array` (bins ≤ 255). `work`
 * (at least as long as `x`) is scratch space, so that several axes can share one buffer.
 */
export function quantileScores(
  x: ArrayLike<number>,
  bins: number,
  negate = false,
  work: Float64Array = new Float64Array(x.length),
): Uint8Array {
  const out = new Uint8Array(x.length);
  if (x.length > 0) scoreByCuts(x, quantileCuts(x, bins, negate, work), out, negate);
  return out;
}
