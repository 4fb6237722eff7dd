import DecimalJs from 'decimal.js';

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

/** Anything clvkit accepts where it expects an amount or a rate. */
export type DecimalInput = number | string | DecimalJs;

/** Decimal strings clvkit accepts: digits with an optional sign, point and exponent (no hex, no `Infinity`). */
const DECIMAL_STRING = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * Converts a number, numeric string or Decimal (of any decimal.js copy) to the library's Decimal.
 * Returns `undefined` for anything that is not a finite number, so callers can report it.
 *
 * @example toDecimal('19.99')?.toString() === '19.99'; toDecimal(NaN) === undefined
 */
export function toDecimal(value: unknown): Decimal | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? new Decimal(value) : undefined;
  if (typeof value === 'string') return DECIMAL_STRING.test(value) ? new Decimal(value.trim()) : undefined;
  if (DecimalJs.isDecimal(value)) {
    const d = value as DecimalJs;
    return d.isFinite() ? new Decimal(d.toString()) : undefined;
  }
  return undefined;
}

/**
 * Rounds a monetary Decimal to `places` decimal places (default 2, cents), half away from zero.
 *
 * @example roundMoney(new Decimal('2.675')).toString() === '2.68'
 */
export function roundMoney(value: Decimal, places = 2): Decimal {
  return value.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
}
