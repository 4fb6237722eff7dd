/**
 * Orders of customers by a value, shared by the ranking metrics: one sort per column serves Spearman's ranks,
 * the Gini's gain curve, the decile table and top-decile capture (each public metric sorts once; `holdoutScore`
 * sorts each column once for all of them).
 */

/**
 * Indexes of `values` from highest to lowest; equal values keep their input order (deterministic). Without a
 * comparator callback: the values are sorted natively (a typed-array sort), each index finds its value's place
 * among the distinct values by binary search, and a stable counting pass by place writes the order — the order
 * a comparator sort (value descending, then index) gives, several times faster on a million customers.
 *
 * @example descendingOrder(Float64Array.of(1, 3, 3, 2)) // Uint32Array [1, 2, 3, 0]
 */
export function descendingOrder(values: Float64Array): Uint32Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  // The distinct values, highest first (−0 and 0 are one value, as in a comparison).
  const distinct = new Float64Array(n);
  let m = 0;
  for (let k = n - 1; k >= 0; k--) {
    const v = sorted[k] as number;
    if (m === 0 || v !== distinct[m - 1]) distinct[m++] = v;
  }
  const place = new Uint32Array(n);
  const start = new Uint32Array(m + 1);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((distinct[mid] as number) > v) lo = mid + 1;
      else hi = mid;
    }
    place[i] = lo;
    start[lo + 1] = (start[lo + 1] as number) + 1;
  }
  for (let k = 0; k < m; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const k = place[i] as number;
    order[start[k] as number] = i;
    start[k] = (start[k] as number) + 1;
  }
  return order;
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
