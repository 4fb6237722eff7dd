/**
 * The Monte-Carlo engine of the money verbs (`predictiveLifetimeValue`, `customerEquity`): each customer's
 * simulated purchases per step (the model's `futurePurchasePathSampler`), valued per purchase and discounted
 * per step by the point CLV's rule (`stepDiscountFactors`), summarised per customer and summed per group from
 * joint draws. Columnar: identical customers share their posterior work and their summary; memory is
 * O(customers + D · groups), no customers × draws matrix.
 */
import type { CustomerColumns } from '../models/data/customers.js';
import type { ModelParams, ModelSpec } from '../models/model.js';
import type { ParameterDraws } from './parameterDraws.js';
import { simulateCustomerValue } from './simulateCustomerValue.js';
import { simulateJointValue } from './simulateJointValue.js';

/**
 * How a purchase is valued: by Gamma-Gamma's posterior of the customer's spend (with the fit's parameters, or
 * row d of `draws` in draw d), or by a fixed amount per purchase (an sBG contract's payment per renewal).
 */
export type PurchaseValuation =
  | {
      readonly kind: 'gammaGamma';
      /** The Gamma-Gamma parameters p, q, γ. */
      readonly params: readonly [number, number, number];
      /** Optional Gamma-Gamma parameter draws (columns p, q, γ), one row per draw. */
      readonly draws: ParameterDraws | undefined;
      /** x per row (0 for new customers). */
      readonly frequency: Float64Array;
      /** x · m̄ per row: the sum of the repeat purchases' values (0 when x = 0). */
      readonly spent: Float64Array;
    }
  | {
      readonly kind: 'fixed';
      /** The value of one purchase, per row. */
      readonly amount: Float64Array;
    };

/** What the engine simulates. */
export interface ValueSimulation {
  readonly spec: ModelSpec;
  /** The transaction model's parameters (used when `parameterDraws` is absent). */
  readonly params: ModelParams;
  readonly parameterDraws: ParameterDraws | undefined;
  /** Validated customers (rows of new customers may follow the input's). */
  readonly customers: CustomerColumns;
  /** Whole weights per row, or undefined for one customer each. */
  readonly weights: Float64Array | undefined;
  /** The step each row's future starts at (0 for customers of today; j − 1 for a cohort acquired in step j). */
  readonly offsets: Uint32Array | undefined;
  /** Steps, step length, discount factor of each step (`stepDiscountFactors`) and margin. */
  readonly horizon: number;
  readonly step: number;
  readonly factors: Float64Array;
  readonly margin: number;
  readonly valuation: PurchaseValuation;
  /** A group index per row, and the number of groups (one group without). */
  readonly labels: { readonly index: Uint32Array; readonly count: number } | undefined;
  readonly draws: number;
  readonly seed: number;
  readonly levels: readonly number[];
  /**
   * False: per-customer summaries only — each distinct customer is drawn D times and the groups' sums are not
   * made (every copy of a customer would need its own draws for them).
   */
  readonly totals: boolean;
}

/** Per-row summaries and per-group joint draws. */
export interface ValueDraws {
  /** Per row: mean and quantiles (one array per level) of the undiscounted revenue over the horizon. */
  readonly revenueMean: Float64Array;
  readonly revenueQuantiles: readonly Float64Array[];
  /** Per row: mean and quantiles of the discounted value × margin (the CLV). */
  readonly clvMean: Float64Array;
  readonly clvQuantiles: readonly Float64Array[];
  /** Per row: the share of draws without a purchase in the horizon. */
  readonly probabilityNone: Float64Array;
  /** Per row: mean and quantiles of the number of purchases in the horizon (the same draws). */
  readonly purchasesMean: Float64Array;
  readonly purchasesQuantiles: readonly Float64Array[];
  /** revenueTotals[g · D + d], clvTotals[g · D + d]: draw d of group g's sum. */
  readonly revenueTotals: Float64Array;
  readonly clvTotals: Float64Array;
  /** Customers per group (Σ weights). */
  readonly groupSizes: Float64Array;
}

/**
 * Runs the simulation: the per-customer engine (`simulateCustomerValue`: draws shared by purchase history, no
 * sums) when no group sums are asked for and purchases are valued by Gamma-Gamma on the customers' own x; the
 * joint engine (`simulateJointValue`: independent draws per customer, summed draw by draw) otherwise.
 *
 * @example simulateValue({ spec, params, customers, horizon: 12, step: 4.35, factors, margin: 1, valuation, draws: 1000, seed: 1, levels: [0.05, 0.95], totals: true, … })
 */
export function simulateValue(s: ValueSimulation): ValueDraws {
  return !s.totals && s.offsets === undefined && valuedByHistory(s)
    ? simulateCustomerValue(s)
    : simulateJointValue(s);
}

/**
 * True when the per-customer engine applies: a Gamma-Gamma valuation whose x of every row is the transaction
 * model's x (its shared draws are per value of x).
 */
function valuedByHistory(s: ValueSimulation): boolean {
  if (s.valuation.kind === 'fixed') return false;
  const a = s.valuation.frequency;
  const b = s.customers.frequency;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
