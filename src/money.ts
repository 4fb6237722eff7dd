import { Decimal as DecimalJs } from 'decimal.js';
import { ClvValidationError, makeIssue } from './errors.js';

/**
 * The library's own Decimal constructor: a clone of decimal.js, so the host application's global
 * Decimal settings are never read or changed.
 *
 * - precision: 34 significant digits (as IEEE 754 decimal128) for every intermediate result;
 * - rounding: ROUND_HALF_EVEN (banker's rounding) for intermediate results;
 * - `roundMoney` rounds a final figure to cents (or any scale) with ROUND_HALF_UP, the commercial convention.
 */
export const Decimal = DecimalJs.clone({
  precision: 34,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -30,
  toExpPos: 40,
});
export type Decimal = InstanceType<typeof Decimal>;

/**
 * Decimals whose sums, differences and products are exact: precision 1e9 significant digits (decimal.js's
 * largest), more than any sum or product of a few inputs can hold (an input lies within 1e15 … 1e-324, see
 * `MAX_INPUT_MAGNITUDE`, and carries only the digits it was written with). For a comparison that must not be
 * swayed by rounding, and for a figure rounded once: the library's Decimal keeps every digit of one of these
 * (`new Decimal(exact)`), so a division by it in 34 digits rounds once. Add, subtract, multiply and compare
 * only — a division, power or root would work out a billion digits.
 *
 * @example new ExactDecimal(1).sub('1e-300').sub(1).isNeg() === true // in 34 digits, 1 − 1e-300 is 1
 */
export const ExactDecimal = Decimal.clone({ precision: 1e9 });
export type ExactDecimal = InstanceType<typeof ExactDecimal>;

/** 10^-k for k = 1..6, to place the decimal point of an integer exactly (one-word multiplications). */
const NEGATIVE_POWERS = [1, 2, 3, 4, 5, 6].map((k) => new Decimal(`1e-${k}`));
const POWERS = [10, 100, 1e3, 1e4, 1e5, 1e6];

/**
 * The Decimal of a finite number: the shortest decimal that reads back as the same double (as
 * `new Decimal(x)` gives, via `x.toString()`), built without printing the double when it has at most six
 * decimals and fifteen significant digits. Then x = c / 10^k for an integer c with |c| < 10^15; a decimal
 * of fifteen or fewer significant digits is the only such decimal that rounds to x (IEEE 754 binary64
 * keeps 15 decimal digits, DBL_DIG), so it is the shortest one, and c · 10^-k is exact. Prices and rates
 * almost always take this path, which is several times faster than printing and parsing.
 *
 * @example decimalFromNumber(20.37).toString() === '20.37'; decimalFromNumber(0.1 + 0.2).toString() === '0.30000000000000004'
 */
export function decimalFromNumber(x: number): Decimal {
  if (Number.isInteger(x) || !Number.isFinite(x)) return new Decimal(x);
  for (let k = 0; k < POWERS.length; k++) {
    const p = POWERS[k] as number;
    const c = Math.round(x * p);
    if (Math.abs(c) >= 1e15) break;
    if (c / p === x) return new Decimal(c).mul(NEGATIVE_POWERS[k] as Decimal);
  }
  return new Decimal(x);
}

/** Anything clvkit accepts where it expects an amount or a rate. */
export type DecimalInput = number | string | DecimalJs;

/**
 * The bound on the size of every figure clvkit takes as input (money, rates, counts, times): |x| < 1e15.
 * Why 1e15: it is the largest power of ten below which every integer, and every cent amount up to 1e13, is
 * exact in a double (2^53 ≈ 9.007e15), so an input can travel between the exact (Decimal) and the
 * statistical (float64) side without changing; no real order, price, rate, count or day count comes near
 * it (1e15 of any currency unit is more than the world's yearly output), and products and quotients of a
 * few such figures stay far inside both Decimal's range and the largest double (~1.8e308), so no result
 * can overflow. A figure at or above it is rejected with the usual message, as a typo or junk would be.
 */
export const MAX_INPUT_MAGNITUDE = 1e15;
/** Decimal exponent of `MAX_INPUT_MAGNITUDE`: a Decimal d is within the bound iff d.e < 15. */
const MAX_INPUT_EXPONENT = 15;
/**
 * The smallest decimal exponent of a non-zero Decimal input: −324, as small as any double gets (5e-324).
 * Below that a text like `1e-9000000000000001` would silently become 0, or a Decimal with a million
 * zeros to print; it is rejected instead.
 */
const MIN_INPUT_EXPONENT = -324;

