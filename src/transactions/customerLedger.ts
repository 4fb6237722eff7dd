/** Fields of a customer's record in the ledger (Int32 words; a record is 64 bytes, one cache line). */
const FIRST_DAY = 0;
const LAST_DAY = 1;
const CAL_LAST_DAY = 2;
const ORDER_COUNT = 3;
const CAL_ORDER_COUNT = 4;
const HEAD = 5;
const TAIL = 6;
const MAX_GRAIN = 7;
const TAIL_GRAIN = 8;
const STRIDE = 16;
const NO_DAY = -2147483648;
/** Integer ids below this are found through a directory array (one memory access) instead of the map. */
const DIRECTORY_LIMIT = 2 ** 24;

/**
 * The running state of a streaming summarizer, one record per customer: first and last purchase days,
 * order counts, and the customer's purchase occasions (grain number and float spend) as a linked list in
 * shared columns. A customer's record is 64 contiguous bytes, so a row touches few cache lines whatever
 * the number of customers, and integer ids below 2^24 are found through a directory array rather than a
 * hash map. Memory is about 100 bytes per customer plus 16 bytes per occasion, with no object per customer
 * or per row.
 */
export class CustomerLedger {
  /** Customer ids in slot order (first seen first). */
  readonly ids: (string | number)[] = [];
  readonly #slots = new Map<string | number, number>();
  /** slot + 1 by integer id (0: not seen), for ids in [0, DIRECTORY_LIMIT). */
  #directory = new Int32Array(1024);
  #records = new Int32Array(1024 * STRIDE);
  #occCount = 0;
  #occGrain = new Int32Array(4096);
  #occSpend = new Float64Array(4096);
  #occNext = new Int32Array(4096);

  get size(): number {
    return this.ids.length;
  }

  /** The slot of a customer, or -1 when not seen yet. */
  slotOf(id: string | number): number {
    if (typeof id === 'number' && id >= 0 && id < DIRECTORY_LIMIT) {
      return id < this.#directory.length ? (this.#directory[id] as number) - 1 : -1;
    }
    const slot = this.#slots.get(id);
    return slot === undefined ? -1 : slot;
  }

