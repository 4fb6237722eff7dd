import { Decimal } from '../money.js';
import { parseInput } from '../schemas/parse.js';
import { type ClvInput, ClvInputSchema, type ClvParsedInput } from './clvInput.js';
import { periodSum } from './periodSum.js';

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

const ZERO = new Decimal(0);
const ONE = new Decimal(1);

/**
 * The period weights of one (retention, discount, horizon, timing) combination: every money figure of a
 * formula CLV is an amount per period times one of these. They hold all the divisions and powers, and depend
 * on no money, so many customers sharing rates can share them (see `customerLifetimeValues`).
 */
export interface PeriodWeights {
  /** Σ_k w_k (r/(1+d))^(k+e): discounted periods of contribution. */
  readonly discounted: Decimal;
  /** Σ_k w_k r^(k+e): undiscounted paying periods; `null` when endless. */
  readonly undiscounted: Decimal | null;
  /** Σ_k w_k r^k: expected periods active; `null` when endless. */
  readonly lifespan: Decimal | null;
  readonly retention: Decimal;
  readonly discountRate: Decimal;
  readonly timing: 'start' | 'end';
}

/** Computes the period weights of a validated input. */
export function periodWeights(input: ClvParsedInput): PeriodWeights {
  const discountRate = input.discountRate ?? ZERO;
  const timing = input.timing ?? 'start';
  const e = timing === 'end' ? 1 : 0;
  let retention: Decimal;
  let periods: Decimal | undefined;
  if (input.lifespan !== undefined) {
    retention = ONE;
    periods = input.horizon !== undefined ? Decimal.min(input.lifespan, input.horizon) : input.lifespan;
  } else {
    retention = input.retentionRate ?? ONE.sub(input.churnRate as Decimal);
    periods = input.horizon;
  }
  const q = discountRate.isZero() ? retention : retention.div(discountRate.add(1));
  const endless = periods === undefined && retention.eq(1);
  return {
    discounted: periodSum(q, periods, e),
    undiscounted: endless ? null : periodSum(retention, periods, e),
    lifespan: endless ? null : periodSum(retention, periods, 0),
    retention,
    discountRate,
    timing,
  };
}

/** Computes a formula CLV from a validated input and its period weights (see `customerLifetimeValue`). */
export function computeClv(input: ClvParsedInput, weights: PeriodWeights = periodWeights(input)): ClvResult {
  const cac = input.acquisitionCost ?? ZERO;
  const revenuePerPeriod = input.averagePurchaseValue.mul(input.purchaseFrequency);
  const withMargin =
    input.grossMargin === undefined ? revenuePerPeriod : revenuePerPeriod.mul(input.grossMargin);
  const contributionPerPeriod =
    input.serviceCostPerPeriod === undefined ? withMargin : withMargin.sub(input.serviceCostPerPeriod);
  const clv = contributionPerPeriod.mul(weights.discounted);
  return {
    clv,
    netClv: clv.sub(cac),
    revenue: weights.undiscounted === null ? null : revenuePerPeriod.mul(weights.undiscounted),
    expectedLifespan: weights.lifespan,
    revenuePerPeriod,
    contributionPerPeriod,
    acquisitionCost: cac,
    clvToCacRatio: cac.isZero() ? undefined : clv.div(cac),
    retentionRate: weights.retention,
    discountRate: weights.discountRate,
    timing: weights.timing,
  };
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
