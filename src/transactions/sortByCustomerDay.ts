/**
 * Sorting an order log by (customer, day) in O(n): a least-significant-digit radix sort over typed arrays
 * (Knuth, TAOCP vol. 3, §5.2.5, "radix sorting"), stable, so rows of one customer and day keep their log
 * order. Each row's three columns move together, so the sorted log is read sequentially afterwards — no
 * permutation to gather through, whose random reads would cost a cache miss per row. Pure: no I/O, no
 * globals.
 */

/** Bits per counting pass at most: 2^11 counters (8 KB) stay in the first-level cache. */
const MAX_DIGIT_BITS = 11;

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

/** One digit of a sort: the column it is read from, its shift and width. */
interface Digit {
  readonly ofDay: boolean;
  readonly shift: number;
  readonly bits: number;
}

/** Splits `bits` into ⌈bits / 11⌉ digits of nearly equal width, lowest first. */
function digitsOf(bits: number, ofDay: boolean): Digit[] {
  if (bits === 0) return [];
  const passes = Math.ceil(bits / MAX_DIGIT_BITS);
  const width = Math.ceil(bits / passes);
  return Array.from({ length: passes }, (_, p) => ({
    ofDay,
    shift: p * width,
    bits: Math.min(width, bits - p * width),
  }));
}

/**
 * Sorts the rows [0, n) of `rows` by customer key, then day, then log position, in O(n): an LSD radix sort
 * whose digits are those of day − minDay (lowest first), then those of the customer key — ⌈bits / 11⌉
 * counting passes per column, where bits is what [0, maxKey] and [0, maxDay − minDay] need (e.g. 1.25 M
 * customers over 2 years: 1 pass by day, 2 by customer). The counts of every pass are taken first, and a
 * pass whose digit is the same for every row is skipped. Each pass moves the three
 * columns (16 bytes per row) into the other buffers; `rows`' arrays are one side of that ping-pong and are
 * overwritten (the sort owns them), the other side is allocated here: 16 bytes per row. Returns the sorted
 * columns (either side), each of length n.
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
  let srcC: Uint32Array = rows.customer.subarray(0, n);
  let srcD: Int32Array = rows.day.subarray(0, n);
  let srcU: Float64Array = rows.units.subarray(0, n);
  const digits = [...digitsOf(bitsFor(maxDay - minDay), true), ...digitsOf(bitsFor(maxKey), false)];
  if (n < 2 || digits.length === 0) return { customer: srcC, day: srcD, units: srcU };
  // The counts of every digit: one tight read of its column each (sequential, cheap next to the scatters).
  const offsets = digits.map((g) => {
    const counts = new Uint32Array(1 << g.bits);
    const mask = (1 << g.bits) - 1;
    const shift = g.shift;
    if (g.ofDay)
      for (let i = 0; i < n; i++) {
        const d = (((srcD[i] as number) - minDay) >>> shift) & mask;
        counts[d] = (counts[d] as number) + 1;
      }
    else
      for (let i = 0; i < n; i++) {
        const d = ((srcC[i] as number) >>> shift) & mask;
        counts[d] = (counts[d] as number) + 1;
      }
    return counts;
  });
  let dstC: Uint32Array = new Uint32Array(n);
  let dstD: Int32Array = new Int32Array(n);
  let dstU: Float64Array = new Float64Array(n);
  for (let p = 0; p < digits.length; p++) {
    const g = digits[p] as Digit;
    const next = offsets[p] as Uint32Array;
    const mask = (1 << g.bits) - 1;
    // A digit every row shares leaves the order as it is.
    const first = g.ofDay ? ((srcD[0] as number) - minDay) >>> g.shift : (srcC[0] as number) >>> g.shift;
    if (next[first & mask] === n) continue;
    let sum = 0;
    for (let d = 0; d <= mask; d++) {
      const count = next[d] as number;
      next[d] = sum;
      sum += count;
    }
    if (g.ofDay) scatter(srcD, minDay, g.shift, mask, next, srcC, srcD, srcU, dstC, dstD, dstU, n);
    else scatterByKey(g.shift, mask, next, srcC, srcD, srcU, dstC, dstD, dstU, n);
    [srcC, dstC] = [dstC, srcC];
    [srcD, dstD] = [dstD, srcD];
    [srcU, dstU] = [dstU, srcU];
  }
  return { customer: srcC, day: srcD, units: srcU };
}

/** One counting pass by a digit of day − minDay: row i goes to next[digit]++. */
function scatter(
  digitOf: Int32Array,
  minDay: number,
  shift: number,
  mask: number,
  next: Uint32Array,
  srcC: Uint32Array,
  srcD: Int32Array,
  srcU: Float64Array,
  dstC: Uint32Array,
  dstD: Int32Array,
  dstU: Float64Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const d = (((digitOf[i] as number) - minDay) >>> shift) & mask;
    const to = next[d] as number;
    next[d] = to + 1;
    dstC[to] = srcC[i] as number;
    dstD[to] = srcD[i] as number;
    dstU[to] = srcU[i] as number;
  }
}

/** One counting pass by a digit of the customer key. */
function scatterByKey(
  shift: number,
  mask: number,
  next: Uint32Array,
  srcC: Uint32Array,
  srcD: Int32Array,
  srcU: Float64Array,
  dstC: Uint32Array,
  dstD: Int32Array,
  dstU: Float64Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const k = srcC[i] as number;
    const d = (k >>> shift) & mask;
    const to = next[d] as number;
    next[d] = to + 1;
    dstC[to] = k;
    dstD[to] = srcD[i] as number;
    dstU[to] = srcU[i] as number;
  }
}
