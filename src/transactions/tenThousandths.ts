/**
 * Exact money kept as a whole number of ten-thousandths in a float64 (the summarizer's running totals):
 * every integer below 2^53 is exact there, and an amount with at most four decimals is a whole number of
 * ten-thousandths. These print such totals and their per-order averages as decimal text with integer
 * arithmetic only, so writing a million customers makes no Decimal.
 */

import { Decimal } from '../money.js';

/** One ten-thousandth, the unit of the exact totals: `new Decimal(units).mul(TEN_THOUSANDTH)` is the amount. */
export const TEN_THOUSANDTH = new Decimal('0.0001');

/** Integers up to here leave room for `quotient × divisor` to stay exact in `tenThousandthsRatioText`. */
export const MAX_TEXT_UNITS = 2 ** 50;

const PLACE = [1, 10, 100, 1000, 10000];

/** `digits` as text, left-padded with zeros to `width` characters. */
function padded(digits: number, width: number): string {
  const s = String(digits);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

/**
 * A whole number of ten-thousandths as plain decimal text, trailing zeros dropped: the same text as
 * `new Decimal(units).mul('0.0001').toString()`. Units must be an integer in [0, 2^50].
 *
 * @example tenThousandthsText(3535300) === '353.53'; tenThousandthsText(5) === '0.0005'; tenThousandthsText(0) === '0'
 */
export function tenThousandthsText(units: number): string {
  const whole = Math.floor(units / 10000);
  let fraction = units - whole * 10000;
  if (fraction === 0) return String(whole);
  let width = 4;
  while (fraction % 10 === 0) {
    fraction /= 10;
    width--;
  }
  return `${whole}.${padded(fraction, width)}`;
}

/**
 * units ÷ count (units in ten-thousandths) rounded half-up to `places` decimals (0–4), as fixed text with
 * exactly `places` decimals: the same text as `roundMoney(total.div(count), places).toFixed(places)` for the
 * exact quotient. Long division on integers: q = ⌊units / d⌋ and r = units − q·d with d = count·10^(4−places),
 * then q + 1 when 2r ≥ d.
 *
 * @example tenThousandthsRatioText(3535300, 5, 2) === '70.71'   // 353.53 / 5 = 70.706
 * @example tenThousandthsRatioText(250, 2, 2) === '0.01'         // 0.0125 rounds half up
 */
export function tenThousandthsRatioText(units: number, count: number, places = 2): string {
  const d = count * (PLACE[4 - places] as number);
  let q = Math.floor(units / d);
  let r = units - q * d;
  // The float division can be one off for large units; the remainder says which way.
  if (r < 0) {
    q--;
    r += d;
  } else if (r >= d) {
    q++;
    r -= d;
  }
  if (2 * r >= d) q++;
  if (places === 0) return String(q);
  const scale = PLACE[places] as number;
  const whole = Math.floor(q / scale);
  return `${whole}.${padded(q - whole * scale, places)}`;
}