/** Decimal strings clvkit accepts: digits with an optional sign, point and exponent (no hex, no `Infinity`). */
const DECIMAL_STRING = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
/** An exponent part too long to be read without risk (decimal.js reads it as a double): more than 6 digits. */
const LONG_EXPONENT = /[eE][+-]?0*\d{7,}\s*$/;

/**
 * Whether a text is a plain decimal number (digits, optional sign, point and exponent): no hex (`0x10`),
 * binary (`0b1`), `Infinity`, thousands separators or currency signs. The one rule for number text
 * (the spreadsheet cells use it too).
 *
 * @example isDecimalText(' 12.50 ') === true; isDecimalText('0x10') === false
 */
export function isDecimalText(text: string): boolean {
  return DECIMAL_STRING.test(text);
}

/** A Decimal within the input bound: finite, |d| < 1e15, and 0 or |d| ≥ 1e-324. */
export function withinInputBound(d: DecimalJs): boolean {
  return d.isFinite() && (d.isZero() || (d.e < MAX_INPUT_EXPONENT && d.e >= MIN_INPUT_EXPONENT));
}

/**
 * Converts a number, numeric string or Decimal (of any decimal.js copy) to the library's Decimal.
 * Returns `undefined` for anything that is not a finite number within the input bound (|x| < 1e15, see
 * `MAX_INPUT_MAGNITUDE`; a non-zero text or Decimal no smaller than 1e-324), so callers can report it
 * naming their field: it never returns an infinite, NaN or absurdly long Decimal. Objects faking a
 * Decimal (a `toString` or getters that lie or throw) are not Decimals and give `undefined`.
 *
 * @example toDecimal('19.99')?.toString() === '19.99'; toDecimal(NaN) === undefined; toDecimal('1e9000000000000001') === undefined
 */
export function toDecimal(value: unknown): Decimal | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) && Math.abs(value) < MAX_INPUT_MAGNITUDE
      ? decimalFromNumber(value)
      : undefined;
  if (typeof value === 'string') {
    if (!DECIMAL_STRING.test(value) || LONG_EXPONENT.test(value)) return undefined;
    const d = new Decimal(value.trim());
    return withinInputBound(d) ? d : undefined;
  }
  return decimalObject(value);
}

/** The base of decimal.js's digit words: each element of a Decimal's `d` holds 7 decimal digits. */
const DIGIT_WORD = 1e7;

/**
 * A Decimal (of this or any decimal.js copy) read through its documented `s`, `e` and `d` properties, once:
 * `isDecimal` only checks a flag, so a Proxy or an object posing as a Decimal must not reach the arithmetic;
 * any throw while reading it (a trap, a getter) means "not a Decimal". The digits read are held to the input
 * bound (`withinInputBound`) and printed by the library's own Decimal (exponent notation past 1e40), never by the
 * value's: a copy of decimal.js set to print plain numbers (`toExpPos: 9e15`) writes 1e100000000 as a hundred
 * million digits, 25 s of work. The text is then read back as any text is.
 */
