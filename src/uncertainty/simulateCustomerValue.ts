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
 */
import { groupCustomers } from '../models/data/groupCustomers.js';
import { HistoryDraws, sharedSpendDraws } from './historyDraws.js';
import { histogramQuantile, quantileAboveZeros, quantileRank } from './quantiles.js';
import { samplerHistoryDraws } from './samplerHistoryDraws.js';
import { scaledHistoryDraws } from './scaledHistoryDraws.js';
import { scaledSelection, sortDescendingWith } from './scaledSelection.js';
import type { ValueDraws, ValueSimulation } from './simulateValue.js';
import { purchaseStream, rowCopier, rowSummaries, rowsByGroup } from './simulationParts.js';

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
 * Customers on one history from which, with spend parameter draws, the history's draws are sorted once and each
 * customer's quantiles taken from a few of them (`ScaledSelection`) rather than from all.
 */
const SORTED_FROM = 8;

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
  const groupSizes = new Float64Array(labels?.count ?? 1);
  for (let i = 0; i < n; i++) {
    const label = labels === undefined ? 0 : (labels.index[i] as number);
    groupSizes[label] = (groupSizes[label] as number) + (weights === undefined ? 1 : (weights[i] as number));
  }

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
  /** Each level's quantile of the draws in scratch[0 … stored) plus `zeros` zero draws, into row `row`. */
  const selectQuantiles = (out: readonly Float64Array[], row: number, stored: number, zeros: number) => {
    for (let j = 0; j < L; j++)
      (out[j] as Float64Array)[row] = quantileAboveZeros(scratch, stored, zeros, levels[j] as number);
  };
  const scaledR = new Float64Array(D);
  const scaledW = new Float64Array(D);
  // The history's quantiles (one value per level), as `selectQuantiles` writes them: level j at historyR[j][0].
  const historyR = levels.map(() => new Float64Array(1));
  const historyW = levels.map(() => new Float64Array(1));
  const historyN = new Float64Array(L);
  const oneScale = spend.gammaDraws === undefined;
  const ranks = levels.map((q) => quantileRank(D, q));
  let mostRows = 0;
  for (let g = 0; g < G; g++) mostRows = Math.max(mostRows, (start[g + 1] as number) - (start[g] as number));
  const pendingSpent = new Float64Array(mostRows);
  const pendingRow = new Float64Array(mostRows);
  const sortedR = scaledSelection(D);
  const sortedW = scaledSelection(D);

  const copyRow = rowCopier(rows);

  /** Row `row`'s money quantiles from all of the history's draws with a purchase, at x m̄ = `spent`. */
  const selectScaled = (row: number, spent: number, withPurchase: number, zeros: number) => {
    const { R, W } = h;
    for (let j = 0; j < withPurchase; j++) scratch[j] = (scaledR[j] as number) + spent * (R[j] as number);
    selectQuantiles(revenueQ, row, withPurchase, zeros);
    for (let j = 0; j < withPurchase; j++)
      scratch[j] = margin * ((scaledW[j] as number) + spent * (W[j] as number));
    selectQuantiles(clvQ, row, withPurchase, zeros);
  };

  /** History g's customers' summaries from its draws in `h`. */
  const summarize = (g: number) => {
    const { R, W, drawOf, withPurchase, sumR, sumW } = h;
    const zeros = D - withPurchase;
    for (let j = 0; j < L; j++) historyN[j] = histogramQuantile(h.histogram, D, levels[j] as number);
    // One scale for the whole history (no spend parameter draws): its quantiles, selected once.
    if (oneScale) {
      scratch.set(R.subarray(0, withPurchase));
      selectQuantiles(historyR, 0, withPurchase, zeros);
      scratch.set(W.subarray(0, withPurchase));
      selectQuantiles(historyW, 0, withPurchase, zeros);
    }
    // γ⁽ᵈ⁾ R⁽ᵈ⁾ and γ⁽ᵈ⁾ W⁽ᵈ⁾ and their sums, for customers scaled draw by draw.
    let sumGammaR = 0;
    let sumGammaW = 0;
    if (!oneScale) {
      const gammas = spend.gammaDraws as Float64Array;
      for (let j = 0; j < withPurchase; j++) {
        const gamma = gammas[drawOf[j] as number] as number;
        scaledR[j] = gamma * (R[j] as number);
        scaledW[j] = gamma * (W[j] as number);
        sumGammaR += scaledR[j] as number;
        sumGammaW += scaledW[j] as number;
      }
    }
    let leaders: Map<number, number> | undefined;
    let zeroLeader = -1;
    let pending = 0;
    let oneAmount = true;
    const last = start[g + 1] as number;
    const many = !oneScale && last - (start[g] as number) >= SORTED_FROM && withPurchase > 0;
    for (let k = start[g] as number; k < last; k++) {
      const row = rowsOf[k] as number;
      probabilityNone[row] = zeros / D;
      purchasesMean[row] = h.bought / D;
      for (let j = 0; j < L; j++) (purchasesQ[j] as Float64Array)[row] = historyN[j] as number;
      const spent = valuation.spent[row] as number;
      if (oneScale) {
        const scale = spend.gamma + spent;
        revenueMean[row] = (scale * sumR) / D;
        clvMean[row] = (margin * scale * sumW) / D;
        for (let j = 0; j < L; j++) {
          (revenueQ[j] as Float64Array)[row] = scale * ((historyR[j] as Float64Array)[0] as number);
          (clvQ[j] as Float64Array)[row] = margin * scale * ((historyW[j] as Float64Array)[0] as number);
        }
        continue;
      }
      // Spend parameter draws: draw d of the customer is (γ⁽ᵈ⁾ + x m̄) R⁽ᵈ⁾.
      revenueMean[row] = (sumGammaR + spent * sumR) / D;
      clvMean[row] = (margin * (sumGammaW + spent * sumW)) / D;
      // No repeat purchases (x m̄ = 0): the history's quantiles of γ⁽ᵈ⁾ R⁽ᵈ⁾, once; a repeated amount copies its row.
      if (spent === 0 && zeroLeader >= 0) {
        copyRow(zeroLeader, row);
        continue;
      }
      if (spent === 0) zeroLeader = row;
      else if (!many && last - (start[g] as number) > 1) {
        leaders ??= new Map();
        const leader = leaders.get(spent);
        if (leader !== undefined) {
          copyRow(leader, row);
          continue;
        }
        leaders.set(spent, row);
      }
      if (many && spent > 0) {
        // Many customers on this history: their quantiles after the loop, in order of their amounts.
        if (pending > 0 && spent !== pendingSpent[0]) oneAmount = false;
        pendingSpent[pending] = spent;
        pendingRow[pending++] = row;
        continue;
      }
      // A few customers on this history: each selects from all the draws.
      selectScaled(row, spent, withPurchase, zeros);
    }
    if (pending > 0 && oneAmount) {
      // One amount for all of them (copies of one customer): selected once, copied.
      const first = pendingRow[0] as number;
      selectScaled(first, pendingSpent[0] as number, withPurchase, zeros);
      for (let p = 1; p < pending; p++) copyRow(first, pendingRow[p] as number);
    } else if (pending > 0) {
      // The history's draws sorted once; its customers in increasing amount, so that each customer's quantile
      // is bracketed by the previous one's (`scaledSelection.smallestNear`) and found among a few draws.
      sortedR.load(scaledR, R, withPurchase);
      sortedW.load(scaledW, W, withPurchase);
      sortDescendingWith(pendingSpent, pendingRow, 0, pending - 1);
      for (let j = 0; j < L; j++) {
        const above = (ranks[j] as number) - zeros - 1;
        const revenue = revenueQ[j] as Float64Array;
        const clv = clvQ[j] as Float64Array;
        let previousSpent = -1;
        let previousR = 0;
        let previousW = 0;
        for (let p = pending - 1; p >= 0; p--) {
          const row = pendingRow[p] as number;
          if (above < 0) {
            revenue[row] = 0;
            clv[row] = 0;
            continue;
          }
          const spent = pendingSpent[p] as number;
          if (spent !== previousSpent) {
            previousR = sortedR.smallestNear(spent, above, previousSpent, previousR);
            previousW = sortedW.smallestNear(spent, above, previousSpent, previousW);
            previousSpent = spent;
          }
          revenue[row] = previousR;
          clv[row] = margin * previousW;
        }
      }
    }
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
  return { ...rows, revenueTotals: new Float64Array(0), clvTotals: new Float64Array(0), groupSizes };
}
