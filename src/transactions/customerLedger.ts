import { Decimal } from '../money.js';
import type { ParsedAmount } from './amount.js';
import { MAX_TEXT_UNITS, TEN_THOUSANDTH } from './tenThousandths.js';

/**
 * A customer's record in the ledger: twelve Int32 words, then five float64 figures (88 bytes).
 * Int32 word offsets:
 */
const FIRST_DAY = 0;
const LAST_DAY = 1;
/** Last purchase day within the calibration window (NO_DAY when none). */
const CAL_LAST_DAY = 2;
const ORDER_COUNT = 3;
/** Orders within the calibration window. */
const CAL_ORDER_COUNT = 4;
/** The newest occasion of the customer's list (an index into the occasion columns; -1 when none). */
const HEAD = 5;
const UNUSED = 6;
/** The latest grain with a purchase (any window). */
const MAX_GRAIN = 7;
/** The first and the latest grain with a purchase in the calibration window. */
const FIRST_GRAIN = 8;
const LAST_CAL_GRAIN = 9;
/** Occasions (distinct grains) in the calibration window and after it. */
const CAL_OCCASIONS = 10;
const HOLDOUT_OCCASIONS = 11;
const STRIDE = 22;
/** Float64 offsets within a record (the record starts at float index slot × STRIDE / 2). */
const FIRST_SPEND = 6;
const CAL_SPEND = 7;
const HOLDOUT_SPEND = 8;
/** Exact spend of orders on or before the calibration end, and after it, in whole ten-thousandths. */
const CAL_UNITS = 9;
const LATER_UNITS = 10;
const FLOAT_STRIDE = STRIDE / 2;
/** Units are exact in a float64 below 2^53; past that (or for amounts with more decimals) a Decimal carries the rest. */
const MAX_UNITS = 2 ** 53;

const NO_DAY = -2147483648;
const NO_GRAIN_YET = 2147483647;
/** Integer ids below this are found through a directory array (one memory access) instead of the map. */
const DIRECTORY_LIMIT = 2 ** 24;

/**
 * The running state of a streaming summarizer, one fixed-size record per customer, kept up to date row by
 * row so that `finish` reads each customer's figures without revisiting their orders: first and last
 * purchase days, order counts, purchase occasions (distinct grains) and their float spend, in and after the
 * calibration window, and the first occasion's spend (repeat spend = window spend − first occasion's).
 *
 * A grain is an occasion once, however many orders fall in it; to know whether a grain is new, each
 * customer's grains are kept as a linked list in shared Int32 columns (8 bytes per occasion). A grain after
 * every earlier one (logs in date order) is recognised at once; only out-of-order rows walk the list.
 * Integer ids below 2^24 are found through a directory array, others through a Map. No object is made per
 * customer or per row.
 */
