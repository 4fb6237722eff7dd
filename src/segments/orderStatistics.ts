/**
 * Order statistics without a full sort (internal). `Float64Array.prototype.sort` costs about 0.2 s per million
 * values in V8; the few cut values a quantile rule needs are found in linear expected time by selection.
 */

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}

/**
 * Rearranges `a[left..right]` so that `a[k]` is the value a full ascending sort would put there, with nothing
 * larger before it and nothing smaller after it. Floyd & Rivest (1975), "Algorithm 489: SELECT", CACM 18(3):
 * expected n + min(k, n − k) + o(n) comparisons; many equal values are fine.
 */
export function selectKth(a: Float64Array, k: number, left = 0, right = a.length - 1): void {
  while (right > left) {
    if (right - left > 600) {
      // Recurse on a sample around k so that the pivot lands very close to the k-th value.
      const n = right - left + 1;
      const m = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd));
      selectKth(a, k, newLeft, newRight);
    }
    const t = a[k] as number;
    let i = left;
    let j = right;
    swap(a, left, k);
    if ((a[right] as number) > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while ((a[i] as number) < t) i++;
      while ((a[j] as number) > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

/**
 * The values at ascending 0-based positions `ks` (non-decreasing) of `a` once sorted, found by successive
 * selections on ever smaller right-hand ranges. Reorders `a`.
 */
export function selectMany(a: Float64Array, ks: readonly number[]): Float64Array {
  const out = new Float64Array(ks.length);
  let left = 0;
  for (let q = 0; q < ks.length; q++) {
    const k = ks[q] as number;
    if (k >= left) {
      selectKth(a, k, left, a.length - 1);
      left = k + 1;
    }
    out[q] = a[k] as number;
  }
  return out;
}
