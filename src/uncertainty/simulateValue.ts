/**
 * The Monte-Carlo engine of the money verbs (`predictiveLifetimeValue`, `customerEquity`): each customer's
 * simulated purchases per step (the model's `futurePurchasePathSampler`), valued per purchase and discounted
 * per step by the point CLV's rule (`stepDiscountFactors`), summarised per customer and summed per group from
 * joint draws. Columnar: identical customers share their posterior work and their summary; memory is
 * O(customers + D · groups), no customers × draws matrix.
 */
import type { CustomerColumns } from '../models/data/customers.js';
import { groupCustomers } from '../models/data/groupCustomers.js';
import type { FuturePurchasePathSampler, ModelParams, ModelSpec } from '../models/model.js';
import type { ParameterDraws } from './parameterDraws.js';
import { sortedQuantile } from './quantiles.js';
import { simulateCustomerValue } from './simulateCustomerValue.js';
import { forEachSamplerBlock, purchaseStream, rowsByGroup, spendStream } from './simulationParts.js';

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
 * Runs the simulation. Draw d of a customer: purchases per step N_k⁽ᵈ⁾ from the path sampler under θ⁽ᵈ⁾; with
 * Gamma-Gamma, the spend rate ν⁽ᵈ⁾ ~ Gamma(q + p x, γ + x m̄) (the posterior given the customer's x repeat
 * purchases of mean m̄, Fader, Hardie & Lee 2005) and the value of step k's purchases R_k ~ Gamma(p N_k, ν) (a
 * sum of N_k purchase values z ~ Gamma(p, ν)); with a fixed amount a, R_k = a N_k. Then
 *
 *   revenue⁽ᵈ⁾ = Σ_k R_k,   CLV⁽ᵈ⁾ = m Σ_k R_k f_{k + o},   f_k = (1 + d)^{−k} (`stepDiscountFactors`),
 *
 * o the row's offset (steps from now to the start of its future). Per-customer summaries come from the row's first D
 * draws, shared by later rows with the same (x, t_x, T) and purchase value (x · m̄, or the fixed amount); a row of weight w adds w independent draws to its group's sums (draw by
 * draw), a row of weight 0 none.
 *
 * @example simulateValue({ spec, params, customers, horizon: 12, step: 4.35, factors, margin: 1, valuation, draws: 1000, seed: 1, levels: [0.05, 0.95], … })
 */
