/**
 * The per-customer Monte-Carlo engine of `predictiveLifetimeValue` (with `totals: false`, as `clvkit predict
 * --interval` runs it): each customer's predictive distribution of purchases, revenue and discounted CLV over
 * the horizon, without the groups' sums. Because no sum over customers is made, draws may be shared between
 * customers; each customer's own D draws are still independent and exactly distributed. That sharing turns
 * per-customer work into per-history work:
 *
 * - Under Gamma-Gamma a customer's spend rate is ν = G / (γ + x m̄) with G ~ Gamma(q + p x, 1), and step k's
 *   revenue is S_k / ν with S_k ~ Gamma(p N_k, 1), a sum of N_k standard purchase values. So
 *
 *     revenue⁽ᵈ⁾ = (γ⁽ᵈ⁾ + x m̄) R⁽ᵈ⁾,   CLV⁽ᵈ⁾ = m (γ⁽ᵈ⁾ + x m̄) W⁽ᵈ⁾,
 *     R⁽ᵈ⁾ = Σ_k S_k / G,   W⁽ᵈ⁾ = Σ_k f_k S_k / G,
 *
 *   where R and W depend on the purchase history (x, t_x, T) only, not on the amounts spent. They are drawn
 *   once per distinct history; a customer's draws are them scaled by γ⁽ᵈ⁾ + x m̄ (by one number without spend
 *   parameter draws, so its quantiles are the history's scaled).
 * - The standard purchase values of draw d are one sequence z_d1, z_d2, … ~ Gamma(p⁽ᵈ⁾, 1) used by every history
 *   in that draw (a history's purchases take the first N of them, in step order: S_k is the sum of the next N_k),
 *   and G is one Gamma(q⁽ᵈ⁾ + p⁽ᵈ⁾ x, 1) per draw and value of x — common random numbers (Glasserman 2003,
 *   *Monte Carlo Methods in Financial Engineering*, §4.2). Sharing values between customers changes no
 *   customer's distribution (each draw's are independent of its path and of the other draws), only the
 *   dependence between customers, which is why the groups' sums are made by `simulateValue` instead.
 * - Quantiles are selected, not sorted (`quantileAboveZeros`): draws without a purchase are counted, never stored.
 *
 * Memory is O(customers + D · (distinct x + purchases in the largest draw)).
 *
 * The loops over all rows and the quantile selection are module functions, not closures of the run: a closure
 * made per run and inlined into optimized code has that code compiled anew on every run (`scaledHistoryDraws`).
 */
import { groupCustomers } from '../models/data/groupCustomers.js';
import { HistoryDraws, sharedSpendDraws } from './historyDraws.js';
import { histogramQuantile, quantileAboveZeros, quantileRank } from './quantiles.js';
import { samplerHistoryDraws } from './samplerHistoryDraws.js';
import { scaledHistoryDraws } from './scaledHistoryDraws.js';
import { scaledSelection, sortAscendingWith } from './scaledSelection.js';
import type { ValueDraws, ValueSimulation } from './simulateValue.js';
import { purchaseStream, rowSummaries, rowsByGroup } from './simulationParts.js';

/**
 * Consecutive draws of a customer that share one parameter draw when parameter uncertainty is included, for the
 * models with scaled paths (`scaledHistoryDraws`; the path-sampler models keep a row per draw): draws k·10 …
 * k·10 + 9 use row k·10 of the parameter matrix. Each customer's predictive is the mixture over the parameters of
 * the predictive given them; sampling it as ⌈D/10⌉ parameter draws with 10 futures each (a nested Monte Carlo)
 * keeps every draw's distribution and costs the per-customer work of a parameter row (P(alive), the scales) once
 * per 10 draws. The parameters move a customer's figures far less than the process noise does
 * (docs/intervals.md), so the quantiles lose no measurable precision.
 */
export const DRAWS_PER_PARAMETER_ROW = 10;

