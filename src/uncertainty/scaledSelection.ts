/**
 * One order statistic of v_j(s) = b_j + s · x_j (j < m) for many increasing values of s: the draws of one
 * purchase history valued for each of its customers, v⁽ᵈ⁾ = (γ⁽ᵈ⁾ + x m̄) R⁽ᵈ⁾ with b = γ⁽ᵈ⁾ R⁽ᵈ⁾ and s = x m̄ (the
 * per-customer engine with spend parameter draws, `simulateCustomerValue`). Exact, without writing every v_j
 * for every s.
 *
 * Each v_j is a line in s, so the draw holding rank r is the same draw until it crosses another line (a kinetic
 * order statistic: Basch, Guibas & Hershberger 1999, *Data structures for mobile data*). At a customer's s the
 * draw j* of rank r is found by selection (Hoare's FIND), and with it the first s′ > s at which any line crosses
 * line j*: t_i = (b_j* − b_i) / (x_i − x_j*). Every later customer before that s′ is valued as b_j* + s x_j*,
 * one multiply-add, until a customer lies past it and j* is selected afresh. On CDNOW's histories, with amounts
 * spread threefold, a history's 95 % quantile changes draw about six times over some 400 customers.
 *
 * Exactly the numbers a full sort gives: a customer is valued from j* only where every line is further from
 * line j* than rounding can move the computed values (the floating-point error of b + s x and of t_i, bounded
 * with a wide margin), so that the computed values there are ordered as the exact ones; a customer nearer to a
 * crossing than that is selected afresh.
 */
import { selectSmallest } from './quantiles.js';

/**
 * The relative margin around a crossing inside which the computed values of two lines may be out of order:
 * the rounding of b + s x and of t_i is below 4 · 2⁻⁵³ of the magnitudes involved; this is ten thousand times
 * that.
 */
const CROSSING_MARGIN = 1e-12;

/** One history's draws (b, x), asked for an order statistic at many increasing s. */
export interface ScaledSelection {
  /**
   * Takes a history's draws b[0 … m) and x[0 … m) (read, not copied: unchanged until the last call).
   *
   * @example selection.load(Float64Array.of(2, 9), Float64Array.of(1, 3), 2)
   */
  load(b: Float64Array, x: Float64Array, m: number): void;
  /**
   * out[p] = the (idx + 1)-th smallest of b_j + s[p] · x_j over j < m, for p < count, s ascending (0 ≤ idx < m),
   * each computed as b_j + s · x_j: the value a full sort gives.
   *
   * @example selection.smallestAlong(Float64Array.of(1, 2, 10), 3, 0, out) // the least b_j + s x_j at s = 1, 2, 10
   */
  smallestAlong(s: Float64Array, count: number, idx: number, out: Float64Array): void;
}

/**
 * A `ScaledSelection` with room for histories of up to `capacity` draws.
 *
 * @example const selection = scaledSelection(1000); selection.load(b, x, m); selection.smallestAlong(s, n, 949, out)
 */
export function scaledSelection(capacity: number): ScaledSelection {
  return new KineticSelection(capacity);
}

/**
 * The kinetic order statistic behind `scaledSelection` (a class: one set of compiled methods for every history
 * and run).
 */
