import { ClvValidationError, IssueList, makeIssue } from '../errors.js';
import { type Decimal, type DecimalInput, toDecimal } from '../money.js';
import { decimalRule, numberRule } from '../schemas/field.js';
import { snapshot } from '../schemas/parse.js';
import { selectMany } from './orderStatistics.js';
import { anyValueRule, type CustomerValues, readValues } from './values.js';

/** A customer's value tier. */
export type ValueTier = 'high' | 'mid' | 'low';

/**
 * How to cut tiers:
 * - `{ by: 'share', high, mid }`: the top `high` share of customers is 'high', the next `mid` share 'mid'
 *   (shares in [0, 1], high + mid ≤ 1);
 * - `{ by: 'value', high, mid }`: value ≥ high is 'high', value ≥ mid is 'mid' (high ≥ mid; exact comparison).
 */
export type ValueTierCutoffs =
  | { readonly by: 'share'; readonly high: number; readonly mid: number }
  | { readonly by: 'value'; readonly high: DecimalInput; readonly mid: DecimalInput };

/** Top 20% high, next 30% mid, the remaining 50% low. */
export const DEFAULT_VALUE_TIER_CUTOFFS: ValueTierCutoffs = { by: 'share', high: 0.2, mid: 0.3 };

const shareRule = numberRule({ min: 0, max: 1 });
const thresholdRule = decimalRule({}, 'a finite number');
/** Tolerance for shares given in binary floating point, e.g. 0.7 + 0.3 or 0.2 × 10. */
const EPS = 1e-9;

/**
 * Splits customers into value tiers, one per value (CLV, spend…), in input order.
 *
 * By share (default top 20% / next 30% / rest), with the first-occurrence rank rule of `rfmScores`: with
 * below(v) = #{ values < v } and quotas q_high = ⌊high·n⌋, q_top = ⌊(high + mid)·n⌋ customers,
 *
 *   'high' if below(v) ≥ n − q_high,  else 'mid' if below(v) ≥ n − q_top,  else 'low'.
 *
 * So equal values always share a tier, a tie group straddling a boundary joins the LOWER tier, tiers never
 * exceed their quotas, and the result does not depend on input order. Values are ranked as float64 (see
 * `rfmScores`). By value, each value is compared exactly (float64 first, Decimal when the floats are equal).
 * The top-20% cut follows the Pareto (80/20) principle (Juran's "vital few").
 *
 * @example valueTiers([500, 40, 120, 90, 10, 75, 300, 20, 60, 15]) // ['high','low','mid','mid','low','mid','high','low','low','low']
 */
export function valueTiers(
  values: CustomerValues,
  options: { readonly cutoffs?: ValueTierCutoffs } = {},
): ValueTier[] {
  const where = 'valueTiers';
  options = snapshot(where, 'options', options);
  const cutoffs = (options as { cutoffs?: ValueTierCutoffs } | null)?.cutoffs ?? DEFAULT_VALUE_TIER_CUTOFFS;
  const issues = new IssueList();
  if (cutoffs === null || typeof cutoffs !== 'object' || (cutoffs.by !== 'share' && cutoffs.by !== 'value')) {
    throw new ClvValidationError(where, [
      makeIssue('cutoffs.by', "one of 'share', 'value'", (cutoffs as { by?: unknown } | null)?.by),
    ]);
  }
  if (cutoffs.by === 'share') {
    const high = shareRule.convert(cutoffs.high);
    const mid = shareRule.convert(cutoffs.mid);
    if (high === undefined) issues.note('cutoffs.high', shareRule.expected, cutoffs.high);
    if (mid === undefined) issues.note('cutoffs.mid', shareRule.expected, cutoffs.mid);
    if (high !== undefined && mid !== undefined && high + mid > 1 + EPS)
      issues.note('cutoffs.mid', `a share of at most ${1 - high} (high + mid ≤ 1)`, cutoffs.mid);
    issues.throwIfAny(where);
    const { n, x } = readValues(values, anyValueRule, where);
    const qHigh = Math.floor((high as number) * n + EPS);
    const qTop = Math.min(n, Math.floor(((high as number) + (mid as number)) * n + EPS));
    // below(v) ≥ c ⟺ v > sorted[c − 1] (c ≥ 1); c = 0 admits every value.
    const cHigh = n - qHigh;
    const cTop = n - qTop;
    const positions = [cTop, cHigh].filter((c) => c > 0).map((c) => c - 1);
    const cuts = selectMany(x.slice(), positions);
    const cutTop = cTop > 0 ? (cuts[0] as number) : Number.NEGATIVE_INFINITY;
    const cutHigh = cHigh > 0 ? (cuts[cuts.length - 1] as number) : Number.NEGATIVE_INFINITY;
    const out = new Array<ValueTier>(n);
    for (let i = 0; i < n; i++) {
      const v = x[i] as number;
      out[i] = v > cutHigh ? 'high' : v > cutTop ? 'mid' : 'low';
    }
    return out;
  }
  const high = thresholdRule.convert(cutoffs.high);
  const mid = thresholdRule.convert(cutoffs.mid);
  if (high === undefined) issues.note('cutoffs.high', thresholdRule.expected, cutoffs.high);
  if (mid === undefined) issues.note('cutoffs.mid', thresholdRule.expected, cutoffs.mid);
  if (high !== undefined && mid !== undefined && high.lt(mid))
    issues.note('cutoffs.mid', `a value of at most cutoffs.high (${high})`, cutoffs.mid);
  issues.throwIfAny(where);
  const { n, x, raw } = readValues(values, anyValueRule, where);
  const atLeast = (i: number, t: Decimal, tf: number) => {
    const v = x[i] as number;
    // Rounding to float64 is monotone, so unequal floats order the exact values too.
    return v !== tf ? v > tf : !(toDecimal(raw[i]) as Decimal).lt(t);
  };
  const hf = (high as Decimal).toNumber();
  const mf = (mid as Decimal).toNumber();
  const out = new Array<ValueTier>(n);
  for (let i = 0; i < n; i++)
    out[i] = atLeast(i, high as Decimal, hf) ? 'high' : atLeast(i, mid as Decimal, mf) ? 'mid' : 'low';
  return out;
}