  /** Opens a slot for a new customer. */
  open(id: string | number): number {
    const slot = this.ids.length;
    if ((slot + 1) * STRIDE > this.#records.length)
      this.#records = grownInt(this.#records, this.#records.length * 2);
    if (typeof id === 'number' && id >= 0 && id < DIRECTORY_LIMIT) {
      if (id >= this.#directory.length) {
        let n = this.#directory.length;
        while (n <= id) n *= 2;
        this.#directory = grownInt(this.#directory, Math.min(n, DIRECTORY_LIMIT));
      }
      this.#directory[id] = slot + 1;
    } else this.#slots.set(id, slot);
    this.ids.push(id);
    const r = this.#records;
    const at = slot * STRIDE;
    r[FIRST_DAY + at] = 2147483647;
    r[LAST_DAY + at] = NO_DAY;
    r[CAL_LAST_DAY + at] = NO_DAY;
    r[ORDER_COUNT + at] = 0;
    r[CAL_ORDER_COUNT + at] = 0;
    r[HEAD + at] = -1;
    r[TAIL + at] = -1;
    r[MAX_GRAIN + at] = NO_DAY;
    r[TAIL_GRAIN + at] = NO_DAY;
    return slot;
  }

  /**
   * Records one order of the customer in `slot` on `day` (in grain `grain`) with its float spend; `inWindow`
   * tells whether the day is within the calibration window. The spend goes to the customer's occasion in
   * that grain, opened when new: a grain after every earlier one (logs in date order) is appended at once,
   * the latest occasion is looked at next, and only then the list is walked.
   */
  addOrder(slot: number, day: number, grain: number, spend: number, inWindow: boolean): void {
    const r = this.#records;
    const at = slot * STRIDE;
    r[ORDER_COUNT + at] = (r[ORDER_COUNT + at] as number) + 1;
    if (day < (r[FIRST_DAY + at] as number)) r[FIRST_DAY + at] = day;
    if (day > (r[LAST_DAY + at] as number)) r[LAST_DAY + at] = day;
    if (inWindow) {
      r[CAL_ORDER_COUNT + at] = (r[CAL_ORDER_COUNT + at] as number) + 1;
      if (day > (r[CAL_LAST_DAY + at] as number)) r[CAL_LAST_DAY + at] = day;
    }
    if (grain > (r[MAX_GRAIN + at] as number)) {
      r[MAX_GRAIN + at] = grain;
      this.#append(at, grain, spend);
      return;
    }
    let k = r[TAIL + at] as number;
    if (r[TAIL_GRAIN + at] !== grain) {
      k = r[HEAD + at] as number;
      while (k >= 0 && this.#occGrain[k] !== grain) k = this.#occNext[k] as number;
    }
    if (k >= 0) this.#occSpend[k] = (this.#occSpend[k] as number) + spend;
    else this.#append(at, grain, spend);
  }

  firstDay(slot: number): number {
    return this.#records[slot * STRIDE + FIRST_DAY] as number;
  }
  lastDay(slot: number): number {
    return this.#records[slot * STRIDE + LAST_DAY] as number;
  }
  /** The last purchase day within the calibration window. */
  calLastDay(slot: number): number {
    return this.#records[slot * STRIDE + CAL_LAST_DAY] as number;
  }
  orderCount(slot: number): number {
    return this.#records[slot * STRIDE + ORDER_COUNT] as number;
  }
  /** Orders within the calibration window. */
  calOrderCount(slot: number): number {
    return this.#records[slot * STRIDE + CAL_ORDER_COUNT] as number;
  }

  /**
   * Copies a customer's occasions into `grains`/`spend` (grown when short) sorted by grain; returns how
   * many. Most lists arrive sorted and are only checked.
   */
  occasions(slot: number, buffers: { grains: Int32Array; spend: Float64Array }): number {
    let n = 0;
    let sorted = true;
    for (let k = this.#records[slot * STRIDE + HEAD] as number; k >= 0; k = this.#occNext[k] as number) {
      if (n === buffers.grains.length) {
        buffers.grains = grownInt(buffers.grains, n * 2);
        const s = new Float64Array(n * 2);
        s.set(buffers.spend);
        buffers.spend = s;
      }
      const grain = this.#occGrain[k] as number;
      if (n > 0 && grain < (buffers.grains[n - 1] as number)) sorted = false;
      buffers.grains[n] = grain;
      buffers.spend[n] = this.#occSpend[k] as number;
      n++;
    }
    if (!sorted) sortPairs(buffers.grains, buffers.spend, n);
    return n;
  }

  #append(at: number, grain: number, spend: number): void {
    if (this.#occCount === this.#occGrain.length) {
      const c = this.#occCount * 2;
      this.#occGrain = grownInt(this.#occGrain, c);
      this.#occNext = grownInt(this.#occNext, c);
      const s = new Float64Array(c);
      s.set(this.#occSpend);
      this.#occSpend = s;
    }
    const k = this.#occCount++;
    this.#occGrain[k] = grain;
    this.#occSpend[k] = spend;
    this.#occNext[k] = -1;
    const r = this.#records;
    const tail = r[TAIL + at] as number;
    if (tail < 0) r[HEAD + at] = k;
    else this.#occNext[tail] = k;
    r[TAIL + at] = k;
    r[TAIL_GRAIN + at] = grain;
  }
}

function grownInt(a: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}

/** Sorts the first n (grain, spend) pairs by grain: insertion sort for short lists, an index sort else. */
function sortPairs(grains: Int32Array, spend: Float64Array, n: number): void {
  if (n > 32) {
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => (grains[a] as number) - (grains[b] as number),
    );
    const g = grains.slice(0, n);
    const s = spend.slice(0, n);
    for (let i = 0; i < n; i++) {
      grains[i] = g[order[i] as number] as number;
      spend[i] = s[order[i] as number] as number;
    }
    return;
  }
  for (let i = 1; i < n; i++) {
    const g = grains[i] as number;
    const s = spend[i] as number;
    let j = i - 1;
    while (j >= 0 && (grains[j] as number) > g) {
      grains[j + 1] = grains[j] as number;
      spend[j + 1] = spend[j] as number;
      j--;
    }
    grains[j + 1] = g;
    spend[j + 1] = s;
  }
}
