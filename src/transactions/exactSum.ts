import { Decimal, toDecimal } from '../money.js';

/** Amounts are summed exactly in units of 1/10,000 while they have at most four decimals (the common case). */
const SCALE = 10_000;
const MAX_UNITS = 2 ** 53;
const SHORT_DECIMAL = /^\s*\+?\d+(\.\d{0,4})?\s*$/;

/**
 * An exact running sum of non-negative amounts that avoids Decimal arithmetic per row: amounts with at most
 * four decimals add up as whole ten-thousandths in a float64 (exact below 2^53 units, about 900 billion);
 * anything else, or a sum past that, is carried in a Decimal.
 */
export interface ExactSum {
  units: number;
  rest: Decimal | null;
}

export function emptySum(): ExactSum {
  return { units: 0, rest: null };
}

/**
 * Parses an amount to whole ten-thousandths when it has at most four decimals, else returns undefined.
 * A number counts when it is exactly its four-decimal rounding (0.1 → 1000 units).
 */
function unitsOf(amount: unknown): number | undefined {
  if (typeof amount === 'number') {
    if (!(amount >= 0) || amount === Number.POSITIVE_INFINITY) return undefined;
    const u = Math.round(amount * SCALE);
    return u < MAX_UNITS && u / SCALE === amount ? u : undefined;
  }
  if (typeof amount === 'string' && SHORT_DECIMAL.test(amount)) {
    const u = Math.round(Number(amount) * SCALE);
    return u < MAX_UNITS ? u : undefined;
  }
  return undefined;
}

/**
 * Adds an amount; returns its float value, or undefined when it is not a non-negative finite amount.
 * @example const s = emptySum(); addAmount(s, '0.1'); addAmount(s, 0.2); sumToDecimal(s).toString() === '0.3'
 */
export function addAmount(sum: ExactSum, amount: unknown): number | undefined {
  const u = unitsOf(amount);
  if (u !== undefined && sum.units + u < MAX_UNITS) {
    sum.units += u;
    return u / SCALE;
  }
  const d = toDecimal(amount);
  if (d === undefined || d.isNegative()) return undefined;
  sum.rest = sum.rest === null ? d : sum.rest.add(d);
  return d.toNumber();
}

/** Adds one exact sum into another. */
export function mergeSum(into: ExactSum, from: ExactSum): void {
  if (into.units + from.units < MAX_UNITS) into.units += from.units;
  else into.rest = (into.rest ?? new Decimal(0)).add(new Decimal(from.units).div(SCALE));
  if (from.rest !== null) into.rest = into.rest === null ? from.rest : into.rest.add(from.rest);
}

/** The exact total as a Decimal. */
export function sumToDecimal(sum: ExactSum): Decimal {
  const units = new Decimal(sum.units).div(SCALE);
  return sum.rest === null ? units : units.add(sum.rest);
}
