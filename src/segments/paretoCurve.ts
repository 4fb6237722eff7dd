import { type ClvIssue, ClvValidationError, makeIssue } from '../errors.js';
import type { Decimal, DecimalInput } from '../money.js';
import { decimalRule } from '../schemas/field.js';
import { exactSum } from './decimalFloat.js';
import { type CustomerValues, exactValue, moneyValueRule, readValues, topIndices } from './values.js';

const fractionRule = decimalRule({ min: 0, minExclusive: true, max: 1 }, 'a fraction');

/** One point of a Pareto curve: the top `fraction` of customers hold `share` of the value. */
export interface ParetoPoint {
  readonly fraction: Decimal;
  readonly share: Decimal;
}

/** 5%, 10%, …, 100%: the curve's default points. */
const TWENTIETHS: readonly number[] = Array.from({ length: 20 }, (_, k) => (k + 1) / 20);

/**
 * The Pareto (Lorenz-from-the-top) curve: `paretoShare` at each of `fractions` (default 5%, 10%, …, 100%),
 * with customers ranked once instead of once per point —
 *
 *   share(f) = ( Σ of the ⌊f·n⌋ largest values + (f·n − ⌊f·n⌋) × the next largest ) / Σ of all values,
 *
 * exact Decimal arithmetic as `paretoShare` (each point equals it). Points come back in the order asked.
 * Values must be amounts (≥ 0) with a total above 0.
 *
 * @example paretoCurve([50, 30, 10, 5, 5], [0.2, 0.3, 1]).map((p) => p.share.toString()) // ['0.5', '0.65', '1']
 */
export function paretoCurve(
  values: CustomerValues,
  fractions: readonly DecimalInput[] = TWENTIETHS,
): ParetoPoint[] {
  const where = 'paretoCurve';
  if (!Array.isArray(fractions) || fractions.length === 0)
    throw new ClvValidationError(where, [
      makeIssue('fractions', 'a non-empty array of fractions', fractions),
    ]);
  const issues: ClvIssue[] = [];
  const fs = fractions.map((raw, j) => {
    const f = fractionRule.convert(raw);
    if (f === undefined) issues.push(makeIssue(`fractions[${j}]`, fractionRule.expected, raw, j));
    return f as Decimal;
  });
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  const { n, x, raw } = readValues(values, moneyValueRule, where);
  const total = exactSum(raw);
  if (!total.gt(0)) throw new ClvValidationError(where, [makeIssue('values', 'a total above 0', total)]);
  const cuts = fs.map((f) => {
    const fn = f.mul(n);
    const k = fn.floor().toNumber();
    return { f, k, part: fn.sub(k) };
  });
  // One ranking for every point: the prefixes of the longest top list are the shorter ones.
  const top = topIndices(x, Math.min(n, Math.max(...cuts.map((c) => c.k + 1))));
  return cuts.map(({ f, k, part }) => {
    let held = exactSum(raw, top.slice(0, k));
    if (k < n && !part.isZero()) held = held.add(part.mul(exactValue(raw, top[k] as number)));
    return { fraction: f, share: held.div(total) };
  });
}
