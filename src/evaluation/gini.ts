/** The normalized Gini coefficient of a ranking of customers by predicted value. */
import { ClvValidationError, makeIssue } from '../errors.js';
import { type NumberColumn, pairedColumns } from './columns.js';
import { descendingOrder, forEachTie } from './ordering.js';

/**
 * The raw Gini of `actual` in a descending `order` of `by`: with G_k the share of Σ actual held by the first k
 * customers of that order (the cumulative gain or Lorenz curve), Gini = 2 · (1/n) Σ_k G_k − 1. Customers tied
 * in `by` share their group's actual value evenly (the expected curve over every order of the tie), and the
 * values are divided by the largest first (the same shares, no overflow). Kernel: Σ actual > 0.
 */
export function rawGini(actual: Float64Array, by: Float64Array, order: Uint32Array): number {
  const n = actual.length;
  // The shares G_k do not change when every value is divided by the largest; the sums then stay below n, where
  // values near 1e308 would overflow to Infinity (and every share to NaN).
  let largest = 0;
  for (let i = 0; i < n; i++) largest = Math.max(largest, actual[i] as number);
  let total = 0;
  for (let i = 0; i < n; i++) total += (actual[i] as number) / largest;
  let cumulative = 0;
  let area = 0;
  forEachTie(by, order, (start, end) => {
    let group = 0;
    for (let k = start; k < end; k++) group += (actual[order[k] as number] as number) / largest;
    const each = group / (end - start);
    for (let k = start; k < end; k++) {
      cumulative += each;
      area += cumulative / total;
    }
  });
  return (2 * area) / n - 1;
}

/**
 * Normalized Gini coefficient of a ranking: the Gini of actual value ordered by the prediction, divided by the
 * Gini of the perfect order (by actual value itself). 1 = the prediction orders customers as well as hindsight,
 * about 0 = no better than chance, < 0 worse. With G_k the share of Σ a held by the k customers ranked highest:
 *
 *   Gini(order) = 2 · (1/n) Σ_{k=1}^{n} G_k − 1,   normalized = Gini(by predicted) / Gini(by actual).
 *
 * Source: Wang, Liu & Miao (2019), "A Deep Probabilistic Model for Customer Lifetime Value Prediction",
 * arXiv:1912.07753, and its code (google/lifetime_value, `gini_from_gain`), whose discrete sum gives a random
 * (or constant) order a raw Gini of 1/n rather than 0 — negligible for thousands of customers, visible for a
 * handful (a constant prediction of 4 customers scores (1/4) / Gini_perfect). Ties in the prediction share
 * their actual value evenly (the expected Gini over orders of the tie). Actual values must be ≥ 0 with a positive
 * total, and not all equal (else no order is better than another: a `ClvValidationError`).
 *
 * @example normalizedGini([0, 1, 2, 3], [0.1, 0.4, 0.3, 0.8]) // (7/12) / (2/3) = 0.875
 */
export function normalizedGini(actual: NumberColumn, predicted: NumberColumn): number {
  const where = 'normalizedGini';
  const { actual: a, predicted: p } = pairedColumns(where, actual, predicted);
  let total = 0;
  for (let i = 0; i < a.length; i++) {
    if ((a[i] as number) < 0)
      throw new ClvValidationError(where, [makeIssue(`actual[${i}]`, 'a number ≥ 0', a[i], i)]);
    total += a[i] as number;
  }
  if (!(total > 0)) throw new ClvValidationError(where, [makeIssue('actual', 'a positive total', total)]);
  const perfect = rawGini(a, a, descendingOrder(a));
  if (a.every((v) => v === a[0]) || !(perfect > 0))
    throw new ClvValidationError(where, [
      makeIssue('actual', 'values that differ between customers (a Gini to normalize by)', 'all equal'),
    ]);
  return rawGini(a, p, descendingOrder(p)) / perfect;
}
