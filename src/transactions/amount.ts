import { Decimal, toDecimal } from '../money.js';
import { TEN_THOUSANDTH, tenThousandthsText } from './tenThousandths.js';

/**
 * Order amounts as the summarizer reads them. Amounts are summed exactly in units of 1/10,000 while they have
 * at most four decimals (the common case; see `OrderColumns`).
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

/**
 * An exact amount that may be negative (a line of a return, a profit below cost): whole ten-thousandths
 * (a safe integer) when it has at most four decimals, else its exact Decimal. What line amounts, order
 * totals, converted and profit amounts are computed in before they reach the summarizer.
 */
export type SignedAmount = number | Decimal;

const SIGNED_SHORT_DECIMAL = /^[+-]?\d{1,11}(\.\d{0,4})?$/;

/**
 * Parses plain decimal text (an optional sign, digits, an optional point and decimals; no exponent is
 * needed but one is read) into an exact `SignedAmount`; undefined for anything else or outside the input
 * bound (|x| < 1e15, see `MAX_INPUT_MAGNITUDE`).
 *
 * @example parseSignedAmount('-2.55') === -25500; parseSignedAmount('0.00001') instanceof Decimal
 */
export function parseSignedAmount(text: string): SignedAmount | undefined {
  if (SIGNED_SHORT_DECIMAL.test(text)) {
    const dot = text.indexOf('.');
    const digitsOnly = dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1).padEnd(4, '0');
    const units = dot < 0 ? Number(text) * SCALE : Number(digitsOnly);
    return units === 0 ? 0 : units; // no −0
  }
  return toDecimal(text);
}

/** The Decimal of a signed amount. */
function decimalOf(a: SignedAmount): Decimal {
  return typeof a === 'number' ? new Decimal(a).mul(TEN_THOUSANDTH) : a;
}

/**
 * a × b exactly (a line's quantity × unit price, an amount × an exchange rate or a margin): in whole
 * ten-thousandths when the product of the units is a safe integer and a whole number of ten-thousandths,
 * else as a Decimal (34 significant digits: exact for every product of two inputs within the input bound
 * with up to 15 significant digits each, as the product has at most 30).
 *
 * @example multiplyAmounts(60000, 25500) === 153000   // 6 × 2.55 = 15.30
 */
export function multiplyAmounts(a: SignedAmount, b: SignedAmount): SignedAmount {
  if (typeof a === 'number' && typeof b === 'number') {
    const p = a * b;
    if (Math.abs(p) < MAX_UNITS && p % SCALE === 0) return p / SCALE === 0 ? 0 : p / SCALE;
  }
  return simplified(decimalOf(a).mul(decimalOf(b)));
}

/** a + b exactly (the lines of one order; an amount minus its cost as a + (−cost)). @example addAmounts(1000, 2000) === 3000 */
export function addAmounts(a: SignedAmount, b: SignedAmount): SignedAmount {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    if (Math.abs(s) < MAX_UNITS) return s;
  }
  return simplified(decimalOf(a).add(decimalOf(b)));
}

/** −a exactly. @example negateAmount(25500) === -25500 */
export function negateAmount(a: SignedAmount): SignedAmount {
  return typeof a === 'number' ? (a === 0 ? 0 : -a) : simplified(a.neg());
}

/** Whether a is 0 (or −0). @example isZeroAmount(0) === true; isZeroAmount(new Decimal('0.00')) === true */
export function isZeroAmount(a: SignedAmount): boolean {
  return typeof a === 'number' ? a === 0 : a.isZero();
}

/** Whether a is below 0 (never −0). @example isNegativeAmount(-25500) === true */
export function isNegativeAmount(a: SignedAmount): boolean {
  return typeof a === 'number' ? a < 0 : a.isNegative() && !a.isZero();
}

/** A Decimal back in whole ten-thousandths when it fits there exactly. */
function simplified(d: Decimal): SignedAmount {
  const units = d.mul(SCALE);
  return units.isInteger() && units.abs().lt(MAX_UNITS) ? units.toNumber() || 0 : d;
}

/**
 * A signed amount as plain decimal text, trailing zeros dropped (what the summarizer reads exactly).
 * @example signedAmountText(-25500) === '-2.55'; signedAmountText(153000) === '15.3'
 */
export function signedAmountText(a: SignedAmount): string {
  if (typeof a !== 'number') return a.toFixed();
  return a < 0 ? `-${tenThousandthsText(-a)}` : tenThousandthsText(a);
}