export function simulateValue(s: ValueSimulation): ValueDraws {
  if (!s.totals && s.offsets === undefined && valuedByHistory(s)) return simulateCustomerValue(s);
  const { customers: c, weights, offsets, horizon: H, step, factors, margin, valuation, labels, levels } = s;
  const D = s.draws;
  const n = c.frequency.length;
  const kernel = s.spec.kernels.futurePurchasePathSampler as NonNullable<
    ModelSpec['kernels']['futurePurchasePathSampler']
  >;
  const grouped = groupCustomers({ frequency: c.frequency, recency: c.recency, T: c.T, weights: undefined });
  const G = grouped.frequency.length;
  const { start, rowsOf } = rowsByGroup(grouped.groupOf, G);
  const groupCount = labels?.count ?? 1;
  const revenueTotals = new Float64Array(groupCount * D);
  const clvTotals = new Float64Array(groupCount * D);
  const groupSizes = new Float64Array(groupCount);
  // Per row; a row whose (x, t_x, T) and purchase value repeat an earlier row's copies that row's summary.
  const revenueMean = new Float64Array(n);
  const clvMean = new Float64Array(n);
  const probabilityNone = new Float64Array(n);
  const purchasesMean = new Float64Array(n);
  const purchasesQ = levels.map(() => new Float64Array(n));
  const revenueQ = levels.map(() => new Float64Array(n));
  const clvQ = levels.map(() => new Float64Array(n));
  const leader = new Int32Array(n).fill(-1);
  const keyOf = (row: number) =>
    valuation.kind === 'gammaGamma' ? (valuation.spent[row] as number) : (valuation.amount[row] as number);
  const summaryRevenue = new Float64Array(D);
  const summaryClv = new Float64Array(D);
  const summaryBought = new Float64Array(D);
  const counts = new Float64Array(H);
  const random = purchaseStream(s.seed);
  const spendRandom = spendStream(s.seed);
  const spendRows = valuation.kind === 'gammaGamma' ? valuation.draws : undefined;

  forEachSamplerBlock(
    grouped,
    s.params,
    s.parameterDraws,
    (p, c) => kernel(p, step, H, c),
    (b0, b1, samplers, stride) => {
      for (let g = b0; g < b1; g++) {
        const local = g - b0;
        const leaders = new Map<number, number>();
        for (let k = start[g] as number; k < (start[g + 1] as number); k++) {
          const row = rowsOf[k] as number;
          const key = keyOf(row);
          const first = leaders.get(key);
          if (first === undefined) leaders.set(key, row);
          else leader[row] = first;
          // The row's summary comes from its first D draws, unless an identical row came first.
          let filled = first === undefined ? 0 : D;
          let none = 0;
          const copies = weights === undefined ? 1 : (weights[row] as number);
          const label = labels === undefined ? 0 : (labels.index[row] as number);
          groupSizes[label] = (groupSizes[label] as number) + copies;
          const base = label * D;
          if (!s.totals && first !== undefined) continue;
          const offset = offsets === undefined ? 0 : (offsets[row] as number);
          const open = H - offset;
          const drawn = s.totals ? Math.max(copies, 1) : 1;
          for (let copy = 0; copy < drawn; copy++) {
            const counted = s.totals && copy < copies;
            for (let d = 0; d < D; d++) {
              const total = (samplers[d * stride] as FuturePurchasePathSampler)(local, random, counts);
              let revenue = 0;
              let value = 0;
              let bought = 0;
              if (total > 0) {
                let p = 0;
                let nu = 0;
                if (valuation.kind === 'gammaGamma') {
                  const j = spendRows === undefined ? -1 : d * 3;
                  p = j < 0 ? valuation.params[0] : (spendRows?.values[j] as number);
                  const q = j < 0 ? valuation.params[1] : (spendRows?.values[j + 1] as number);
                  const gamma = j < 0 ? valuation.params[2] : (spendRows?.values[j + 2] as number);
                  nu = spendRandom.gamma(
                    q + p * (valuation.frequency[row] as number),
                    gamma + (valuation.spent[row] as number),
                  );
                }
                for (let step_ = 0; step_ < H; step_++) {
                  const v = counts[step_] as number;
                  if (v === 0) continue;
                  counts[step_] = 0;
                  if (step_ >= open) continue;
                  bought += v;
                  const r =
                    valuation.kind === 'gammaGamma'
                      ? spendRandom.gamma(p * v, 1) / nu
                      : v * (valuation.amount[row] as number);
                  revenue += r;
                  value += r * (factors[step_ + offset] as number);
                }
                value *= margin;
              }
              if (filled < D) {
                summaryRevenue[filled] = revenue;
                summaryClv[filled] = value;
                summaryBought[filled] = bought;
                if (bought === 0) none++;
                filled++;
                if (filled === D && first === undefined) {
                  revenueMean[row] = mean(summaryRevenue);
                  clvMean[row] = mean(summaryClv);
                  probabilityNone[row] = none / D;
                  purchasesMean[row] = mean(summaryBought);
                  summaryRevenue.sort();
                  summaryClv.sort();
                  summaryBought.sort();
                  for (let j = 0; j < levels.length; j++) {
                    const q = levels[j] as number;
                    (purchasesQ[j] as Float64Array)[row] = sortedQuantile(summaryBought, q);
                    (revenueQ[j] as Float64Array)[row] = sortedQuantile(summaryRevenue, q);
                    (clvQ[j] as Float64Array)[row] = sortedQuantile(summaryClv, q);
                  }
                }
              }
              if (counted) {
                revenueTotals[base + d] = (revenueTotals[base + d] as number) + revenue;
                clvTotals[base + d] = (clvTotals[base + d] as number) + value;
              }
            }
          }
        }
      }
    },
  );
  for (let i = 0; i < n; i++) {
    const from = leader[i] as number;
    if (from < 0) continue;
    revenueMean[i] = revenueMean[from] as number;
    clvMean[i] = clvMean[from] as number;
    probabilityNone[i] = probabilityNone[from] as number;
    purchasesMean[i] = purchasesMean[from] as number;
    for (let j = 0; j < levels.length; j++) {
      (purchasesQ[j] as Float64Array)[i] = (purchasesQ[j] as Float64Array)[from] as number;
      (revenueQ[j] as Float64Array)[i] = (revenueQ[j] as Float64Array)[from] as number;
      (clvQ[j] as Float64Array)[i] = (clvQ[j] as Float64Array)[from] as number;
    }
  }
  return {
    revenueMean,
    revenueQuantiles: revenueQ,
    clvMean,
    clvQuantiles: clvQ,
    probabilityNone,
    purchasesMean,
    purchasesQuantiles: purchasesQ,
    revenueTotals,
    clvTotals,
    groupSizes,
  };
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

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length === 0 ? 0 : sum / values.length;
}
