/** Predicted deciles: the decile table and top-decile capture of a ranking. */
import { ClvValidationError, makeIssue } from '../errors.js';
import { largestExponent, timesPowerOfTwo } from '../models/special/powerOfTwoScaling.js';
import { type NumberColumn, pairedColumns } from './columns.js';
import { descendingOrder } from './ordering.js';

/** One decile of customers by predicted value (decile 1: the 10 % predicted highest). */
export interface DecileRow {
  readonly decile: number;
  readonly customers: number;
  readonly meanPredicted: number;
  readonly meanActual: number;
  readonly totalPredicted: number;
  readonly totalActual: number;
  /** Share of Σ actual over all customers that this decile holds (0 when Σ actual is 0). */
  readonly shareOfActual: number;
}

/**
 * The decile table of a prediction: customers sorted by predicted value (highest first; ties in input order),
 * cut into ten groups of ⌊n/10⌋ or ⌈n/10⌉ (position k, 0-based, in decile ⌊10k/n⌋ + 1), and per group the mean
 * and total predicted and actual values — the "decile chart" of Wang, Liu & Miao (2019, arXiv:1912.07753) and
 * the lift table of direct marketing (e.g. Blattberg, Kim & Neslin 2008, "Database Marketing", ch. 10). Fewer
 * than ten customers give fewer (non-empty) rows. The sums are taken in units of a power of two near the
 * largest value (`scaling.ts`), so values near 1e308 give right means and shares; a decile total beyond
 * float64's range (1.8e308) cannot be reported and is a `ClvValidationError` naming `actual` or `predicted`
 * (`topDecileCapture`, a share, still answers there).
 *
 * @example decileTable(actual, predicted)[0] // { decile: 1, customers, meanPredicted, meanActual, … }
 */
export function decileTable(actual: NumberColumn, predicted: NumberColumn): readonly DecileRow[] {
  const { actual: a, predicted: p } = pairedColumns('decileTable', actual, predicted);
  return decileRows(a, p, descendingOrder(p), 'decileTable');
}

/** Per-decile counts and sums, in units of 2^ka (actual) and 2^kp (predicted); `total` is Σ actual likewise. */
interface DecileSums {
  readonly count: Float64Array;
  readonly sumA: Float64Array;
  readonly sumP: Float64Array;
  readonly total: number;
  readonly ka: number;
  readonly kp: number;
}

/** The sums of each decile, scaled (see `decileTable`); `order` is the descending order of `p`. */
function decileSums(a: Float64Array, p: Float64Array, order: Uint32Array): DecileSums {
  const n = a.length;
  const ka = largestExponent(a);
  const kp = largestExponent(p);
  const count = new Float64Array(10);
  const sumP = new Float64Array(10);
  const sumA = new Float64Array(10);
  let total = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    const d = Math.floor((10 * k) / n);
    const ai = timesPowerOfTwo(a[i] as number, -ka);
    count[d] = (count[d] as number) + 1;
    sumP[d] = (sumP[d] as number) + timesPowerOfTwo(p[i] as number, -kp);
    sumA[d] = (sumA[d] as number) + ai;
    total += ai;
  }
  return { count, sumA, sumP, total, ka, kp };
}

/**
 * The decile table's kernel: `order` is the descending order of `p` (ties in input order); a total beyond
 * float64 is a `ClvValidationError` of `where` naming `actual` or `predicted`.
 */
export function decileRows(
  a: Float64Array,
  p: Float64Array,
  order: Uint32Array,
  where: string,
): readonly DecileRow[] {
  const { count, sumA, sumP, total, ka, kp } = decileSums(a, p, order);
  const unscaled = (scaled: number, k: number, field: string) => {
    const value = timesPowerOfTwo(scaled, k);
    if (!Number.isFinite(value))
      throw new ClvValidationError(where, [
        makeIssue(field, 'values whose decile totals are within float64 range (1.8e308)', 'a larger total'),
      ]);
    return value;
  };
  const rows: DecileRow[] = [];
  for (let d = 0; d < 10; d++) {
    const c = count[d] as number;
    if (c === 0) continue;
    rows.push(
      Object.freeze({
        decile: d + 1,
        customers: c,
        meanPredicted: timesPowerOfTwo((sumP[d] as number) / c, kp),
        meanActual: timesPowerOfTwo((sumA[d] as number) / c, ka),
        totalPredicted: unscaled(sumP[d] as number, kp, 'predicted'),
        totalActual: unscaled(sumA[d] as number, ka, 'actual'),
        shareOfActual: total > 0 ? (sumA[d] as number) / total : 0,
      }),
    );
  }
  return Object.freeze(rows);
}

/**
 * Top-decile capture: the share of all actual value held by the 10 % of customers predicted highest (decile 1 of
 * `decileTable`, ⌈n/10⌉ customers), Σ_{decile 1} a_i / Σ_i a_i. A random order captures 0.10 on average;
 * hindsight captures the most possible. Needs Σ actual > 0. A ratio of sums taken in units of a power of two
 * (`scaling.ts`), so it is right even where the totals pass 1.8e308.
 *
 * @example topDecileCapture([5, 0, 0, 0, 0, 0, 0, 0, 0, 5], [9, 1, 1, 1, 1, 1, 1, 1, 1, 1]) // 0.5
 */
export function topDecileCapture(actual: NumberColumn, predicted: NumberColumn): number {
  const where = 'topDecileCapture';
  const { actual: a, predicted: p } = pairedColumns(where, actual, predicted);
  const { sumA, total, ka } = decileSums(a, p, descendingOrder(p));
  if (!(total > 0))
    throw new ClvValidationError(where, [
      makeIssue('actual', 'a positive total', timesPowerOfTwo(total, ka)),
    ]);
  return (sumA[0] as number) / total;
}
