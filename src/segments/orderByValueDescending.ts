/** Below this many indices a comparison sort is as quick as the radix passes' fixed cost. */
const RADIX_FROM = 2048;
const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;

/**
 * Sorts `indices` (ascending, distinct) by `x[i]` largest first, equal values by ascending index — in place, and
 * returns it. Large lists by a least-significant-digit radix sort (four stable passes of 16 bits) over a 64-bit key
 * that orders doubles as numbers: the IEEE-754 bits with the sign bit flipped for positives and every bit flipped
 * for negatives (the classic order-preserving transform), then complemented for descending order; −0 is read as
 * 0, so it ties with 0. Stable passes over indices already in ascending order keep ties in index order — what
 * the comparison sort `(a, b) => x[b] − x[a] || a − b` gives, in O(n) instead of O(n log n) comparisons through
 * a callback. Values must not be NaN.
 *
 * Source: Knuth, The Art of Computer Programming vol. 3, §5.2.5 (radix sorting); Herf (2001), "Radix tricks"
 * (the float-to-unsigned key).
 *
 * @example orderByValueDescending(Float64Array.of(5, 90, 40, 90), [0, 1, 2, 3]) // [1, 3, 2, 0]
 */
export function orderByValueDescending(x: Float64Array, indices: number[]): number[] {
  const n = indices.length;
  if (n < RADIX_FROM) return indices.sort((a, b) => (x[b] as number) - (x[a] as number) || a - b);
  const idx = radixOrder(x, Uint32Array.from(indices));
  for (let j = 0; j < n; j++) indices[j] = idx[j] as number;
  return indices;
}

/**
 * Every index of `x`, 0 … n − 1, ordered by `x[i]` largest first, equal values by ascending index — the order
 * `orderByValueDescending` gives, as a typed array: no list of n numbers is made, read or written back, which
 * for ten million customers is about 0.4 s and 160 MB less (what `clvkit predict` writes its rows in). Values
 * must not be NaN.
 *
 * @example orderAllByValueDescending(Float64Array.of(5, 90, 40, 90)) // Uint32Array [1, 3, 2, 0]
 */
export function orderAllByValueDescending(x: Float64Array): Uint32Array {
  const n = x.length;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (n >= RADIX_FROM) return radixOrder(x, idx);
  idx.set(orderByValueDescending(x, Array.from(idx)));
  return idx;
}

/** The radix sort of `orderByValueDescending` over `idx` (ascending, distinct indices): a new array, or `idx`. */
function radixOrder(x: Float64Array, indices: Uint32Array): Uint32Array {
  const n = indices.length;
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  let idx: Uint32Array = indices;
  for (let j = 0; j < n; j++) {
    bits[0] = (x[idx[j] as number] as number) + 0;
    let h = words[1] as number;
    let l = words[0] as number;
    // Ascending key: flip the sign bit of positives, every bit of negatives; then complement for descending.
    if (h >>> 31 === 0) h ^= 0x80000000;
    else {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    hi[j] = ~h >>> 0;
    lo[j] = ~l >>> 0;
  }
  let hi2 = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let idx2: Uint32Array = new Uint32Array(n);
  const count = new Uint32Array(BUCKETS);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? lo : hi;
    const shift = (pass % 2) * DIGIT_BITS;
    count.fill(0);
    for (let j = 0; j < n; j++) {
      const d = ((word[j] as number) >>> shift) & (BUCKETS - 1);
      count[d] = (count[d] as number) + 1;
    }
    // A pass whose digit is the same for every key moves nothing.
    if (count[((word[0] as number) >>> shift) & (BUCKETS - 1)] === n) continue;
    let sum = 0;
    for (let d = 0; d < BUCKETS; d++) {
      const c = count[d] as number;
      count[d] = sum;
      sum += c;
    }
    for (let j = 0; j < n; j++) {
      const d = ((word[j] as number) >>> shift) & (BUCKETS - 1);
      const to = count[d] as number;
      count[d] = to + 1;
      hi2[to] = hi[j] as number;
      lo2[to] = lo[j] as number;
      idx2[to] = idx[j] as number;
    }
    [hi, hi2] = [hi2, hi];
    [lo, lo2] = [lo2, lo];
    [idx, idx2] = [idx2, idx];
  }
  return idx;
}
