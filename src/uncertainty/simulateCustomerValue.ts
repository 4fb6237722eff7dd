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
 * The summaries of each history (`HistorySummarizer`) and the rows they write (`HistorySlots`) are classes and the
 * helpers module functions, not closures of the run: a closure made per run and inlined into optimized code has
 * that code compiled anew on every run (`scaledHistoryDraws`).
 */
import { type GroupedCustomers, groupCustomers } from '../models/data/groupCustomers.js';
import {
  HistoryDraws,
  type HistorySummaries,
  type SharedSpendDraws,
  sharedSpendDraws,
} from './historyDraws.js';
import { HistorySlots } from './historySlots.js';
import { histogramQuantile, quantileAboveZeros, quantileRank } from './quantiles.js';
import { samplerHistoryDraws } from './samplerHistoryDraws.js';
import { scaledHistoryDraws } from './scaledHistoryDraws.js';
import { type ScaledSelection, scaledSelection, sortAscendingWith } from './scaledSelection.js';
import type { ValueDraws, ValueSimulation } from './simulateValue.js';
import { purchaseStream, type RowSummaries, rowSummaries, rowsByGroup } from './simulationParts.js';

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
  const { customers: c, valuation } = s;
  const D = s.draws;
  const grouped = groupCustomers({ frequency: c.frequency, recency: c.recency, T: c.T, weights: undefined });
  const groupSizes = customersPerGroup(c.frequency.length, s.labels, s.weights);
  const rows = rowSummaries(c.frequency.length, s.levels);
  const random = purchaseStream(s.seed);
  if (valuation.kind !== 'gammaGamma') throw new Error('simulateCustomerValue: a Gamma-Gamma valuation');
  const spend = sharedSpendDraws(valuation, D, s.seed);
  const h = new HistoryDraws(D, s.spec.model);
  const summarizer = new HistorySummarizer(s, valuation.spent, grouped, rows, spend, h);
  if (s.spec.kernels.futurePurchaseScaledPaths !== undefined)
    scaledHistoryDraws(
      {
        spec: s.spec,
        grouped,
        params: s.params,
        parameterDraws: s.parameterDraws,
        drawsPerRow: DRAWS_PER_PARAMETER_ROW,
        draws: D,
        step: s.step,
        steps: s.horizon,
        factors: s.factors,
        spend,
        random,
      },
      h,
      summarizer,
    );
  else samplerHistoryDraws(s, grouped, spend, random, h, summarizer);
  summarizer.finish();
  return { ...rows, revenueTotals: new Float64Array(0), clvTotals: new Float64Array(0), groupSizes };
}

/**
 * Turns each history's draws (in `h`, from a producer) into its customers' summaries. What a history's customers
 * share goes to its slot (`HistorySlots`): a history of two or more customers has its own, whose rows are written
 * at the end (`finish`); a history of one uses the last slot and writes its row at once (so that distinct
 * customers need no per-history columns). With spend parameter draws, each customer with x m̄ > 0 has its own
 * money quantiles, selected here.
 */
class HistorySummarizer implements HistorySummaries {
  private readonly D: number;
  private readonly levels: readonly number[];
  /** Each level's rank among the D draws (`quantileRank`). */
  private readonly ranks: number[];
  private readonly margin: number;
  private readonly gammaDraws: Float64Array | undefined;
  /** History g's rows are rowsOf[start[g] … start[g + 1]). */
  private readonly start: Uint32Array;
  private readonly rowsOf: Uint32Array;
  /** Each history's slot, −1 for a history of one (which uses the last slot, `single`). */
  private readonly slotOf: Int32Array;
  private readonly single: number;
  private readonly shared: HistorySlots;
  private readonly scratch: Float64Array;
  /** γ⁽ᵈ⁾ R⁽ᵈ⁾ and γ⁽ᵈ⁾ W⁽ᵈ⁾ of the history's draws with a purchase (spend parameter draws). */
  private readonly scaledR: Float64Array;
  private readonly scaledW: Float64Array;
  /** The history's customers with x m̄ > 0 (their amounts and rows), and their quantiles along them. */
  private readonly pendingSpent: Float64Array;
  private readonly pendingRow: Float64Array;
  private readonly alongR: Float64Array;
  private readonly alongW: Float64Array;
  private readonly selectionR: ScaledSelection;
  private readonly selectionW: ScaledSelection;

