import type { Decimal } from '../money.js';
import { toDecimal } from '../money.js';

/**
 * Order amounts as the summarizer reads them. Amounts are summed exactly in units of 1/10,000 while they have
 * at most four decimals (the common case; see `CustomerLedger`).
 */
const SCALE = 10_000;
const MAX_UNITS = 2 ** 53;
/**
 * A short decimal string below this many units (about 112 billion) reads exactly through a float64: the
 * parse and the scaling each err by under 2^-53 relative, together less than half a unit here.
 */
const MAX_STRING_UNITS = 2 ** 50;
const SHORT_DECIMAL = /^\s*\+?\d+(\.\d{0,4})?\s*$/;
const SHORT_SIGNED_DECIMAL = /^\s*[+-]?\d+(\.\d{0,4})?\s*$/;

/**
 * A parsed amount: whole ten-thousandths (a number) when it has at most four decimals, else its exact
 * Decimal. A number counts as short when it is exactly its four-decimal rounding (0.1 → 1000 units).
 */
export type ParsedAmount = number | Decimal;

/**
 * Parses a non-negative amount (number, numeric string or Decimal) — or, with `signed`, any amount, a
 * negative one being a return; undefined when it is not one.
 * @example parseAmount('12.5') === 125000; parseAmount('0.00001') instanceof Decimal; parseAmount(-1) === undefined; parseAmount('-2.5', true) === -25000
 */
export function parseAmount(amount: unknown, signed = false): ParsedAmount | undefined {
  if (typeof amount === 'number') {
    if ((signed || amount >= 0) && Number.isFinite(amount)) {
      const u = Math.round(amount * SCALE);
      if (Math.abs(u) < MAX_UNITS && u / SCALE === amount) return u;
    }
  } else if (typeof amount === 'string' && (signed ? SHORT_SIGNED_DECIMAL : SHORT_DECIMAL).test(amount)) {
    const u = Math.round(Number(amount) * SCALE);
    if (Math.abs(u) < MAX_STRING_UNITS) return u;
  }
  const d = toDecimal(amount);
  return d === undefined || (!signed && d.isNegative()) ? undefined : d;
}

/** The float value of a parsed amount (for the statistical figures). */
export function amountValue(amount: ParsedAmount): number {
  return typeof amount === 'number' ? amount / SCALE : amount.toNumber();
}
