/**
 * Sorting an order log by (customer, day) in O(n), in place: one in-place pass by the customer key's top
 * digit (McIlroy, Bostic & McIlroy 1993, "Engineering radix sort": the American flag sort), then each of
 * its buckets by (rest of the key, day) with a least-significant-digit radix sort (Knuth, TAOCP vol. 3,
 * §5.2.5) in a scratch buffer the size of the largest bucket — about 115,000 rows (1.8 MB) for 60 M rows of
 * 10 M customers, so those passes run in the cache. Each row's three columns move together, so the sorted log is
 * read sequentially afterwards — no permutation to gather through. Rows of one customer and day may leave
 * their log order: every figure read from them is a sum, the same in any order. Pure: no I/O, no globals.
 */

/**
 * Bits of the in-place pass's digit at most: 2^9 buckets, whose 1,536 places written (three columns each)
 * the processor's TLB can follow. Measured on 58.5 M rows of 10 M customers: 0.66 s for this pass with 9
 * bits, 1.41 s with 10, 2.04 s with 11; 2.3 s for the whole sort against 3.3 s for the four passes of an
 * out-of-place LSD sort (which needs 16 more bytes per row).
 */
const MAX_DIGIT_BITS = 9;
/** Bits per counting pass within a bucket at most: 2^15 counters (128 KB) stay in the second-level cache. */
const LOCAL_DIGIT_BITS = 15;

/** The number of bits needed to write every integer in [0, max]. @example bitsFor(0) === 0; bitsFor(730) === 10 */
export function bitsFor(max: number): number {
  let bits = 0;
  while (bits < 32 && max >= 2 ** bits) bits++;
  return bits;
}

/** An order log in columns: element i of each is row i. */
export interface OrderRows {
  /** Customer keys, integers in [0, 2^32). */
  readonly customer: Uint32Array;
  /** Day numbers. */
  readonly day: Int32Array;
  /** Amounts (any float64 payload; the summarizer keeps whole ten-thousandths here). */
  readonly units: Float64Array;
}

/**
 * Sorts the rows [0, n) of `rows` by customer key, then day, in place, in O(n), and returns them (the
 * columns' first n elements). First the rows are moved, in place, into one bucket per value of the key's top
 * ≤ 9 bits (of the bits [0, maxKey] needs); then each bucket is sorted by the key's other bits and
 * day − minDay, ⌈bits / 15⌉ counting passes per column, lowest first, through a scratch buffer of 16 bytes
 * per row of the largest bucket (a pass whose digit every row shares is skipped). Memory besides the rows: that scratch and 2^15 counters.
 *
 * @example
 * sortByCustomerDay({ customer: Uint32Array.of(1, 0, 1), day: Int32Array.of(20, 30, 10),
 *   units: Float64Array.of(1, 2, 3) }, 3, 1, 10, 30)
 * // { customer: [0, 1, 1], day: [30, 10, 20], units: [2, 3, 1] }
 */