  constructor(
    s: ValueSimulation,
    /** Each row's x m̄ (the Gamma-Gamma valuation's). */
    private readonly spent: Float64Array,
    private readonly grouped: GroupedCustomers,
    private readonly rows: RowSummaries,
    spend: SharedSpendDraws,
    private readonly h: HistoryDraws,
  ) {
    const D = s.draws;
    const G = grouped.frequency.length;
    this.D = D;
    this.levels = s.levels;
    this.ranks = s.levels.map((q) => quantileRank(D, q));
    this.margin = s.margin;
    this.gammaDraws = spend.gammaDraws;
    const { start, rowsOf } = rowsByGroup(grouped.groupOf, G);
    this.start = start;
    this.rowsOf = rowsOf;
    const slotOf = new Int32Array(G);
    let slots = 0;
    let mostRows = 0;
    for (let g = 0; g < G; g++) {
      const size = (start[g + 1] as number) - (start[g] as number);
      slotOf[g] = size > 1 ? slots++ : -1;
      mostRows = Math.max(mostRows, size);
    }
    this.slotOf = slotOf;
    this.single = slots;
    const oneScale = spend.gammaDraws === undefined;
    this.shared = new HistorySlots(slots + 1, s.levels, rows, this.spent, oneScale, spend.gamma, s.margin, D);
    this.scratch = new Float64Array(D);
    this.scaledR = new Float64Array(D);
    this.scaledW = new Float64Array(D);
    this.pendingSpent = new Float64Array(mostRows);
    this.pendingRow = new Float64Array(mostRows);
    this.alongR = new Float64Array(mostRows);
    this.alongW = new Float64Array(mostRows);
    this.selectionR = scaledSelection(D);
    this.selectionW = scaledSelection(D);
  }

  /**
   * History g's summaries from its draws in `h`: what its customers share into its slot, and, with spend
   * parameter draws, each customer's money quantiles at x m̄ > 0 into its row (a history of one: its whole row).
   */
  summarize(g: number): void {
    const { h, D, levels, shared, scratch, scaledR, scaledW, pendingSpent, pendingRow, margin } = this;
    const { R, W, drawOf, withPurchase } = h;
    const L = levels.length;
    const zeros = D - withPurchase;
    const at = (this.slotOf[g] as number) < 0 ? this.single : (this.slotOf[g] as number);
    shared.none[at] = zeros / D;
    shared.bought[at] = h.bought / D;
    for (let j = 0; j < L; j++)
      (shared.purchasesQ[j] as Float64Array)[at] = histogramQuantile(h.histogram, D, levels[j] as number);
    shared.sumR[at] = h.sumR;
    shared.sumW[at] = h.sumW;
    const first = this.start[g] as number;
    const last = this.start[g + 1] as number;
    const gammas = this.gammaDraws;
    // The history's own quantiles: of R⁽ᵈ⁾ and W⁽ᵈ⁾ without spend parameter draws (every customer's are them
    // scaled); with them, of γ⁽ᵈ⁾ R⁽ᵈ⁾ and γ⁽ᵈ⁾ W⁽ᵈ⁾ when a customer has x m̄ = 0 (no repeat purchase, x = 0, means
    // that for every customer on the history: none of their rows is read).
    let own = gammas === undefined || this.grouped.frequency[g] === 0;
    let pending = 0;
    if (gammas !== undefined) {
      // Spend parameter draws: draw d of a customer is (γ⁽ᵈ⁾ + x m̄) R⁽ᵈ⁾.
      let sumGammaR = 0;
      let sumGammaW = 0;
      for (let j = 0; j < withPurchase; j++) {
        const gamma = gammas[drawOf[j] as number] as number;
        scaledR[j] = gamma * (R[j] as number);
        scaledW[j] = gamma * (W[j] as number);
        sumGammaR += scaledR[j] as number;
        sumGammaW += scaledW[j] as number;
      }
      shared.sumGammaR[at] = sumGammaR;
      shared.sumGammaW[at] = sumGammaW;
      for (let k = own ? last : first; k < last; k++) {
        const row = this.rowsOf[k] as number;
        const spent = this.spent[row] as number;
        if (spent === 0) own = true;
        else {
          pendingSpent[pending] = spent;
          pendingRow[pending++] = row;
        }
      }
    }
    if (own) {
      scratch.set((gammas === undefined ? R : scaledR).subarray(0, withPurchase));
      selectQuantiles(scratch, levels, shared.R, at, withPurchase, zeros);
      scratch.set((gammas === undefined ? W : scaledW).subarray(0, withPurchase));
      selectQuantiles(scratch, levels, shared.W, at, withPurchase, zeros);
    }
    const { revenueQuantiles: revenueQ, clvQuantiles: clvQ } = this.rows;
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
      const { selectionR, selectionW, alongR, alongW } = this;
      selectionR.load(scaledR, R, withPurchase);
      selectionW.load(scaledW, W, withPurchase);
      sortAscendingWith(pendingSpent, pendingRow, 0, pending - 1);
      for (let j = 0; j < L; j++) {
        const above = (this.ranks[j] as number) - zeros - 1;
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
    if (at === this.single) shared.writeRow(this.rowsOf[first] as number, at);
  }

  /** Writes the rows of the histories with two or more customers from their slots, in row order. */
  finish(): void {
    this.shared.writeRows(this.grouped.groupOf, this.slotOf);
  }
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
