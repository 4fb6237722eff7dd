/** Predicted deciles: the decile table and top-decile capture of a ranking. */
import { ClvValidationError, makeIssue } from '../errors.js';
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
 * than ten customers give fewer (non-empty) rows.
 *
 * @example decileTable(actual, predicted)[0] // { decile: 1, customers, meanPredicted, meanActual, … }
 */
export function decileTable(actual: NumberColumn, predicted: NumberColumn): readonly DecileRow[] {
  const { actual: a, predicted: p } = pairedColumns('decileTable', actual, predicted);
  return decileRows(a, p, descendingOrder(p));
}

/** The decile table's kernel: `order` is the descending order of `p` (ties in input order). */
export function decileRows(a: Float64Array, p: Float64Array, order: Uint32Array): readonly DecileRow[] {
  const n = a.length;
  const count = new Float64Array(10);
  const sumP = new Float64Array(10);
  const sumA = new Float64Array(10);
  let total = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    const d = Math.floor((10 * k) / n);
    count[d] = (count[d] as number) + 1;
    sumP[d] = (sumP[d] as number) + (p[i] as number);
    sumA[d] = (sumA[d] as number) + (a[i] as number);
    total += a[i] as number;
  }
  const rows: DecileRow[] = [];
  for (let d = 0; d < 10; d++) {
    const c = count[d] as number;
    if (c === 0) continue;
    rows.push(
      Object.freeze({
        decile: d + 1,
        customers: c,
        meanPredicted: (sumP[d] as number) / c,
        meanActual: (sumA[d] as number) / c,
        totalPredicted: sumP[d] as number,
        totalActual: sumA[d] as number,
        shareOfActual: total > 0 ? (sumA[d] as number) / total : 0,
      }),
    );
  }
  return Object.freeze(rows);
}

/**
 * Top-decile capture: the share of all actual value held by the 10 % of customers predicted highest (decile 1 of
 * `decileTable`, ⌈n/10⌉ customers). A random order captures 0.10 on average; hindsight captures the most
 * possible. Needs Σ actual > 0.
 *
 * @example topDecileCapture([5, 0, 0, 0, 0, 0, 0, 0, 0, 5], [9, 1, 1, 1, 1, 1, 1, 1, 1, 1]) // 0.5
 */
export function topDecileCapture(actual: NumberColumn, predicted: NumberColumn): number {
  const where = 'topDecileCapture';
  const { actual: a, predicted: p } = pairedColumns(where, actual, predicted);
  let total = 0;
  for (let i = 0; i < a.length; i++) total += a[i] as number;
  if (!(total > 0)) throw new ClvValidationError(where, [makeIssue('actual', 'a positive total', total)]);
  return (decileRows(a, p, descendingOrder(p))[0] as DecileRow).shareOfActual;
}