export function sortByCustomerDay(
  rows: OrderRows,
  n: number,
  maxKey: number,
  minDay: number,
  maxDay: number,
): OrderRows {
  const C = rows.customer.subarray(0, n);
  const D = rows.day.subarray(0, n);
  const U = rows.units.subarray(0, n);
  const keyBits = bitsFor(maxKey);
  const low = Math.max(0, keyBits - MAX_DIGIT_BITS);
  const buckets = 2 ** (keyBits - low);
  // The bucket of every row, then where each bucket ends.
  const end = new Uint32Array(buckets + 1);
  for (let i = 0; i < n; i++) {
    const b = ((C[i] as number) >>> low) + 1;
    end[b] = (end[b] as number) + 1;
  }
  let largest = 0;
  for (let b = 0; b < buckets; b++) {
    largest = Math.max(largest, end[b + 1] as number);
    end[b + 1] = (end[b + 1] as number) + (end[b] as number);
  }
  // In place: each row is taken from the first unplaced place of its bucket's region and swapped along until
  // a row of that region comes back (a cycle of the permutation).
  const next = end.slice(0, buckets);
  for (let b = 0; b < buckets; b++)
    for (let i = next[b] as number; i < (end[b + 1] as number); i = next[b] = i + 1) {
      let c = C[i] as number;
      let d = D[i] as number;
      let u = U[i] as number;
      for (let t = c >>> low; t !== b; t = c >>> low) {
        const j = next[t] as number;
        next[t] = j + 1;
        const c2 = C[j] as number;
        const d2 = D[j] as number;
        const u2 = U[j] as number;
        C[j] = c;
        D[j] = d;
        U[j] = u;
        c = c2;
        d = d2;
        u = u2;
      }
      C[i] = c;
      D[i] = d;
      U[i] = u;
    }
  // Each bucket by (key's low bits, day): day digits first, then the key's, each stable.
  const digits: [boolean, number, number][] = [];
  for (const [ofDay, bits] of [
    [true, bitsFor(maxDay - minDay)],
    [false, low],
  ] as const) {
    const passes = Math.ceil(bits / LOCAL_DIGIT_BITS);
    for (let p = 0, width = Math.ceil(bits / passes); p < passes; p++)
      digits.push([ofDay, p * width, Math.min(width, bits - p * width)]);
  }
  const sc = new Uint32Array(largest);
  const sd = new Int32Array(largest);
  const su = new Float64Array(largest);
  const counts = new Uint32Array(1 << LOCAL_DIGIT_BITS);
  // The keys read as Int32s, so that both columns a digit is read from have one type (a key past 2^31 reads
  // negative, and its digits, taken with >>>, are the same).
  const keys = new Int32Array(C.buffer, C.byteOffset, n);
  const scKeys = new Int32Array(sc.buffer);
  for (let b = 0; b < buckets; b++) {
    const from = end[b] as number;
    const to = end[b + 1] as number;
    const m = to - from;
    if (m < 2) continue;
    let inScratch = false;
    for (const [ofDay, shift, bits] of digits)
      if (
        inScratch
          ? countingPass(
              ofDay ? sd : scKeys,
              ofDay ? minDay : 0,
              shift,
              bits,
              counts,
              sc,
              sd,
              su,
              0,
              C,
              D,
              U,
              from,
              m,
            )
          : countingPass(
              ofDay ? D : keys,
              ofDay ? minDay : 0,
              shift,
              bits,
              counts,
              C,
              D,
              U,
              from,
              sc,
              sd,
              su,
              0,
              m,
            )
      )
        inScratch = !inScratch;
    if (inScratch) {
      C.set(sc.subarray(0, m), from);
      D.set(sd.subarray(0, m), from);
      U.set(su.subarray(0, m), from);
    }
  }
  return { customer: C, day: D, units: U };
}

/**
 * One stable counting pass over rows [at, at + m) of the source by a digit (`bits` wide, from bit `shift`) of
 * day − minDay or of the customer key, into [into, into + m) of the destination. Returns false, moving
 * nothing, when every row has the same digit.
 */
function countingPass(
  digitsOf: Int32Array,
  base: number,
  shift: number,
  bits: number,
  counts: Uint32Array,
  srcC: Uint32Array,
  srcD: Int32Array,
  srcU: Float64Array,
  at: number,
  dstC: Uint32Array,
  dstD: Int32Array,
  dstU: Float64Array,
  into: number,
  m: number,
): boolean {
  const mask = (1 << bits) - 1;
  const col = digitsOf;
  counts.fill(0, 0, mask + 1);
  for (let i = at; i < at + m; i++) {
    const g = (((col[i] as number) - base) >>> shift) & mask;
    counts[g] = (counts[g] as number) + 1;
  }
  if (counts[(((col[at] as number) - base) >>> shift) & mask] === m) return false;
  for (let g = 0, sum = into; g <= mask; g++) {
    const count = counts[g] as number;
    counts[g] = sum;
    sum += count;
  }
  for (let i = at; i < at + m; i++) {
    const g = (((col[i] as number) - base) >>> shift) & mask;
    const k = counts[g] as number;
    counts[g] = k + 1;
    dstC[k] = srcC[i] as number;
    dstD[k] = srcD[i] as number;
    dstU[k] = srcU[i] as number;
  }
  return true;
}
