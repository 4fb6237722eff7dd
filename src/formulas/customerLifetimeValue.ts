import type { Decimal } from '../money.js';
import { parseInput } from '../schemas/parse.js';
import { type ClvInput, ClvInputSchema, type ClvParsedInput } from './clvInput.js';
import { LazyClvResult } from './lazyClvResult.js';
import { PeriodWeights } from './periodWeights.js';

/** The result of a formula CLV. Money is the library's Decimal, never rounded: round with `roundMoney`. */
export interface ClvResult {
  /** Discounted expected contribution over the relationship (before acquisition cost): the CLV. */
  readonly clv: Decimal;
  /** clv − acquisitionCost. */
  readonly netClv: Decimal;
  /** Undiscounted expected revenue over the relationship; `null` when the relationship never ends (retention 1 with no horizon). */
  readonly revenue: Decimal | null;
  /** Expected number of periods the customer stays (counting the first); `null` when it never ends. */
  readonly expectedLifespan: Decimal | null;
  /** averagePurchaseValue × purchaseFrequency. */
  readonly revenuePerPeriod: Decimal;
  /** m = revenuePerPeriod × grossMargin − serviceCostPerPeriod. */
  readonly contributionPerPeriod: Decimal;
  /** The acquisition cost used (0 when not given). */
  readonly acquisitionCost: Decimal;
  /** clv / acquisitionCost, when acquisitionCost > 0. */
  readonly clvToCacRatio: Decimal | undefined;
  /** The retention per period used: 1 for a fixed lifespan, 1 − churnRate, or retentionRate. */
  readonly retentionRate: Decimal;
  /** The discount rate per period used. */
  readonly discountRate: Decimal;
  /** When each period's margin is received. */
  readonly timing: 'start' | 'end';
}

/**
 * Computes a formula CLV from a validated input and its period weights (see `customerLifetimeValue`): every
 * figure at once, as a plain object. The formulas (and their finiteness checks) live in `LazyClvResult`, so the
 * single and the bulk call cannot disagree.
 */
export function computeClv(
  input: ClvParsedInput,
  weights = new PeriodWeights(input),
  where = 'customerLifetimeValue',
): ClvResult {
  return new LazyClvResult(input, weights, where).toJSON();
}

/**
 * Customer lifetime value from business inputs, exact in Decimal.
 *
 * Per-period contribution m = averagePurchaseValue × purchaseFrequency × grossMargin − serviceCostPerPeriod.
 * With q = r / (1 + d) (r = retention per period, 1 for a fixed lifespan; d = discount rate):
 * - fixed lifespan L: period k = 0 … ⌈L⌉−1 brings m (m·(L − k) in a fractional last period),
 *   discounted by (1+d)^k at `'start'` timing and (1+d)^(k+1) at `'end'` timing; d = 0 gives m·L;
 * - retention r, no horizon: start timing m(1+d)/(1+d−r); end timing m·r/(1+d−r)
 *   (Gupta & Lehmann 2003, "Customers as assets", J. Interactive Marketing 17(1));
 * - a horizon N caps the relationship at N periods (the finite geometric sums).
 * revenue is the same sum undiscounted and before margin and cost; netClv = clv − acquisitionCost.
 *
 * @example
 * // A $1,000-a-year subscription, 80% margin, $100 a year to serve, 20% annual churn, $500 CAC:
 * const r = customerLifetimeValue({ averagePurchaseValue: 1000, purchaseFrequency: 1, churnRate: 0.2,
 *   grossMargin: 0.8, serviceCostPerPeriod: 100, acquisitionCost: 500 });
 * r.revenue.toString() === '5000'; r.clv.toString() === '3500'; r.netClv.toString() === '3000'
 */
export function customerLifetimeValue(input: ClvInput): ClvResult {
  return computeClv(parseInput(ClvInputSchema, input, 'customerLifetimeValue'));
}
