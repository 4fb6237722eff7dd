/**
 * Orders of customers by a value, shared by the ranking metrics: one sort per column serves Spearman's ranks,
 * the Gini's gain curve, the decile table and top-decile capture (each public metric sorts once; `holdoutScore`
 * sorts each column once for all of them).
 */

/**
 * Indexes of `values` from highest to lowest; equal values keep their input order (deterministic).
 *
 * @example descendingOrder(Float64Array.of(1, 3, 3, 2)) // Uint32Array [1, 2, 3, 0]
 */
export function descendingOrder(values: Float64Array): Uint32Array {
  return Uint32Array.from({ length: values.length }, (_, i) => i).sort(
    (i, j) => (values[j] as number) - (values[i] as number) || i - j,
  );
}

/**
 * Calls `group(start, end)` for each run of equal values in `order` (positions start … end − 1).
 */
export function forEachTie(
  values: Float64Array,
  order: Uint32Array,
  group: (start: number, end: number) => void,
): void {
  const n = order.length;
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end] as number] === values[order[start] as number]) end++;
    group(start, end);
    start = end;
  }
}

/**
 * Ascending ranks 1..n with ties sharing their average rank, from a descending order: a tie spanning descending
 * positions start … end − 1 has ascending ranks n − end + 1 … n − start, average n − (start + end − 1)/2.
 */
export function ranksFromOrder(values: Float64Array, order: Uint32Array): Float64Array {
  const n = order.length;
  const ranks = new Float64Array(n);
  forEachTie(values, order, (start, end) => {
    const rank = n - (start + end - 1) / 2;
    for (let k = start; k < end; k++) ranks[order[k] as number] = rank;
  });
  return ranks;
}
