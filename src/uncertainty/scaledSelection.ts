/**
 * Order statistics of v_j = b_j + s · x_j (j < m, x_j > 0, b_j = g_j x_j with g_j > 0) for many values of s ≥ 0: the draws of one purchase
 * history valued for each of its customers, v⁽ᵈ⁾ = (γ⁽ᵈ⁾ + x m̄) R⁽ᵈ⁾ with b = γ⁽ᵈ⁾ R⁽ᵈ⁾ and s = x m̄ (the
 * per-customer engine with spend parameter draws, `simulateCustomerValue`). Exact, without writing every v_j.
 * Sorted by x once per history (largest first), with g_j = b_j / x_j: the k-th largest v is at least
 * L = min_{p < k} v_p (k values that high exist), and a draw p with (max_{q ≥ p} g_q + s) x_p < L — and every
 * draw after it — lies below L. So the scan stops there, and only the draws before it are written and selected
 * (Hoare's FIND). Symmetrically for the smallest, from the other end with min_{q ≤ p} g_q.
 */
import { selectSmallest } from './quantiles.js';

/** Relative slack on the bounds, for rounding in b_j / x_j. */
const BOUND_SLACK = 1e-12;

/** One history's draws (b, x), sorted once, then asked for order statistics at any s. */
export interface ScaledSelection {
  /**
   * Takes a history's draws b[0 … m) and x[0 … m) (x > 0), sorted here by x, largest first.
   *
   * @example selection.load(Float64Array.of(2, 9), Float64Array.of(1, 3), 2)
   */
  load(b: Float64Array, x: Float64Array, m: number): void;
  /**
   * The (idx + 1)-th smallest of b_j + s x_j (0 ≤ idx < m), computed as b_j + s · x_j, exactly.
   *
   * @example selection.smallest(10, 0) // the least b_j + 10 x_j
   */
  smallest(s: number, idx: number): number;
  /**
   * `smallest(s, idx)` given its value a at a smaller s′ (s′ < 0: none): as every v_j grows with s, the answer
   * lies between a and a (g_min + s)/(g_min + s′), so only the draws in that bracket are selected among, and the
   * scan stops at the first draw that cannot reach a. The same number as `smallest`.
   *
   * @example selection.smallestNear(10.5, 949, 10, selection.smallest(10, 949))
   */
  smallestNear(s: number, idx: number, previousS: number, previous: number): number;
}

/**
 * A `ScaledSelection` with room for histories of up to `capacity` draws.
 *
 * @example const selection = scaledSelection(1000); selection.load(b, x, m); selection.smallest(35.5, 949)
 */
export function scaledSelection(capacity: number): ScaledSelection {
  const xs = new Float64Array(capacity);
  const bs = new Float64Array(capacity);
  /** max of g over positions p … m−1, and min of g over positions 0 … p. */
  const highFrom = new Float64Array(capacity);
  const lowTo = new Float64Array(capacity);
  const scratch = new Float64Array(capacity);
  let m = 0;
  let lowest = 0;
  return {
    load(b, x, length) {
      m = length;
      xs.set(x.subarray(0, m));
      bs.set(b.subarray(0, m));
      sortDescendingWith(xs, bs, 0, m - 1);
      let low = Number.POSITIVE_INFINITY;
      for (let p = 0; p < m; p++) {
        low = Math.min(low, (bs[p] as number) / (xs[p] as number));
        lowTo[p] = low * (1 - BOUND_SLACK);
      }
      lowest = low;
      let high = 0;
      for (let p = m - 1; p >= 0; p--) {
        high = Math.max(high, (bs[p] as number) / (xs[p] as number));
        highFrom[p] = high * (1 + BOUND_SLACK);
      }
    },
    smallest(s, idx) {
      const k = m - idx; // the k-th largest
      if (k <= idx + 1) {
        let bound = Number.POSITIVE_INFINITY;
        for (let p = 0; p < k; p++) {
          const v = (bs[p] as number) + s * (xs[p] as number);
          scratch[p] = v;
          if (v < bound) bound = v;
        }
        let count = k;
        for (let p = k; p < m; p++) {
          const x = xs[p] as number;
          if (((highFrom[p] as number) + s) * x < bound) break;
          scratch[count++] = (bs[p] as number) + s * x;
        }
        return selectSmallest(scratch, count, count - k);
      }
      const r = idx + 1; // the r-th smallest: the r smallest x are at positions m − r … m − 1
      let bound = 0;
      for (let p = m - 1, c = 0; c < r; p--, c++) {
        const v = (bs[p] as number) + s * (xs[p] as number);
        scratch[c] = v;
        if (v > bound) bound = v;
      }
      let count = r;
      for (let p = m - r - 1; p >= 0; p--) {
        const x = xs[p] as number;
        if (((lowTo[p] as number) + s) * x > bound) break;
        scratch[count++] = (bs[p] as number) + s * x;
      }
      return selectSmallest(scratch, count, idx);
    },
    smallestNear(s, idx, previousS, previous) {
      const k = m - idx;
      if (previousS < 0 || k > idx + 1 || !(previous > 0)) return this.smallest(s, idx);
      const low = previous * (1 - BOUND_SLACK);
      const high = ((previous * (lowest + s)) / (lowest + previousS)) * (1 + BOUND_SLACK);
      let above = 0;
      let count = 0;
      for (let p = 0; p < m; p++) {
        const x = xs[p] as number;
        if (((highFrom[p] as number) + s) * x < low) break;
        const v = (bs[p] as number) + s * x;
        if (v > high) above++;
        else if (v >= low) scratch[count++] = v;
      }
      // The k-th largest is the (k − above)-th largest of the bracket; outside it (rounding), select afresh.
      const inBracket = k - above;
      return inBracket >= 1 && inBracket <= count
        ? selectSmallest(scratch, count, count - inBracket)
        : this.smallest(s, idx);
    },
  };
}

/** Partitions below this length are sorted by insertion. */
const INSERTION_BELOW = 16;

/**
 * Sorts keys[lo … hi] in descending order, moving values[j] with keys[j] (quicksort, median-of-three pivot,
 * insertion sort for short runs): a typed-array sort with a comparator calls back into JavaScript for every
 * comparison, this does not.
 *
 * @example sortDescendingWith(Float64Array.of(1, 3, 2), Float64Array.of(10, 30, 20), 0, 2) // keys [3, 2, 1], values [30, 20, 10]
 */
export function sortDescendingWith(keys: Float64Array, values: Float64Array, lo: number, hi: number): void {
  while (hi - lo >= INSERTION_BELOW) {
    const mid = (lo + hi) >>> 1;
    const a = keys[lo] as number;
    const b = keys[mid] as number;
    const c = keys[hi] as number;
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((keys[i] as number) > pivot) i++;
      while ((keys[j] as number) < pivot) j--;
      if (i <= j) {
        const k = keys[i] as number;
        keys[i] = keys[j] as number;
        keys[j] = k;
        const v = values[i] as number;
        values[i] = values[j] as number;
        values[j] = v;
        i++;
        j--;
      }
    }
    // Recurse into the shorter side, loop on the longer: the stack stays logarithmic.
    if (j - lo < hi - i) {
      sortDescendingWith(keys, values, lo, j);
      lo = i;
    } else {
      sortDescendingWith(keys, values, i, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const k = keys[i] as number;
    const v = values[i] as number;
    let j = i - 1;
    while (j >= lo && (keys[j] as number) < k) {
      keys[j + 1] = keys[j] as number;
      values[j + 1] = values[j] as number;
      j--;
    }
    keys[j + 1] = k;
    values[j + 1] = v;
  }
}
