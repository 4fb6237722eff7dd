import { ClvValidationError, IssueList, makeIssue } from '../errors.js';
import type { Decimal, DecimalInput } from '../money.js';
import { decimalRule } from '../schemas/field.js';
import { elementAt } from '../schemas/parse.js';
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
 * The Pareto curve — the Lorenz curve (Lorenz 1905) read from the top, as in Juran's (1951) "vital few" after
 * Pareto (1896): `paretoShare` at each of `fractions` (default 5%, 10%, …, 100%),
 * with customers ranked once instead of once per point —
 *
 *   share(f) = ( Σ of the ⌊f·n⌋ largest values + (f·n − ⌊f·n⌋) × the next largest ) / Σ of all values,
 *
 * exact Decimal arithmetic as `paretoShare` (each point equals it while sums fit in 34 significant digits, as
 * any money does). Each customer is ranked and added once. Points come back in the order asked.
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
  const issues = new IssueList();
  const fs = Array.from({ length: fractions.length }, (_, j) => {
    const raw = elementAt(where, 'fractions', fractions, j);
    const f = fractionRule.convert(raw);
    if (f === undefined) issues.note(`fractions[${j}]`, fractionRule.expected, raw, j);
    return f as Decimal;
  });
  issues.throwIfAny(where);
  const { n, x, raw } = readValues(values, moneyValueRule, where);
  const total = exactSum(raw);
  if (!total.gt(0)) throw new ClvValidationError(where, [makeIssue('values', 'a total above 0', total)]);
  const cuts: Cut[] = fs.map((f) => {
    const fn = f.mul(n);
    const k = fn.floor().toNumber();
    return { f, k, part: fn.sub(k) };
  });
  // One ranking for every point: the prefixes of the longest top list are the shorter ones. Walking the
  // points by k, each customer is added once: the sum of the top k is the sum of the top k' < k plus the
  // customers in between (exact while the sums fit in 34 digits, as any money does).
  const top = topIndices(x, Math.min(n, Math.max(...cuts.map((c) => c.k + 1))));
  const byK = cuts.map((_, j) => j).sort((a, b) => (cuts[a] as Cut).k - (cuts[b] as Cut).k);
  const shares = new Array<Decimal>(cuts.length);
  let heldK = exactSum(raw, []);
  let doneK = 0;
  for (const j of byK) {
    const { k, part } = cuts[j] as Cut;
    if (k > doneK) {
      heldK = heldK.add(exactSum(raw, top.slice(doneK, k)));
      doneK = k;
    }
    const held = k < n && !part.isZero() ? heldK.add(part.mul(exactValue(raw, top[k] as number))) : heldK;
    shares[j] = held.div(total);
  }
  return cuts.map(({ f }, j) => ({ fraction: f, share: shares[j] as Decimal }));
}

interface Cut {
  readonly f: Decimal;
  readonly k: number;
  readonly part: Decimal;
}
