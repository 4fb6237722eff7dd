/** Spearman's rank correlation with average ranks for ties. */
import type { NumberColumn } from './columns.js';
import { pairedColumns } from './columns.js';
import { descendingOrder, ranksFromOrder } from './ordering.js';

/**
 * Ranks 1..n of a column (ascending), tied values sharing the average of the ranks they span ("fractional"
 * ranking), e.g. [10, 20, 20, 30] → [1, 2.5, 2.5, 4].
 *
 * @example averageRanks(Float64Array.of(10, 20, 20, 30)) // Float64Array [1, 2.5, 2.5, 4]
 */
export function averageRanks(values: Float64Array): Float64Array {
  return ranksFromOrder(values, descendingOrder(values));
}

/** Pearson's correlation of two rank columns (0 when either is constant). Kernel: ranks already made. */
export function rankCorrelation(ra: Float64Array, rp: Float64Array): number {
  const n = ra.length;
  const mean = (n + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = (ra[i] as number) - mean;
    const y = (rp[i] as number) - mean;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  if (saa === 0 || sbb === 0) return 0;
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}

/**
 * Spearman's rank correlation ρ: Pearson's correlation of the average ranks of `actual` and `predicted`
 * (Spearman 1904, "The proof and measurement of association between two things", Am. J. Psych. 15(1); with
 * ties, the average-rank form of Kendall & Gibbons 1990, "Rank Correlation Methods", ch. 3). Without ties it is
 * 1 − 6 Σ d_i² / (n (n² − 1)). When either column is constant there is no ordering to correlate and the result
 * is 0 (documented, never NaN).
 *
 * @example spearmanCorrelation([1, 2, 3, 4], [10, 20, 40, 30]) // 0.8
 */
export function spearmanCorrelation(actual: NumberColumn, predicted: NumberColumn): number {
  const { actual: a, predicted: p } = pairedColumns('spearmanCorrelation', actual, predicted);
  return rankCorrelation(averageRanks(a), averageRanks(p));
}
