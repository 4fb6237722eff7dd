/**
 * What the customers of one purchase history share in the per-customer engine (`simulateCustomerValue`), kept
 * once per history (its slot) and written to each of its customers' rows. Under Gamma-Gamma a customer's draws
 * of revenue are (γ⁽ᵈ⁾ + x m̄) R⁽ᵈ⁾ and of CLV margin · (γ⁽ᵈ⁾ + x m̄) W⁽ᵈ⁾, with R and W the history's, so:
 *
 * - P(none) and the purchases' mean and quantiles are the history's;
 * - the means are linear in x m̄: (Σ_d γ⁽ᵈ⁾ R⁽ᵈ⁾ + x m̄ Σ_d R⁽ᵈ⁾) / D (γ⁽ᵈ⁾ = γ without spend parameter draws);
 * - without spend parameter draws the money quantiles are the history's quantiles of R and W times γ + x m̄;
 *   with them, only a customer with x m̄ = 0 has the history's quantiles of γ⁽ᵈ⁾ R⁽ᵈ⁾ and γ⁽ᵈ⁾ W⁽ᵈ⁾ (the engine
 *   selects the others' own).
 *
 * A class, so that the pass over every row is compiled once per process.
 */
import type { RowSummaries } from './simulationParts.js';

/** The slots of a run's histories and the rows they write. */
export class HistorySlots {
  /** P(none) and the mean purchases per slot. */
  readonly none: Float64Array;
  readonly bought: Float64Array;
  /** The purchases' quantile of each level per slot. */
  readonly purchasesQ: Float64Array[];
  /** Σ_d R⁽ᵈ⁾, Σ_d W⁽ᵈ⁾, and Σ_d γ⁽ᵈ⁾ R⁽ᵈ⁾, Σ_d γ⁽ᵈ⁾ W⁽ᵈ⁾ (with spend parameter draws) per slot. */
  readonly sumR: Float64Array;
  readonly sumW: Float64Array;
  readonly sumGammaR: Float64Array;
  readonly sumGammaW: Float64Array;
  /**
   * Quantiles of R⁽ᵈ⁾ and W⁽ᵈ⁾ (no spend parameter draws: a customer's are them times γ + x m̄), or of γ⁽ᵈ⁾ R⁽ᵈ⁾
   * and γ⁽ᵈ⁾ W⁽ᵈ⁾ (with them: the quantiles of the history's customers with x m̄ = 0), per level and slot.
   */
  readonly R: Float64Array[];
  readonly W: Float64Array[];

  /**
   * `count` slots for the rows `rows`; `spent` is each row's x m̄, `gamma` the spend fit's γ when there are no
   * spend parameter draws (`oneScale`), `draws` the draws per customer.
   *
   * @example new HistorySlots(2, [0.05, 0.95], rows, spent, true, 15.4, 1, 1000)
   */
  constructor(
    count: number,
    levels: readonly number[],
    private readonly rows: RowSummaries,
    private readonly spent: Float64Array,
    private readonly oneScale: boolean,
    private readonly gamma: number,
    private readonly margin: number,
    private readonly draws: number,
  ) {
    const column = () => new Float64Array(count);
    this.none = column();
    this.bought = column();
    this.purchasesQ = levels.map(column);
    this.sumR = column();
    this.sumW = column();
    this.sumGammaR = column();
    this.sumGammaW = column();
    this.R = levels.map(column);
    this.W = levels.map(column);
  }

  /**
   * Row `row`'s shared figures from slot `at`: P(none), the purchases, the means, and the money quantiles not
   * selected per customer (all of them without spend parameter draws; at x m̄ = 0 with them).
   *
   * @example slots.writeRow(17, 3)
   */
  writeRow(row: number, at: number): void {
    const { rows, margin, draws: D, sumR, sumW, R, W } = this;
    const L = R.length;
    const spent = this.spent[row] as number;
    rows.probabilityNone[row] = this.none[at] as number;
    rows.purchasesMean[row] = this.bought[at] as number;
    for (let j = 0; j < L; j++)
      (rows.purchasesQuantiles[j] as Float64Array)[row] = (this.purchasesQ[j] as Float64Array)[at] as number;
    if (this.oneScale) {
      const scale = this.gamma + spent;
      rows.revenueMean[row] = (scale * (sumR[at] as number)) / D;
      rows.clvMean[row] = (margin * scale * (sumW[at] as number)) / D;
      for (let j = 0; j < L; j++) {
        (rows.revenueQuantiles[j] as Float64Array)[row] = scale * ((R[j] as Float64Array)[at] as number);
        (rows.clvQuantiles[j] as Float64Array)[row] = margin * scale * ((W[j] as Float64Array)[at] as number);
      }
      return;
    }
    rows.revenueMean[row] = ((this.sumGammaR[at] as number) + spent * (sumR[at] as number)) / D;
    rows.clvMean[row] = (margin * ((this.sumGammaW[at] as number) + spent * (sumW[at] as number))) / D;
    if (spent === 0)
      for (let j = 0; j < L; j++) {
        (rows.revenueQuantiles[j] as Float64Array)[row] = (R[j] as Float64Array)[at] as number;
        (rows.clvQuantiles[j] as Float64Array)[row] = margin * ((W[j] as Float64Array)[at] as number);
      }
  }

  /**
   * `writeRow` for every row whose history has a slot (slotOf[groupOf[row]] ≥ 0), in row order.
   *
   * @example slots.writeRows(grouped.groupOf, slotOf)
   */
  writeRows(groupOf: ArrayLike<number>, slotOf: Int32Array): void {
    for (let row = 0; row < groupOf.length; row++) {
      const at = slotOf[groupOf[row] as number] as number;
      if (at >= 0) this.writeRow(row, at);
    }
  }
}