/**
 * Runs the per-customer simulation of a Gamma-Gamma valuation whose x is the history's (no offsets: every
 * customer's future starts now; `s.totals` is ignored and no group sums are made, `revenueTotals` and
 * `clvTotals` are empty).
 *
 * @example simulateCustomerValue({ spec, params, customers, horizon: 12, step: 4.35, factors, margin: 1, valuation, draws: 1000, seed: 1, levels: [0.05, 0.95], totals: false, … }).clvQuantiles[1]
 */
export function simulateCustomerValue(s: ValueSimulation): ValueDraws {
  const { customers: c, weights, horizon: H, step, factors, margin, valuation, labels, levels } = s;
  const D = s.draws;
  const n = c.frequency.length;
  const L = levels.length;
  const grouped = groupCustomers({ frequency: c.frequency, recency: c.recency, T: c.T, weights: undefined });
  const G = grouped.frequency.length;
  const { start, rowsOf } = rowsByGroup(grouped.groupOf, G);
  const groupSizes = customersPerGroup(n, labels, weights);

  const rows = rowSummaries(n, levels);
  const {
    revenueMean,
    clvMean,
    probabilityNone,
    purchasesMean,
    revenueQuantiles: revenueQ,
    clvQuantiles: clvQ,
    purchasesQuantiles: purchasesQ,
  } = rows;

  const random = purchaseStream(s.seed);
  if (valuation.kind !== 'gammaGamma') throw new Error('simulateCustomerValue: a Gamma-Gamma valuation');
  const spend = sharedSpendDraws(valuation, D, s.seed);
  const h = new HistoryDraws(D);

  const scratch = new Float64Array(D);
  const scaledR = new Float64Array(D);
  const scaledW = new Float64Array(D);
  const oneScale = spend.gammaDraws === undefined;
  const ranks = levels.map((q) => quantileRank(D, q));

  // What every customer of a history shares, in the history's slot: a history of two or more customers has its
  // own, and its rows are written from it in one pass at the end; a history of one uses the last slot and
  // writes its row at once (so that distinct customers need no per-history columns).
  const slotOf = new Int32Array(G);
  let slots = 0;
  for (let g = 0; g < G; g++) slotOf[g] = (start[g + 1] as number) - (start[g] as number) > 1 ? slots++ : -1;
  const single = slots;
  const historyNone = new Float64Array(slots + 1);
  const historyBought = new Float64Array(slots + 1);
  const historyPurchasesQ = levels.map(() => new Float64Array(slots + 1));
  /** Σ_d R⁽ᵈ⁾, Σ_d W⁽ᵈ⁾, and Σ_d γ⁽ᵈ⁾ R⁽ᵈ⁾, Σ_d γ⁽ᵈ⁾ W⁽ᵈ⁾ (with spend parameter draws). */
  const historySumR = new Float64Array(slots + 1);
  const historySumW = new Float64Array(slots + 1);
  const historySumGammaR = new Float64Array(slots + 1);
  const historySumGammaW = new Float64Array(slots + 1);
  /**
   * Quantiles of R⁽ᵈ⁾ and W⁽ᵈ⁾ (no spend parameter draws: a customer's are them times γ + x m̄), or of γ⁽ᵈ⁾ R⁽ᵈ⁾
   * and γ⁽ᵈ⁾ W⁽ᵈ⁾ (with them: the quantiles of the history's customers with x m̄ = 0).
   */
  const historyR = levels.map(() => new Float64Array(slots + 1));
  const historyW = levels.map(() => new Float64Array(slots + 1));

  /**
   * Row `row`'s shared figures from slot `at`: P(none), the purchases, the means (linear in x m̄), and the money
   * quantiles not written by its history (all of them without spend parameter draws; at x m̄ = 0 with them).
   */
  const writeRow = (row: number, at: number) => {
    const spent = valuation.spent[row] as number;
    probabilityNone[row] = historyNone[at] as number;
    purchasesMean[row] = historyBought[at] as number;
    for (let j = 0; j < L; j++)
      (purchasesQ[j] as Float64Array)[row] = (historyPurchasesQ[j] as Float64Array)[at] as number;
    if (oneScale) {
      const scale = spend.gamma + spent;
      revenueMean[row] = (scale * (historySumR[at] as number)) / D;
      clvMean[row] = (margin * scale * (historySumW[at] as number)) / D;
      for (let j = 0; j < L; j++) {
        (revenueQ[j] as Float64Array)[row] = scale * ((historyR[j] as Float64Array)[at] as number);
        (clvQ[j] as Float64Array)[row] = margin * scale * ((historyW[j] as Float64Array)[at] as number);
      }
      return;
    }
    revenueMean[row] = ((historySumGammaR[at] as number) + spent * (historySumR[at] as number)) / D;
    clvMean[row] = (margin * ((historySumGammaW[at] as number) + spent * (historySumW[at] as number))) / D;
    if (spent === 0)
      for (let j = 0; j < L; j++) {
        (revenueQ[j] as Float64Array)[row] = (historyR[j] as Float64Array)[at] as number;
        (clvQ[j] as Float64Array)[row] = margin * ((historyW[j] as Float64Array)[at] as number);
      }
  };

  let mostRows = 0;
  for (let g = 0; g < G; g++) mostRows = Math.max(mostRows, (start[g + 1] as number) - (start[g] as number));
  const pendingSpent = new Float64Array(mostRows);
  const pendingRow = new Float64Array(mostRows);
  const alongR = new Float64Array(mostRows);
  const alongW = new Float64Array(mostRows);
  const selectionR = scaledSelection(D);
  const selectionW = scaledSelection(D);

  /**
   * History g's summaries from its draws in `h`: what its customers share into its slot, and, with spend
   * parameter draws, each customer's money quantiles at x m̄ > 0 into its row (a history of one: its whole row).
   */
  const summarize = (g: number) => {
    const { R, W, drawOf, withPurchase } = h;
    const zeros = D - withPurchase;
    const at = (slotOf[g] as number) < 0 ? single : (slotOf[g] as number);
    historyNone[at] = zeros / D;
    historyBought[at] = h.bought / D;
    for (let j = 0; j < L; j++)
      (historyPurchasesQ[j] as Float64Array)[at] = histogramQuantile(h.histogram, D, levels[j] as number);
    historySumR[at] = h.sumR;
    historySumW[at] = h.sumW;
    const first = start[g] as number;
    const last = start[g + 1] as number;
    // The history's own quantiles: of R⁽ᵈ⁾ and W⁽ᵈ⁾ without spend parameter draws (every customer's are them
    // scaled); with them, of γ⁽ᵈ⁾ R⁽ᵈ⁾ and γ⁽ᵈ⁾ W⁽ᵈ⁾ when a customer has x m̄ = 0 (no repeat purchase, x = 0, means
    // that for every customer on the history: none of their rows is read).
    let own = oneScale || grouped.frequency[g] === 0;
    let pending = 0;
    if (!oneScale) {
      // Spend parameter draws: draw d of a customer is (γ⁽ᵈ⁾ + x m̄) R⁽ᵈ⁾.
      const gammas = spend.gammaDraws as Float64Array;
      let sumGammaR = 0;
      let sumGammaW = 0;
      for (let j = 0; j < withPurchase; j++) {
        const gamma = gammas[drawOf[j] as number] as number;
        scaledR[j] = gamma * (R[j] as number);
        scaledW[j] = gamma * (W[j] as number);
        sumGammaR += scaledR[j] as number;
        sumGammaW += scaledW[j] as number;
      }
      historySumGammaR[at] = sumGammaR;
      historySumGammaW[at] = sumGammaW;
      for (let k = own ? last : first; k < last; k++) {
        const row = rowsOf[k] as number;
        const spent = valuation.spent[row] as number;
        if (spent === 0) own = true;
        else {
          pendingSpent[pending] = spent;
          pendingRow[pending++] = row;
        }
      }
    }
    if (own) {
      scratch.set((oneScale ? R : scaledR).subarray(0, withPurchase));
      selectQuantiles(scratch, levels, historyR, at, withPurchase, zeros);
      scratch.set((oneScale ? W : scaledW).subarray(0, withPurchase));
      selectQuantiles(scratch, levels, historyW, at, withPurchase, zeros);
    }
    if (pending === 1) {
      // One customer with an amount: its money quantiles from all of the draws with a purchase, at its x m̄.
      const row = pendingRow[0] as number;
      const spent = pendingSpent[0] as number;
      for (let j = 0; j < withPurchase; j++) scratch[j] = (scaledR[j] as number) + spent * (R[j] as number);
      selectQuantiles(scratch, levels, revenueQ, row, withPurchase, zeros);
      for (let j = 0; j < withPurchase; j++)
        scratch[j] = margin * ((scaledW[j] as number) + spent * (W[j] as number));
      selectQuantiles(scratch, levels, clvQ, row, withPurchase, zeros);
    } else if (pending > 1) {
      // Its customers in increasing amount: each quantile is one draw's value until that draw's line crosses
      // another (`scaledSelection`), so most customers cost one multiply-add per quantile.
      selectionR.load(scaledR, R, withPurchase);
      selectionW.load(scaledW, W, withPurchase);
      sortAscendingWith(pendingSpent, pendingRow, 0, pending - 1);
      for (let j = 0; j < L; j++) {
        const above = (ranks[j] as number) - zeros - 1;
        if (above < 0) continue; // the quantile is a draw without a purchase: 0, as the rows start
        const revenue = revenueQ[j] as Float64Array;
        const clv = clvQ[j] as Float64Array;
        selectionR.smallestAlong(pendingSpent, pending, above, alongR);
        selectionW.smallestAlong(pendingSpent, pending, above, alongW);
        for (let p = 0; p < pending; p++) {
          const row = pendingRow[p] as number;
          revenue[row] = alongR[p] as number;
          clv[row] = margin * (alongW[p] as number);
        }
      }
    }
    if (at === single) writeRow(rowsOf[first] as number, single);
  };

  if (s.spec.kernels.futurePurchaseScaledPaths !== undefined)
    scaledHistoryDraws(
      {
        spec: s.spec,
        grouped,
        params: s.params,
        parameterDraws: s.parameterDraws,
        drawsPerRow: DRAWS_PER_PARAMETER_ROW,
        draws: D,
        step,
        steps: H,
        factors,
        spend,
        random,
      },
      h,
      summarize,
    );
  else samplerHistoryDraws(s, grouped, spend, random, h, summarize);
  // The rows of histories with two or more customers, in row order.
  writeSharedRows(grouped.groupOf, slotOf, writeRow);
  return { ...rows, revenueTotals: new Float64Array(0), clvTotals: new Float64Array(0), groupSizes };
}