function decimalObject(value: unknown): Decimal | undefined {
  try {
    if (!DecimalJs.isDecimal(value)) return undefined;
    const { s, e, d } = value as { s: unknown; e: unknown; d: unknown };
    if (!(s === 1 || s === -1) || typeof e !== 'number' || !Number.isInteger(e) || !Array.isArray(d))
      return undefined;
    const words: number[] = Array.prototype.slice.call(d);
    if (words.length === 0) return undefined;
    for (const w of words) if (!(Number.isInteger(w) && w >= 0 && w < DIGIT_WORD)) return undefined;
    const copy: Decimal = Object.assign(new Decimal(0), { s, e, d: words });
    return withinInputBound(copy) ? toDecimal(copy.toString()) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a value is a number, or number text, that fails only the input bound (non-finite numbers
 * excluded): so a message can say why `1e20` or `1e-400` was refused.
 *
 * @example outsideInputBound(1e20) === true; outsideInputBound('abc') === false; outsideInputBound(5) === false
 */
export function outsideInputBound(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) >= MAX_INPUT_MAGNITUDE;
  if (typeof value !== 'string' || !DECIMAL_STRING.test(value)) return false;
  return LONG_EXPONENT.test(value) || !withinInputBound(new Decimal(value.trim()));
}

/** The words of the input bound, appended to what a field expects when a value broke only the bound. */
export const INPUT_BOUND_WORDS = 'of magnitude below 1e15 (and 0 or at least 1e-324)';

/**
 * The value itself when it is one of the library's finite Decimals (the fast path); never throws. Every copy
 * of decimal.js made by `clone` shares one prototype, so `instanceof` and the prototype hold for a Decimal of
 * the caller's own copy too: its `constructor` (each Decimal's own property) tells the library's apart.
 */
export function ownDecimal(value: unknown): Decimal | undefined {
  try {
    return value instanceof Decimal &&
      Object.getPrototypeOf(value) === Decimal.prototype &&
      value.constructor === Decimal &&
      value.isFinite()
      ? value
      : undefined;
  } catch {
    return undefined; // a Proxy whose traps throw
  }
}

/** One input issue of the money helpers, as the library's error. */
function moneyInputError(where: string, field: string, expected: string, value: unknown): ClvValidationError {
  return new ClvValidationError(where, [makeIssue(field, expected, value)]);
}

/**
 * Rounds a monetary amount to `places` decimal places (0–20, default 2, cents), half away from zero.
 * Takes a Decimal, or any `DecimalInput` (a number is its shortest decimal, so `roundMoney(1.005)` is 1.01).
 * Throws `ClvValidationError` for anything else.
 *
 * @example roundMoney(new Decimal('2.675')).toString() === '2.68'; roundMoney(1.005).toString() === '1.01'
 */
export function roundMoney(value: Decimal | DecimalInput, places = 2): Decimal {
  if (!Number.isInteger(places) || places < 0 || places > 20)
    throw moneyInputError('roundMoney', 'places', 'a whole number from 0 to 20', places);
  const d =
    typeof value === 'number'
      ? Number.isFinite(value)
        ? decimalFromNumber(value)
        : undefined
      : (ownDecimal(value) ?? toDecimal(value));
  if (d === undefined) throw moneyInputError('roundMoney', 'value', 'a finite amount', value);
  return d.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
}

const TEN_POWERS = [1, 10, 100, 1e3, 1e4, 1e5, 1e6];

/**
 * A float figure (a model's predicted spend or CLV) rounded as money, as a whole number of 10^−places units:
 * the number's decimal — the shortest one that reads back as the same double, as `toDecimal` takes it —
 * rounded half away from zero to `places` (0–6, default 2). By integer arithmetic: y = |x|·10^places is within
 * a few ulps of the decimal's scaled value, so ⌊y + ½⌋ is the rounded figure unless y is that close to a tie,
 * and only then is a Decimal made. Undefined when |x|·10^places reaches 2^52 (print with `moneyText`).
 *
 * @example moneyUnits(70.706) === 7071; moneyUnits(2.675) === 268 (the decimal 2.675, not the double below it); moneyUnits(-0.5, 0) === -1
 */
export function moneyUnits(x: number, places = 2): number | undefined {
  return unitsOf(x, places, 'moneyUnits');
}

function unitsOf(x: number, places: number, where: string): number | undefined {
  const scale = typeof places === 'number' ? TEN_POWERS[places] : undefined;
  if (scale === undefined || !Number.isInteger(places))
    throw moneyInputError(where, 'places', 'a whole number from 0 to 6', places);
  if (typeof x !== 'number' || !Number.isFinite(x)) throw moneyInputError(where, 'x', 'a finite number', x);
  const y = Math.abs(x) * scale;
  if (y >= 2 ** 52) return undefined;
  const whole = Math.floor(y);
  const fraction = y - whole;
  // Rounding errors of y and of the double against its decimal are below 4 ulps of y.
  const r =
    Math.abs(fraction - 0.5) <= 4 * Number.EPSILON * Math.max(1, y)
      ? roundMoney(decimalFromNumber(Math.abs(x)), places)
          .mul(scale)
          .toNumber()
      : fraction > 0.5
        ? whole + 1
        : whole;
  return x < 0 && r > 0 ? -r : r;
}

/**
 * A float figure (a model's predicted spend or CLV) as money text with exactly `places` decimals (0–6,
 * default 2): `moneyUnits` printed — the same text as `roundMoney(toDecimal(x), places).toFixed(places)`.
 *
 * @example moneyText(70.706) === '70.71'; moneyText(2.675) === '2.68'; moneyText(-0.5, 0) === '-1'
 */
export function moneyText(x: number, places = 2): string {
  const r = unitsOf(x, places, 'moneyText');
  if (r === undefined) return roundMoney(decimalFromNumber(x), places).toFixed(places);
  const sign = x < 0 && r !== 0 ? '-' : '';
  const a = Math.abs(r);
  if (places === 0) return `${sign}${a}`;
  const scale = TEN_POWERS[places] as number;
  const units = Math.floor(a / scale);
  const rest = String(a - units * scale);
  return `${sign}${units}.${'0'.repeat(places - rest.length)}${rest}`;
}
