import { Decimal, toDecimal } from '../money.js';

/** Amounts are summed exactly in units of 1/10,000 while they have at most four decimals (the common case). */
const SCALE = 10_000;
const MAX_UNITS = 2 ** 53;
const SHORT_DECIMAL = /^\s*\+?\d+(\.\d{0,4})?\s*$/;
/** 1/SCALE, exactly: multiplying by it places the decimal point without a division. */
const UNIT = new Decimal('0.0001');

/**
 * A parsed amount: whole ten-thousandths (a number) when it has at most four decimals, else its exact
 * Decimal. A number counts as short when it is exactly its four-decimal rounding (0.1 → 1000 units).
 */
export type ParsedAmount = number | Decimal;

/**
 * Parses a non-negative amount (number, numeric string or Decimal); undefined when it is not one.
 * @example parseAmount('12.5') === 125000; parseAmount('0.00001') instanceof Decimal; parseAmount(-1) === undefined
 */
export function parseAmount(amount: unknown): ParsedAmount | undefined {
  if (typeof amount === 'number') {
    if (amount >= 0 && amount !== Number.POSITIVE_INFINITY) {
      const u = Math.round(amount * SCALE);
      if (u < MAX_UNITS && u / SCALE === amount) return u;
    }
  } else if (typeof amount === 'string' && SHORT_DECIMAL.test(amount)) {
    const u = Math.round(Number(amount) * SCALE);
    if (u < MAX_UNITS) return u;
  }
  const d = toDecimal(amount);
  return d === undefined || d.isNegative() ? undefined : d;
}

/** The float value of a parsed amount (for the statistical figures). */
export function amountValue(amount: ParsedAmount): number {
  return typeof amount === 'number' ? amount / SCALE : amount.toNumber();
}

/**
 * Many exact running sums of non-negative amounts, one per slot (a customer), in columns: amounts with at
 * most four decimals add up as whole ten-thousandths in a Float64Array (exact below 2^53 units, about 900
 * billion); anything else, or a sum past that, is carried in a Decimal kept only for the slots that need
 * one. No object per slot and no Decimal arithmetic per row in the common case.
 *
 * @example const s = new ExactSums(); s.add(0, parseAmount('0.1')!); s.add(0, parseAmount(0.2)!); s.total(0).toString() === '0.3'
 */
export class ExactSums {
  #units = new Float64Array(1024);
  readonly #rest = new Map<number, Decimal>();

  /** Adds a parsed amount to a slot. */
  add(slot: number, amount: ParsedAmount): void {
    if (slot >= this.#units.length) this.#grow(slot);
    if (typeof amount === 'number') {
      const units = (this.#units[slot] as number) + amount;
      if (units < MAX_UNITS) {
        this.#units[slot] = units;
        return;
      }
      this.#addRest(slot, new Decimal(amount).mul(UNIT));
      return;
    }
    this.#addRest(slot, amount);
  }

  /** The exact total of a slot. */
  total(slot: number): Decimal {
    const units = new Decimal(this.#units[slot] ?? 0).mul(UNIT);
    const rest = this.#rest.get(slot);
    return rest === undefined ? units : units.add(rest);
  }

  #addRest(slot: number, d: Decimal): void {
    const rest = this.#rest.get(slot);
    this.#rest.set(slot, rest === undefined ? d : rest.add(d));
  }

  #grow(slot: number): void {
    let n = this.#units.length;
    while (n <= slot) n *= 2;
    const bigger = new Float64Array(n);
    bigger.set(this.#units);
    this.#units = bigger;
  }
}