class KineticSelection implements ScaledSelection {
  /** b_j + s x_j of every line at the last s counted (`rankedUntil`). */
  private readonly values: Float64Array;
  private readonly scratch: Float64Array;
  private bs: Float64Array;
  private xs: Float64Array;
  private m = 0;
  /** The largest |b_j| and |x_j| of the history loaded. */
  private largestB = 0;
  private largestX = 0;
  /** The line that comes nearest first in `rankedUntil` (−1: none): the likely draw of the rank after it. */
  private closing = -1;

  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
    this.scratch = new Float64Array(capacity);
    this.bs = this.values;
    this.xs = this.values;
  }

  load(b: Float64Array, x: Float64Array, m: number): void {
    this.bs = b;
    this.xs = x;
    this.m = m;
    let bMax = 0;
    let xMax = 0;
    for (let j = 0; j < m; j++) {
      bMax = Math.max(bMax, Math.abs(b[j] as number));
      xMax = Math.max(xMax, Math.abs(x[j] as number));
    }
    this.largestB = bMax;
    this.largestX = xMax;
  }

  smallestAlong(s: Float64Array, count: number, idx: number, out: Float64Array): void {
    const { bs, xs, values } = this;
    // Rounding moves a computed b + s x (s up to the last customer's) and a gap between two by less than this.
    const near =
      CROSSING_MARGIN *
      (this.largestB + Math.max(Math.abs(s[0] as number), Math.abs(s[count - 1] as number)) * this.largestX);
    let p = 0;
    this.closing = -1;
    while (p < count) {
      const at = s[p] as number;
      // Past a crossing the rank usually passes to the line that crossed: checked by counting, else selected.
      let j = this.closing;
      let until = j < 0 ? Number.NaN : this.rankedUntil(j, at, idx, near);
      if (Number.isNaN(until)) {
        j = this.drawAt(at, idx);
        until = this.rankedUntil(j, at, idx, near);
      }
      out[p++] = values[j] as number;
      const bj = bs[j] as number;
      const xj = xs[j] as number;
      // Later customers before the next crossing (and any at this same s): this draw's value.
      while (p < count && ((s[p] as number) < until || s[p] === at)) {
        out[p] = bj + (s[p] as number) * xj;
        p++;
      }
    }
  }

  /** The draw whose b + s x is the (idx + 1)-th smallest at s (the first such draw among equal values). */
  private drawAt(s: number, idx: number): number {
    const { bs, xs, scratch, m } = this;
    for (let j = 0; j < m; j++) scratch[j] = (bs[j] as number) + s * (xs[j] as number);
    const value = selectSmallest(scratch, m, idx);
    let j = 0;
    while ((bs[j] as number) + s * (xs[j] as number) !== value) j++;
    return j;
  }

  /**
   * When draw `candidate`'s b + s x is the (idx + 1)-th smallest at s: the s below which it keeps that rank and
   * every other line stays further from it than rounding reaches; else NaN. One pass writes `values`, counts the
   * lines above the candidate and of its value, and finds the line to close on it first (`closing`): line i's gap
   * g = v_i − v_c changes by (x_i − x_c) per unit of s, so it comes within `near` after (|g| − 2 near) / |x_i − x_c|
   * (s itself when one is already that near).
   */
  private rankedUntil(candidate: number, s: number, idx: number, near: number): number {
    const { bs, xs, values, m } = this;
    const xc = xs[candidate] as number;
    const v = (bs[candidate] as number) + s * xc;
    let greater = 0;
    let equal = 0;
    let room = Number.POSITIVE_INFINITY;
    let next = -1;
    let tooNear = false;
    for (let i = 0; i < m; i++) {
      const xi = xs[i] as number;
      const vi = (bs[i] as number) + s * xi;
      values[i] = vi;
      if (vi > v) greater++;
      else if (vi === v) equal++;
      const gap = vi - v;
      const dx = xi - xc;
      if (i === candidate || gap * dx > 0 || (gap === 0 && dx === 0)) continue;
      const distance = Math.abs(gap) - 2 * near;
      if (distance <= 0) tooNear = true;
      else if (distance < room * Math.abs(dx)) {
        room = distance / Math.abs(dx);
        next = i;
      }
    }
    const k = m - idx; // the k-th largest
    if (!(greater < k && k <= greater + equal)) return Number.NaN;
    this.closing = next;
    return tooNear ? s : s + room * (1 - CROSSING_MARGIN);
  }
}

/** Partitions below this length are sorted by insertion. */
const INSERTION_BELOW = 16;

/**
 * Sorts keys[lo … hi] in ascending order, moving values[j] with keys[j] (quicksort, median-of-three pivot,
 * insertion sort for short runs): a typed-array sort with a comparator calls back into JavaScript for every
 * comparison, this does not.
 *
 * @example sortAscendingWith(Float64Array.of(3, 1, 2), Float64Array.of(30, 10, 20), 0, 2) // keys [1, 2, 3], values [10, 20, 30]
 */
export function sortAscendingWith(keys: Float64Array, values: Float64Array, lo: number, hi: number): void {
  while (hi - lo >= INSERTION_BELOW) {
    const mid = (lo + hi) >>> 1;
    const a = keys[lo] as number;
    const b = keys[mid] as number;
    const c = keys[hi] as number;
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((keys[i] as number) < pivot) i++;
      while ((keys[j] as number) > pivot) j--;
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
      sortAscendingWith(keys, values, lo, j);
      lo = i;
    } else {
      sortAscendingWith(keys, values, i, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const k = keys[i] as number;
    const v = values[i] as number;
    let j = i - 1;
    while (j >= lo && (keys[j] as number) > k) {
      keys[j + 1] = keys[j] as number;
      values[j + 1] = values[j] as number;
      j--;
    }
    keys[j + 1] = k;
    values[j + 1] = v;
  }
}