export class CustomerLedger {
  /** Customer ids in slot order (first seen first). */
  readonly ids: (string | number)[] = [];
  readonly #slots = new Map<string | number, number>();
  /** slot + 1 by integer id (0: not seen), for ids in [0, DIRECTORY_LIMIT). */
  #directory = new Int32Array(1024);
  #ints = new Int32Array(1024 * STRIDE);
  #floats = new Float64Array(this.#ints.buffer);
  /** Exact spend beyond what the units hold, for the few customers who need it (by slot). */
  readonly #calRest = new Map<number, Decimal>();
  readonly #laterRest = new Map<number, Decimal>();
  #occCount = 0;
  #occGrain = new Int32Array(4096);
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
    if ((slot + 1) * STRIDE > this.#ints.length) {
      this.#ints = grownInt(this.#ints, this.#ints.length * 2);
      this.#floats = new Float64Array(this.#ints.buffer);
    }
    if (typeof id === 'number' && id >= 0 && id < DIRECTORY_LIMIT) {
      if (id >= this.#directory.length) {
        let n = this.#directory.length;
        while (n <= id) n *= 2;
        this.#directory = grownInt(this.#directory, Math.min(n, DIRECTORY_LIMIT));
      }
      this.#directory[id] = slot + 1;
    } else this.#slots.set(id, slot);
    this.ids.push(id);
    const r = this.#ints;
    const at = slot * STRIDE;
    r[FIRST_DAY + at] = 2147483647;
    r[LAST_DAY + at] = NO_DAY;
    r[CAL_LAST_DAY + at] = NO_DAY;
    r[HEAD + at] = -1;
    r[UNUSED + at] = 0;
    r[MAX_GRAIN + at] = NO_DAY;
    r[FIRST_GRAIN + at] = NO_GRAIN_YET;
    r[LAST_CAL_GRAIN + at] = NO_DAY;
    // Counts and spends start at 0 (fresh typed-array memory).
    return slot;
  }

  /**
   * Records one order of the customer in `slot`: its day, its grain, its amount (exact, when given) and
   * float spend, whether the day is
   * within the calibration window (order counts, last purchase) and whether the grain is (an occasion
   * belongs to the window when its grain starts on or before the window's end).
   */
  addOrder(
    slot: number,
    day: number,
    grain: number,
    amount: ParsedAmount | undefined,
    spend: number,
    dayInWindow: boolean,
    grainInWindow: boolean,
  ): void {
    const r = this.#ints;
    const at = slot * STRIDE;
    if (amount !== undefined) this.#addExact(slot, amount, dayInWindow);
    r[ORDER_COUNT + at] = (r[ORDER_COUNT + at] as number) + 1;
    if (day < (r[FIRST_DAY + at] as number)) r[FIRST_DAY + at] = day;
    if (day > (r[LAST_DAY + at] as number)) r[LAST_DAY + at] = day;
    if (dayInWindow) {
      r[CAL_ORDER_COUNT + at] = (r[CAL_ORDER_COUNT + at] as number) + 1;
      if (day > (r[CAL_LAST_DAY + at] as number)) r[CAL_LAST_DAY + at] = day;
    }
    const isNew = this.#noteGrain(at, grain);
    const f = this.#floats;
    const fat = slot * FLOAT_STRIDE;
    if (grainInWindow) {
      f[CAL_SPEND + fat] = (f[CAL_SPEND + fat] as number) + spend;
      if (isNew) {
        r[CAL_OCCASIONS + at] = (r[CAL_OCCASIONS + at] as number) + 1;
        if (grain > (r[LAST_CAL_GRAIN + at] as number)) r[LAST_CAL_GRAIN + at] = grain;
      }
      const first = r[FIRST_GRAIN + at] as number;
      if (grain < first) {
        r[FIRST_GRAIN + at] = grain;
        f[FIRST_SPEND + fat] = spend;
      } else if (grain === first) f[FIRST_SPEND + fat] = (f[FIRST_SPEND + fat] as number) + spend;
    } else {
      f[HOLDOUT_SPEND + fat] = (f[HOLDOUT_SPEND + fat] as number) + spend;
      if (isNew) r[HOLDOUT_OCCASIONS + at] = (r[HOLDOUT_OCCASIONS + at] as number) + 1;
    }
  }

  firstDay(slot: number): number {
    return this.#ints[slot * STRIDE + FIRST_DAY] as number;
  }
  lastDay(slot: number): number {
    return this.#ints[slot * STRIDE + LAST_DAY] as number;
  }
  /** The last purchase day within the calibration window. */
  calLastDay(slot: number): number {
    return this.#ints[slot * STRIDE + CAL_LAST_DAY] as number;
  }
  orderCount(slot: number): number {
    return this.#ints[slot * STRIDE + ORDER_COUNT] as number;
  }
  /** Orders within the calibration window. */
  calOrderCount(slot: number): number {
    return this.#ints[slot * STRIDE + CAL_ORDER_COUNT] as number;
  }
  /** The first grain with a purchase in the calibration window. */
  firstGrain(slot: number): number {
    return this.#ints[slot * STRIDE + FIRST_GRAIN] as number;
  }
  /** The latest grain with a purchase in the calibration window. */
  lastCalGrain(slot: number): number {
    return this.#ints[slot * STRIDE + LAST_CAL_GRAIN] as number;
  }
  /** Occasions in the calibration window. */
  calOccasions(slot: number): number {
    return this.#ints[slot * STRIDE + CAL_OCCASIONS] as number;
  }
  /** Occasions after the calibration window. */
  holdoutOccasions(slot: number): number {
    return this.#ints[slot * STRIDE + HOLDOUT_OCCASIONS] as number;
  }
  /** Float spend of the calibration window's occasions other than the first. */
  repeatSpend(slot: number): number {
    const fat = slot * FLOAT_STRIDE;
    return (this.#floats[CAL_SPEND + fat] as number) - (this.#floats[FIRST_SPEND + fat] as number);
  }
  /** Float spend of the occasions after the calibration window. */
  holdoutSpend(slot: number): number {
    return this.#floats[slot * FLOAT_STRIDE + HOLDOUT_SPEND] as number;
  }

  /** The exact spend of the orders on or before the calibration end (all orders without a split). */
  calTotal(slot: number): Decimal {
    const units = new Decimal(this.#floats[slot * FLOAT_STRIDE + CAL_UNITS] as number).mul(TEN_THOUSANDTH);
    const rest = this.#calRest.get(slot);
    return rest === undefined ? units : units.add(rest);
  }

  /**
   * The exact spend of the calibration window as whole ten-thousandths, when the record holds all of it
   * (no Decimal rest, at most `MAX_TEXT_UNITS`); -1 otherwise (then read `calTotal`).
   */
  calUnits(slot: number): number {
    const units = this.#floats[slot * FLOAT_STRIDE + CAL_UNITS] as number;
    return units <= MAX_TEXT_UNITS && !this.#calRest.has(slot) ? units : -1;
  }

  /**
   * Adds an amount exactly: amounts with at most four decimals as whole ten-thousandths in the record
   * (no Decimal arithmetic per row), anything else, or a sum past 2^53 units, in a Decimal.
   */
  #addExact(slot: number, amount: ParsedAmount, inWindow: boolean): void {
    const i = slot * FLOAT_STRIDE + (inWindow ? CAL_UNITS : LATER_UNITS);
    if (typeof amount === 'number') {
      const units = (this.#floats[i] as number) + amount;
      if (units < MAX_UNITS) {
        this.#floats[i] = units;
        return;
      }
      amount = new Decimal(amount).mul(TEN_THOUSANDTH);
    }
    const rests = inWindow ? this.#calRest : this.#laterRest;
    const rest = rests.get(slot);
    rests.set(slot, rest === undefined ? amount : rest.add(amount));
  }

  /**
   * Calls `visit` with every distinct grain the customer in `slot` bought in (any window), in no particular
   * order (newest first for logs in date order).
   */
  forEachGrain(slot: number, visit: (grain: number) => void): void {
    for (let k = this.#ints[slot * STRIDE + HEAD] as number; k >= 0; k = this.#occNext[k] as number)
      visit(this.#occGrain[k] as number);
  }

  /** Whether `grain` is a new occasion of the customer at `at`; adds it to their list when it is. */
  #noteGrain(at: number, grain: number): boolean {
    const r = this.#ints;
    const max = r[MAX_GRAIN + at] as number;
    if (grain === max) return false;
    if (grain < max) {
      for (let k = r[HEAD + at] as number; k >= 0; k = this.#occNext[k] as number) {
        if (this.#occGrain[k] === grain) return false;
      }
    } else r[MAX_GRAIN + at] = grain;
    if (this.#occCount === this.#occGrain.length) {
      this.#occGrain = grownInt(this.#occGrain, this.#occCount * 2);
      this.#occNext = grownInt(this.#occNext, this.#occCount * 2);
    }
    // Prepended: the list is only searched, so its order does not matter, and nothing far away is written.
    const k = this.#occCount++;
    this.#occGrain[k] = grain;
    this.#occNext[k] = r[HEAD + at] as number;
    r[HEAD + at] = k;
    return true;
  }
}

function grownInt(a: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}
