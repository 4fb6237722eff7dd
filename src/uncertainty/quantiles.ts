/**
 * Quantiles of Monte-Carlo draws: one definition for every verb of the uncertainty module, the inverse of the
 * empirical distribution function (Hyndman & Fan 1996, "Sample quantiles in statistical packages", definition
 * 1): Q(q) = the smallest draw v with F̂(v) ≥ q. It is always one of the draws — a whole number for counts, so
 * an interval [Q(0.05), Q(0.95)] of purchases is a set of integers, as the outcome is.
 */
import * as z from 'zod/mini';
import { numberSchema } from '../schemas/field.js';

/** Default quantile levels: a central 90 % interval and the median. */
export const DEFAULT_QUANTILES: readonly number[] = Object.freeze([0.05, 0.5, 0.95]);

/** Quantile levels: 1 to 99 numbers strictly between 0 and 1. */
export const quantileLevelsSchema = z
  .array(numberSchema({ min: 0, max: 1, minExclusive: true, maxExclusive: true }))
  .check(z.minLength(1), z.maxLength(99));

/** Relative slack so that q · n computed in floating point does not skip a draw (0.95 · 1000 = 950.0000000000001). */
const SLACK = 1e-9;

/**
 * Quantile q of `count` draws given as a histogram of whole values (counts[v] = how many draws equal v).
 *
 * @example histogramQuantile(Float64Array.of(5, 3, 2), 10, 0.5) // 0: half of the draws are 0
 */
export function histogramQuantile(counts: Float64Array, count: number, q: number): number {
  const target = q * count * (1 - SLACK);
  let cumulative = 0;
  for (let v = 0; v < counts.length; v++) {
    cumulative += counts[v] as number;
    if (cumulative >= target) return v;
  }
  return counts.length - 1;
}

/**
 * Quantile q of draws sorted ascending: the draw at rank ⌈q n⌉ (1-based).
 *
 * @example sortedQuantile(Float64Array.of(1, 2, 3, 4), 0.5) // 2
 */
export function sortedQuantile(sorted: Float64Array, q: number): number {
  return sorted[quantileRank(sorted.length, q) - 1] as number;
}

/**
 * The k-th smallest (0-based) of `values[0 … length)`, found in place (the array is reordered) in expected
 * O(length): Hoare's FIND (Hoare 1961, "Algorithm 65: Find", CACM 4(7)) with the median of three as pivot, so
 * the same input gives the same answer and the same order on every machine.
 *
 * @example selectSmallest(Float64Array.of(5, 1, 4, 2), 4, 1) // 2
 */
export function selectSmallest(values: Float64Array, length: number, k: number): number {
  let lo = 0;
  let hi = length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const a = values[lo] as number;
    const b = values[mid] as number;
    const c = values[hi] as number;
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c)); // the median of the three
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k] as number;
  }
  return values[k] as number;
}

/**
 * Quantile q (definition 1, as `sortedQuantile`) of `zeros + length` non-negative draws of which `zeros` are 0
 * and the others are `values[0 … length)` (reordered in place): the draw at rank r = ⌈q (zeros + length)⌉ is 0
 * when r ≤ zeros, else the (r − zeros)-th smallest of the others. Draws without a purchase are thus never
 * stored or sorted.
 *
 * @example quantileAboveZeros(Float64Array.of(3, 1), 2, 8, 0.95) // 3: ranks 9 and 10 are 1 and 3
 */
export function quantileAboveZeros(values: Float64Array, length: number, zeros: number, q: number): number {
  const rank = quantileRank(zeros + length, q);
  return rank <= zeros ? 0 : selectSmallest(values, length, rank - zeros - 1);
}

/**
 * The rank (1-based, in ascending order) of quantile q among n draws: r = ⌈q n⌉, at least 1 (definition 1).
 *
 * @example quantileRank(1000, 0.95) // 950
 */
export function quantileRank(n: number, q: number): number {
  return Math.min(n, Math.max(1, Math.ceil(q * n * (1 - SLACK))));
}