/** Each level's quantile of the draws in scratch[0 … stored) plus `zeros` zero draws, into out[j][at]. */
function selectQuantiles(
  scratch: Float64Array,
  levels: readonly number[],
  out: readonly Float64Array[],
  at: number,
  stored: number,
  zeros: number,
): void {
  for (let j = 0; j < levels.length; j++)
    (out[j] as Float64Array)[at] = quantileAboveZeros(scratch, stored, zeros, levels[j] as number);
}

/** The customers (or their weights) in each group of `labels` (one group without labels). */
function customersPerGroup(
  n: number,
  labels: ValueSimulation['labels'],
  weights: ValueSimulation['weights'],
): Float64Array {
  const sizes = new Float64Array(labels?.count ?? 1);
  for (let i = 0; i < n; i++) {
    const label = labels === undefined ? 0 : (labels.index[i] as number);
    sizes[label] = (sizes[label] as number) + (weights === undefined ? 1 : (weights[i] as number));
  }
  return sizes;
}

/** write(row, slot) for every row whose history has a slot (slotOf[group] ≥ 0), in row order. */
function writeSharedRows(
  groupOf: ArrayLike<number>,
  slotOf: Int32Array,
  write: (row: number, at: number) => void,
): void {
  for (let row = 0; row < groupOf.length; row++) {
    const at = slotOf[groupOf[row] as number] as number;
    if (at >= 0) write(row, at);
  }
}
