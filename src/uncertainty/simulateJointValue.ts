/**
 * The joint engine of the money verbs (`predictiveLifetimeValue` with totals, `customerEquity`): every customer
 * drawn independently, so that draw d of a group's sum is the sum of its customers' draws d. Identical customers
 * share their posterior work and their summary; memory is O(customers + D · groups), no customers × draws matrix.
 */
import { groupCustomers } from '../models/data/groupCustomers.js';
import type { FuturePurchasePathSampler } from '../models/model.js';
import type { ValueTotal } from './predictiveLifetimeValue.js';
import { sortedQuantile } from './quantiles.js';
import type { ValueDraws, ValueSimulation } from './simulateValue.js';
import {
  forEachPathSamplerBlock,
  moneySummary,
  purchaseStream,
  rowCopier,
  rowSummaries,
  rowsByGroup,
  spendStream,
} from './simulationParts.js';

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
 * @example simulateJointValue({ spec, params, customers, horizon: 12, step: 4.35, factors, margin: 1, valuation, draws: 1000, seed: 1, levels: [0.05, 0.95], … })
 */
export function simulateJointValue(s: ValueSimulation): ValueDraws {
  const { customers: c, weights, offsets, horizon: H, factors, margin, valuation, labels, levels } = s;
  const D = s.draws;
  const n = c.frequency.length;
  const grouped = groupCustomers({ frequency: c.frequency, recency: c.recency, T: c.T, weights: undefined });
  const G = grouped.frequency.length;
  const { start, rowsOf } = rowsByGroup(grouped.groupOf, G);
  const groupCount = labels?.count ?? 1;
  const revenueTotals = new Float64Array(groupCount * D);
  const clvTotals = new Float64Array(groupCount * D);
  const groupSizes = new Float64Array(groupCount);
  // Per row; a row whose (x, t_x, T) and purchase value repeat an earlier row's copies that row's summary.
  const rows = rowSummaries(n, levels);
  const copyRow = rowCopier(rows);
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

  forEachPathSamplerBlock(s, grouped, (b0, b1, samplers, stride) => {
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
                rows.revenueMean[row] = mean(summaryRevenue);
                rows.clvMean[row] = mean(summaryClv);
                rows.probabilityNone[row] = none / D;
                rows.purchasesMean[row] = mean(summaryBought);
                summaryRevenue.sort();
                summaryClv.sort();
                summaryBought.sort();
                for (let j = 0; j < levels.length; j++) {
                  const q = levels[j] as number;
                  (rows.purchasesQuantiles[j] as Float64Array)[row] = sortedQuantile(summaryBought, q);
                  (rows.revenueQuantiles[j] as Float64Array)[row] = sortedQuantile(summaryRevenue, q);
                  (rows.clvQuantiles[j] as Float64Array)[row] = sortedQuantile(summaryClv, q);
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
  });
  for (let i = 0; i < n; i++) {
    const from = leader[i] as number;
    if (from >= 0) copyRow(from, i);
  }
  return { ...rows, revenueTotals, clvTotals, groupSizes };
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length === 0 ? 0 : sum / values.length;
}

/**
 * The groups' sums of a joint simulation, one per name, in order: each group's revenue and CLV, summarised from
 * its D joint draws as money.
 *
 * @example valueTotals(simulateJointValue(s), ['all'], 1000, [0.05, 0.95])[0].clv.money.quantiles
 */
export function valueTotals(
  e: ValueDraws,
  names: readonly string[],
  D: number,
  levels: readonly number[],
): ValueTotal[] {
  return names.map((group, g) => {
    const customers = e.groupSizes[g] as number;
    return Object.freeze({
      group,
      customers,
      revenue: moneySummary(group, customers, e.revenueTotals.slice(g * D, (g + 1) * D), levels),
      clv: moneySummary(group, customers, e.clvTotals.slice(g * D, (g + 1) * D), levels),
    });
  });
}
