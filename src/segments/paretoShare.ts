import { ClvValidationError, makeIssue } from '../errors.js';
import type { Decimal, DecimalInput } from '../money.js';
import { decimalRule } from '../schemas/field.js';
import { exactSum } from './decimalFloat.js';
import { type CustomerValues, exactValue, moneyValueRule, readValues, topIndices } from './values.js';

const fractionRule = decimalRule({ min: 0, minExclusive: true, max: 1 }, 'a fraction');

/**
 * The share of total value held by the top `topFraction` of customers (the Pareto or "80/20" figure; Juran
 * 1951 after Pareto 1896): the Lorenz curve read from the top,
 *
 *   share(f) = ( Σ of the ⌊f·n⌋ largest values + (f·n − ⌊f·n⌋) × the next largest ) / Σ of all values,
 *
 * so a fractional customer counts pro rata and equal values give exactly f. Exact Decimal arithmetic
 * throughout (f is taken as its decimal digits); customers are ranked as float64, equal values by index.
 * For non-negative values share(f) lies in [f, 1]. Values must be amounts (≥ 0) with a total above 0.
 *
 * @example paretoShare([50, 30, 10, 5, 5], 0.2).toString() === '0.5'
 * @example paretoShare([50, 30, 10, 5, 5], 0.3).toString() === '0.65'   // 50 + ½ × 30 of 100
 */
export function paretoShare(values: CustomerValues, topFraction: DecimalInput = 0.2): Decimal {
  const where = 'paretoShare';
  const f = fractionRule.convert(topFraction);
  if (f === undefined)
    throw new ClvValidationError(where, [makeIssue('topFraction', fractionRule.expected, topFraction)]);
  const { n, x, raw } = readValues(values, moneyValueRule, where);
  const total = exactSum(raw);
  if (!total.gt(0)) throw new ClvValidationError(where, [makeIssue('values', 'a total above 0', total)]);
  const fn = f.mul(n);
  const k = fn.floor().toNumber();
  const part = fn.sub(k);
  const top = topIndices(x, Math.min(n, k + 1));
  let held = exactSum(raw, top.slice(0, k));
  if (k < n && !part.isZero()) held = held.add(part.mul(exactValue(raw, top[k] as number)));
  return held.div(total);
}
