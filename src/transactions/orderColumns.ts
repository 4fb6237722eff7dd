import { ClvError } from '../errors.js';
import type { Decimal } from '../money.js';
import type { ParsedAmount } from './amount.js';

/** `units` at or above this refer to an exact Decimal: `decimals[(units − EXACT_REF) / 2]`. */
export const EXACT_REF = 2 ** 53;

/** The bytes of one row in `OrderColumns`: key (4), day (4), amount (8). */
export const BYTES_PER_ROW = 16;

/**
 * The accepted rows of an order log in compact columns, growing as rows arrive: the customer key
 * (Uint32, 4 bytes), the day number (Int32, 4 bytes) and the amount in whole ten-thousandths (float64,
 * 8 bytes; exact below 2^53 in magnitude) — 16 bytes per row, up to twice that while a column doubles. An
 * amount that is no whole number of ten-thousandths (or too large) is kept as an exact Decimal in
 * `decimals`, its row's `units` then being the reference EXACT_REF + 2j (floats there are even integers), so
 * that the reference moves with the row when the columns are sorted.
 */
export class OrderColumns {
  customer: Uint32Array<ArrayBuffer>;
  day: Int32Array<ArrayBuffer>;
  units: Float64Array<ArrayBuffer>;
  /** The exact amounts that `units` refers to. */
  readonly decimals: Decimal[] = [];
  length = 0;
  maxKey = 0;
  minDay = 2147483647;
  maxDay = -2147483648;
  /** Whether some row has a negative amount (a return). */
  hasReturns = false;

  /** The most rows the columns grow to (a spilling summarizer's run; unbounded otherwise). */
  private readonly maxCapacity: number;

  constructor(capacity = 1024, maxCapacity = Number.POSITIVE_INFINITY) {
    this.maxCapacity = Math.max(1, maxCapacity);
    const c = Math.max(1, Math.min(capacity, this.maxCapacity));
    this.customer = new Uint32Array(c);
    this.day = new Int32Array(c);
    this.units = new Float64Array(c);
  }

  /** Appends a row: customer key (an integer in [0, 2^32)), day number, parsed amount (undefined: 0). */
  push(key: number, day: number, amount: ParsedAmount | undefined): void {
    const i = this.length;
    if (i === this.units.length) {
      // Full at the budget: the run these rows should have become was not written (its store failed).
      if (i >= this.maxCapacity)
        throw new ClvError(
          'summarizer: the rows held reached the memory budget and could not be written as a run (the spill store failed; start a new summarizer)',
        );
      this.grow(Math.min(i * 2, this.maxCapacity));
    }
    this.customer[i] = key;
    this.day[i] = day;
    if (typeof amount === 'number') {
      this.units[i] = amount;
      if (amount < 0) this.hasReturns = true;
    } else if (amount === undefined) this.units[i] = 0;
    else {
      this.units[i] = EXACT_REF + 2 * this.decimals.length;
      this.decimals.push(amount);
      if (amount.isNegative()) this.hasReturns = true;
    }
    if (key > this.maxKey) this.maxKey = key;
    if (day < this.minDay) this.minDay = day;
    if (day > this.maxDay) this.maxDay = day;
    this.length = i + 1;
  }

  /**
   * Lets the rows go (after they were written as a sorted run), keeping the capacity, the exact amounts (the
   * run's rows refer to them) and the largest key; the day bounds start afresh.
   */
  clearRows(): void {
    this.length = 0;
    this.minDay = 2147483647;
    this.maxDay = -2147483648;
  }

  /** Lets go of the columns once the rows are summed (16 bytes a row); nothing is added afterwards. */
  release(): void {
    this.length = 0;
    this.customer = new Uint32Array(0);
    this.day = new Int32Array(0);
    this.units = new Float64Array(0);
  }

  private grow(capacity: number): void {
    const customer = new Uint32Array(capacity);
    customer.set(this.customer);
    const day = new Int32Array(capacity);
    day.set(this.day);
    const units = new Float64Array(capacity);
    units.set(this.units);
    this.customer = customer;
    this.day = day;
    this.units = units;
  }
}
