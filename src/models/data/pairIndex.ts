/** The distinct (a, b) pairs of two columns, and each row's index into them (see `pairIndex`). */
export interface PairIndex {
  /** Pair of each row: an index into `a` and `b`. */
  readonly code: Uint32Array;
  /** The distinct pairs, in order of first appearance. */
  readonly a: Float64Array;
  readonly b: Float64Array;
}

/**
 * Numbers the distinct (a, b) pairs of two equal-length columns in order of first appearance, with each row's
 * pair: an open-addressing hash over the float64 bit patterns (FNV-1a, linear probing), linear in the rows and
 * with no Map or string keys — for quantities that depend on two columns only, computed once per distinct
 * pair and scattered back (e.g. the ₂F₁ of the BG/NBD's conditional expectation, a function of (x, T)).
 * −0 and 0 are one value.
 *
 * @example pairIndex(Float64Array.of(1, 2, 1), Float64Array.of(5, 5, 5)).code // Uint32Array [0, 1, 0]
 */
export function pairIndex(a: Float64Array, b: Float64Array): PairIndex {
  const n = a.length;
  // The table grows with the pairs (at most half full), so few distinct pairs are hashed in cache.
  let capacity = 1024;
  let mask = capacity - 1;
  let table = new Int32Array(capacity).fill(-1);
  const hashOf = new Int32Array(n);
  const code = new Uint32Array(n);
  const pa = new Float64Array(n);
  const pb = new Float64Array(n);
  const bits = new Float64Array(2);
  const words = new Uint32Array(bits.buffer);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const x = (a[i] as number) + 0;
    const y = (b[i] as number) + 0;
    bits[0] = x;
    bits[1] = y;
    let h = 0x811c9dc5;
    for (let k = 0; k < 4; k++) h = Math.imul(h ^ (words[k] as number), 0x01000193);
    h ^= h >>> 15;
    let slot = h & mask;
    for (;;) {
      const g = table[slot] as number;
      if (g < 0) {
        table[slot] = m;
        hashOf[m] = h;
        pa[m] = x;
        pb[m] = y;
        code[i] = m++;
        if (m * 2 > capacity) {
          capacity *= 4;
          mask = capacity - 1;
          table = new Int32Array(capacity).fill(-1);
          for (let j = 0; j < m; j++) {
            let at = (hashOf[j] as number) & mask;
            while ((table[at] as number) >= 0) at = (at + 1) & mask;
            table[at] = j;
          }
        }
        break;
      }
      if (pa[g] === x && pb[g] === y) {
        code[i] = g;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { code, a: pa.slice(0, m), b: pb.slice(0, m) };
}
