/**
 * Sorting an order log by (customer, day) in O(n): a least-significant-digit radix sort over typed arrays
 * (Knuth, TAOCP vol. 3, §5.2.5; the counting passes as in Satish, Harris & Garland 2009, "Designing efficient
 * sorting algorithms for manycore GPUs"), stable, so rows of one customer and day keep their log order.
 * Pure: no I/O, no globals; the caller's arrays are read, never written.
 */

/** Bits per counting pass at most: 2^11 counters (8 KB) stay in the first-level cache. */
const MAX_DIGIT_BITS = 11;

/** The number of bits needed to write every integer in [0, max]. @example bitsFor(0) === 0; bitsFor(730) === 10 */
export function bitsFor(max: number): number {
  let bits = 0;
  while (bits < 32 && max >= 2 ** bits) bits++;
  return bits;
}

/**
 * Sorts `keys` (each below 2^bits, bits ≤ 32) with their `payload` stably, by least-significant digit
 * first: ⌈bits / 11⌉ counting passes of equal width, the counts of every pass taken in one read of the keys,
 * a pass whose digit is the same for every key skipped. `scratchKeys` and `scratchPayload` (same length) are
 * the second buffers of the ping-pong; the sorted arrays are returned (either the inputs or the scratch
 * buffers, which are overwritten). Time O(passes · n), memory the four buffers and 2^11 counters per pass.
 *
 * @example
 * const k = Uint32Array.of(5, 1, 5, 0); const p = Uint32Array.of(0, 1, 2, 3);
 * radixSortPairs(k, p, 3, new Uint32Array(4), new Uint32Array(4)) // { keys: [0, 1, 5, 5], payload: [3, 1, 0, 2] }
 */
export function radixSortPairs(
  keys: Uint32Array,
  payload: Uint32Array,
  bits: number,
  scratchKeys: Uint32Array,
  scratchPayload: Uint32Array,
): { keys: Uint32Array; payload: Uint32Array } {
  const n = keys.length;
  if (bits === 0 || n < 2) return { keys, payload };
  const passes = Math.ceil(bits / MAX_DIGIT_BITS);
  const width = Math.ceil(bits / passes);
  const radix = 1 << width;
  const mask = radix - 1;
  const counts = new Uint32Array(passes * radix);
  for (let i = 0; i < n; i++) {
    const k = keys[i] as number;
    for (let p = 0; p < passes; p++) {
      const at = p * radix + ((k >>> (p * width)) & mask);
      counts[at] = (counts[at] as number) + 1;
    }
  }
  let srcK = keys;
  let srcP = payload;
  let dstK = scratchKeys;
  let dstP = scratchPayload;
  const next = new Uint32Array(radix);
  for (let p = 0; p < passes; p++) {
    const base = p * radix;
    // A digit every key shares leaves the order as it is.
    if (counts[base + (((keys[0] as number) >>> (p * width)) & mask)] === n) continue;
    let sum = 0;
    for (let d = 0; d < radix; d++) {
      next[d] = sum;
      sum += counts[base + d] as number;
    }
    const shift = p * width;
    for (let i = 0; i < n; i++) {
      const k = srcK[i] as number;
      const d = (k >>> shift) & mask;
      const to = next[d] as number;
      next[d] = to + 1;
      dstK[to] = k;
      dstP[to] = srcP[i] as number;
    }
    [srcK, dstK] = [dstK, srcK];
    [srcP, dstP] = [dstP, srcP];
  }
  return { keys: srcK, payload: srcP };
}

/** An order log sorted by (customer, day): row i of the sorted log is row `order[i]` of the input. */
export interface SortedOrders {
  /** The customer key of each sorted row (ascending). */
  readonly customer: Uint32Array;
  /** The day number of each sorted row (ascending within a customer). */
  readonly day: Int32Array;
  /** The input row of each sorted row. */
  readonly order: Uint32Array;
}

/**
 * Sorts the rows [0, n) of an order log by customer key, then day, then log position (stable), in O(n):
 * with K = maxKey + 1 and R = maxDay − minDay + 1, when K·R < 2^32 one radix sort of the packed key
 * customer·R + (day − minDay), else a radix sort by day and then a stable one by customer. Keys are
 * integers in [0, maxKey], days integers in [minDay, maxDay]. Memory: 16 bytes per row (two Uint32 key
 * buffers and two Uint32 index buffers), handed back as the three sorted columns.
 *
 * @example
 * sortByCustomerDay(Uint32Array.of(1, 0, 1), Int32Array.of(20, 30, 10), 3, 1, 10, 30)
 * // { customer: [0, 1, 1], day: [30, 10, 20], order: [1, 2, 0] }
 */
export function sortByCustomerDay(
  customerKey: Uint32Array,
  day: Int32Array,
  n: number,
  maxKey: number,
  minDay: number,
  maxDay: number,
): SortedOrders {
  const range = maxDay - minDay + 1;
  const keyBits = bitsFor(maxKey);
  const dayBits = bitsFor(range - 1);
  const keysA = new Uint32Array(n);
  const keysB = new Uint32Array(n);
  const orderA = new Uint32Array(n);
  const orderB = new Uint32Array(n);
  for (let i = 0; i < n; i++) orderA[i] = i;
  if (keyBits + dayBits <= 32) {
    for (let i = 0; i < n; i++)
      keysA[i] = (customerKey[i] as number) * range + ((day[i] as number) - minDay);
    const sorted = radixSortPairs(keysA, orderA, keyBits + dayBits, keysB, orderB);
    // The spare buffers take the decoded columns: no further memory.
    const customer = sorted.keys === keysA ? keysB : keysA;
    const days = new Int32Array((sorted.payload === orderA ? orderB : orderA).buffer, 0, n);
    const packed = sorted.keys;
    let boundary = 0;
    let key = -1;
    for (let i = 0; i < n; i++) {
      const c = packed[i] as number;
      if (c >= boundary) {
        key = Math.floor(c / range);
        boundary = (key + 1) * range;
      }
      customer[i] = key;
      days[i] = c - key * range + minDay;
    }
    return { customer, day: days, order: sorted.payload };
  }
  for (let i = 0; i < n; i++) keysA[i] = (day[i] as number) - minDay;
  const byDay = radixSortPairs(keysA, orderA, dayBits, keysB, orderB);
  const keys = byDay.keys === keysA ? keysB : keysA;
  const byDayOrder = byDay.payload;
  for (let i = 0; i < n; i++) keys[i] = customerKey[byDayOrder[i] as number] as number;
  const spareKeys = byDay.keys;
  const spareOrder = byDayOrder === orderA ? orderB : orderA;
  const sorted = radixSortPairs(keys, byDayOrder, keyBits, spareKeys, spareOrder);
  const days = new Int32Array((sorted.keys === keys ? spareKeys : keys).buffer, 0, n);
  const order = sorted.payload;
  for (let i = 0; i < n; i++) days[i] = day[order[i] as number] as number;
  return { customer: sorted.keys, day: days, order };
}
