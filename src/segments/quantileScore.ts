/**
 * The quantile rule behind every RFM score: a value's score comes from its rank in the ascending order of all
 * n values ("worse" first), with ties placed by one documented rule.
 *
 * Distinct values: rank(v) = #{ j : x_j < v } (0-based) and score(v) = ⌊rank(v) × bins / n⌋ + 1 ∈ 1..bins, so
 * each score holds ⌊n/bins⌋ or ⌈n/bins⌉ customers (Hughes 1994 scores RFM in quintiles).
 *
 * Ties. A value shared by E customers occupies the ranks B … B + E − 1, where B = #{ x_j < v } customers are
 * worse and A = n − B − E are better. pandas `rank` offers method='min' (rank B: the old rule here, under
 * which 49 customers who all bought yesterday, out of 50, scored R = 1, "Lost"), 'max' (B + E − 1: one-order
 * customers, often 60 % of a shop, would score F = 3) and 'average' (B + (E − 1)/2). clvkit places a tie
 * group within its span in proportion to how many of the OTHER customers are worse:
 *
 *   rank*(v) = B + (E − 1) × B / (A + B)          (all values equal, A + B = 0: the middle, (E − 1)/2)
 *
 * so a tie at the bottom (B = 0) takes the lowest rank ('min'), a tie at the top (A = 0) the highest ('max'),
 * and a tie in the middle its middle, as 'average' would when A = B. Every score then says truthfully where
 * the value stands among the others: nobody is worse than a score-1 tie, nobody better than a top-score tie.
 * Equal values always share a score, a larger value never scores lower (rank* stays within the span, and
 * spans do not overlap), and for distinct values (E = 1) it is the rule above. A tie group whose span covers
 * a band boundary makes the split uneven: `rfmScores` reports it as a warning.
 *
 * Computed without a rank per customer: a value's span crosses a band boundary only if it equals one of the
 * bins − 1 order statistics cuts[s−1] = sorted[⌈s·n/bins⌉ − 1] (found by selection on a float64 copy, no full
 * sort); other values score 1 + #{ s : v > cuts[s−1] }, and the few cut values are scored by rank* after one
 * counting pass. This file is internal (no validation): callers pass finite values.
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

/** A tie group that covers a band boundary: its value (in the caller's sign), size and shared score. */
export interface SpanningTie {
  readonly value: number;
  readonly customers: number;
  /** The scores its span of ranks covers under the distinct-value rule, lowest and highest. */
  readonly spans: readonly [number, number];
  readonly score: number;
}

/**
 * ⌊rank* × bins / n⌋ + 1 for a tie group of E values with B worse and A better, in exact integer
 * arithmetic: rank* × bins / n = B (n − 1) bins / ((A + B) n) (and (E − 1) bins / (2n) when A + B = 0).
 */
export function tieScore(b: number, e: number, n: number, bins: number): number {
  const others = n - e;
  const num = others === 0 ? (e - 1) * bins : b * (n - 1) * bins;
  const den = others === 0 ? 2 * n : others * n;
  let q = Math.floor(num / den);
  if (q * den > num)
    q--; // the division rounded up to an integer
  else if ((q + 1) * den <= num) q++;
  return Math.min(bins, q + 1);
}

/**
 * Writes the scores into `out` (of −x_i with `negate`) and returns the tie groups that cover a band boundary.
 * Values equal to a cut are scored by the tie rule above; the others by 1 + #{ s : v > cuts[s] }.
 */
export function scoreByCuts(
  x: ArrayLike<number>,
  cuts: Float64Array,
  out: Uint8Array,
  negate = false,
): SpanningTie[] {
  const n = x.length;
  const k = cuts.length;
  const bins = k + 1;
  // One pass: the distinct-value score s = 1 + #{ j : v > cuts[j] }; cuts ascend, so v can only equal
  // cuts[s − 1], and such a value is marked (+ TIED) for the second pass. counts[m]: values with s = m + 1;
  // equal[m]: those of them equal to cuts[m].
  const counts = new Float64Array(bins);
  const equal = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const v = negate ? 0 - (x[i] as number) : (x[i] as number);
    let s = 1;
    for (let j = 0; j < k; j++) if (v > (cuts[j] as number)) s++;
    counts[s - 1] = (counts[s - 1] as number) + 1;
    if (s <= k && v === cuts[s - 1]) {
      equal[s - 1] = (equal[s - 1] as number) + 1;
      out[i] = s + TIED;
    } else out[i] = s;
  }
  // A cut value u first at cuts[m]: E = equal[m] values equal it, B = counts[0..m] − E are below it.
  const tieScores = new Uint8Array(k);
  const spanning: SpanningTie[] = [];
  let upTo = 0;
  for (let m = 0; m < k; m++) {
    upTo += counts[m] as number;
    if (m > 0 && cuts[m] === cuts[m - 1]) continue; // not the first occurrence: never marked
    const e = equal[m] as number;
    if (e === 0) continue;
    const b = upTo - e;
    const score = tieScore(b, e, n, bins);
    tieScores[m] = score;
    const low = Math.floor((b * bins) / n) + 1;
    const high = Math.floor(((b + e - 1) * bins) / n) + 1;
    if (low !== high) {
      const value = cuts[m] as number;
      spanning.push({ value: negate ? 0 - value : value, customers: e, spans: [low, high], score });
    }
  }
  for (let i = 0; i < n; i++) {
    const s = out[i] as number;
    if (s > TIED) out[i] = tieScores[s - TIED - 1] as number;
  }
  return spanning;
}

/** Marks a provisional score whose value equals a cut (scores are at most 9, marks above 100). */
const TIED = 100;

/**
 * Scores the values by the quantile rule with its tie rule, into a new `Uint8Array` (bins ≤ 255), with the
 * tie groups that cover a band boundary. `work` (at least as long as `x`) is scratch space, so that several
 * axes can share one buffer.
 */
export function quantileScores(
  x: ArrayLike<number>,
  bins: number,
  negate = false,
  work: Float64Array = new Float64Array(x.length),
): { scores: Uint8Array; ties: SpanningTie[] } {
  const scores = new Uint8Array(x.length);
  const ties = x.length > 0 ? scoreByCuts(x, quantileCuts(x, bins, negate, work), scores, negate) : [];
  return { scores, ties };
}
