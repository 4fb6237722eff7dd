import { Decimal as DecimalJs } from 'decimal.js';

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

/** Decimal strings clvkit accepts: digits with an optional sign, point and exponent (no hex, no `Infinity`). */
const DECIMAL_STRING = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * Converts a number, numeric string or Decimal (of any decimal.js copy) to the library's Decimal.
 * Returns `undefined` for anything that is not a finite number, so callers can report it.
 *
 * @example toDecimal('19.99')?.toString() === '19.99'; toDecimal(NaN) === undefined
 */
export function toDecimal(value: unknown): Decimal | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? decimalFromNumber(value) : undefined;
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
  const scale = TEN_POWERS[places];
  if (scale === undefined || !Number.isInteger(places))
    throw new RangeError(`${where}: places must be a whole number from 0 to 6, received ${places}`);
  if (!Number.isFinite(x)) throw new RangeError(`${where}: expected a finite number, received ${x}`);
  const y = Math.abs(x) * scale;
  if (y >= 2 ** 52) return undefined;
  const whole = Math.floor(y);
  const fraction = y - whole;
  // Rounding errors of y and of the double against its decimal are below 4 ulps of y.
  const r =
    Math.abs(fraction - 0.5) <= 4 * Number.EPSILON * Math.max(1, y)
      ? roundMoney(toDecimal(Math.abs(x)) as Decimal, places)
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
  if (r === undefined) return roundMoney(toDecimal(x) as Decimal, places).toFixed(places);
  const sign = x < 0 && r !== 0 ? '-' : '';
  const a = Math.abs(r);
  if (places === 0) return `${sign}${a}`;
  const scale = TEN_POWERS[places] as number;
  const units = Math.floor(a / scale);
  const rest = String(a - units * scale);
  return `${sign}${units}.${'0'.repeat(places - rest.length)}${rest}`;
}
