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
import type { FuturePurchasePathSampler, ModelSpec } from '../models/model.js';
import { histogramQuantile, quantileAboveZeros } from './quantiles.js';
import type { ValueDraws, ValueSimulation } from './simulateValue.js';
import { forEachSamplerBlock, purchaseStream, rowsByGroup, spendStream } from './simulationParts.js';

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
  const kernel = s.spec.kernels.futurePurchasePathSampler as NonNullable<
    ModelSpec['kernels']['futurePurchasePathSampler']
  >;
  const grouped = groupCustomers({ frequency: c.frequency, recency: c.recency, T: c.T, weights: undefined });
  const G = grouped.frequency.length;
  const { start, rowsOf } = rowsByGroup(grouped.groupOf, G);
  const groupSizes = new Float64Array(labels?.count ?? 1);
  for (let i = 0; i < n; i++) {
    const label = labels === undefined ? 0 : (labels.index[i] as number);
    groupSizes[label] = (groupSizes[label] as number) + (weights === undefined ? 1 : (weights[i] as number));
  }

  const revenueMean = new Float64Array(n);
  const clvMean = new Float64Array(n);
  const probabilityNone = new Float64Array(n);
  const purchasesMean = new Float64Array(n);
  const revenueQ = levels.map(() => new Float64Array(n));
  const clvQ = levels.map(() => new Float64Array(n));
  const purchasesQ = levels.map(() => new Float64Array(n));

  const random = purchaseStream(s.seed);
  if (valuation.kind !== 'gammaGamma') throw new Error('simulateCustomerValue: a Gamma-Gamma valuation');
  const spend = sharedSpendDraws(valuation, D, s.seed);

  // Per history: the draws with a purchase (their index, R and W), and a histogram of the purchase counts.
  const counts = new Float64Array(H);
  const drawOf = new Int32Array(D);
  const R = new Float64Array(D);
  const W = new Float64Array(D);
  const scratch = new Float64Array(D);
  /** Each level's quantile of the draws in scratch[0 … stored) plus `zeros` zero draws, into row `row`. */
  const selectQuantiles = (out: readonly Float64Array[], row: number, stored: number, zeros: number) => {
    for (let j = 0; j < L; j++)
      (out[j] as Float64Array)[row] = quantileAboveZeros(scratch, stored, zeros, levels[j] as number);
  };
  const scaledR = new Float64Array(D);
  const scaledW = new Float64Array(D);
  let histogram = new Float64Array(16);
  // The history's quantiles (one value per level), as `selectQuantiles` writes them: level j at historyR[j][0].
  const historyR = levels.map(() => new Float64Array(1));
  const historyW = levels.map(() => new Float64Array(1));
  const historyN = new Float64Array(L);

  forEachSamplerBlock(
    grouped,
    s.params,
    s.parameterDraws,
    (p, c) => kernel(p, step, H, c),
    (b0, b1, samplers, stride) => {
      for (let g = b0; g < b1; g++) {
        const local = g - b0;
        const x = grouped.frequency[g] as number;
        const rateDraws = spend.rateDraws(x);
        histogram.fill(0);
        let bought = 0;
        let withPurchase = 0;
        let sumR = 0;
        let sumW = 0;
        for (let d = 0; d < D; d++) {
          const total = (samplers[d * stride] as FuturePurchasePathSampler)(local, random, counts);
          if (total >= histogram.length) {
            const grown = new Float64Array(Math.max(2 * histogram.length, total + 1));
            grown.set(histogram);
            histogram = grown;
          }
          histogram[total] = (histogram[total] as number) + 1;
          if (total === 0) continue;
          bought += total;
          // The history's purchases take the draw's standard values in step order: S_k = Z[c + N_k] − Z[c].
          if (total >= spend.stride) spend.grow(total);
          const Z = spend.cumulative;
          let taken = d * spend.stride;
          let r = 0;
          let w = 0;
          for (let k = 0; k < H; k++) {
            const v = counts[k] as number;
            if (v === 0) continue;
            counts[k] = 0;
            const value = (Z[taken + v] as number) - (Z[taken] as number);
            taken += v;
            r += value;
            w += value * (factors[k] as number);
          }
          const rate = rateDraws[d] as number;
          r /= rate;
          w /= rate;
          drawOf[withPurchase] = d;
          R[withPurchase] = r;
          W[withPurchase] = w;
          withPurchase++;
          sumR += r;
          sumW += w;
        }
        const zeros = D - withPurchase;
        for (let j = 0; j < L; j++) historyN[j] = histogramQuantile(histogram, D, levels[j] as number);
        // One scale for the whole history (no spend parameter draws): its quantiles, selected once.
        const oneScale = spend.gammaDraws === undefined;
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
        for (let k = start[g] as number; k < (start[g + 1] as number); k++) {
          const row = rowsOf[k] as number;
          probabilityNone[row] = zeros / D;
          purchasesMean[row] = bought / D;
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
          // Spend parameter draws: draw d of the customer is (γ⁽ᵈ⁾ + x m̄) R⁽ᵈ⁾; a repeated amount copies its row.
          leaders ??= new Map();
          const first = leaders.get(spent);
          if (first !== undefined) {
            revenueMean[row] = revenueMean[first] as number;
            clvMean[row] = clvMean[first] as number;
            for (let j = 0; j < L; j++) {
              (revenueQ[j] as Float64Array)[row] = (revenueQ[j] as Float64Array)[first] as number;
              (clvQ[j] as Float64Array)[row] = (clvQ[j] as Float64Array)[first] as number;
            }
            continue;
          }
          leaders.set(spent, row);
          revenueMean[row] = (sumGammaR + spent * sumR) / D;
          clvMean[row] = (margin * (sumGammaW + spent * sumW)) / D;
          for (let j = 0; j < withPurchase; j++)
            scratch[j] = (scaledR[j] as number) + spent * (R[j] as number);
          selectQuantiles(revenueQ, row, withPurchase, zeros);
          for (let j = 0; j < withPurchase; j++)
            scratch[j] = margin * ((scaledW[j] as number) + spent * (W[j] as number));
          selectQuantiles(clvQ, row, withPurchase, zeros);
        }
      }
    },
  );
  return {
    revenueMean,
    revenueQuantiles: revenueQ,
    clvMean,
    clvQuantiles: clvQ,
    probabilityNone,
    purchasesMean,
    purchasesQuantiles: purchasesQ,
    revenueTotals: new Float64Array(0),
    clvTotals: new Float64Array(0),
    groupSizes,
  };
}

/** The spend draws shared by every history: standard purchase values per draw, and G per draw and x. */
interface SharedSpendDraws {
  /** γ of the fit (used without spend parameter draws). */
  readonly gamma: number;
  /** γ⁽ᵈ⁾ per draw, with spend parameter draws. */
  readonly gammaDraws: Float64Array | undefined;
  /** G⁽ᵈ⁾ ~ Gamma(q⁽ᵈ⁾ + p⁽ᵈ⁾ x, 1) for d = 0 … D−1, drawn on the first request for this x. */
  rateDraws(x: number): Float64Array;
  /**
   * Draw d's running sums of standard purchase values: cumulative[d · stride + j] = z_d1 + … + z_dj (0 at j = 0),
   * z ~ Gamma(p⁽ᵈ⁾, 1), for j < stride. One flat array, so a draw's lookups stay in one place.
   */
  cumulative: Float64Array;
  stride: number;
  /** Makes stride exceed `purchases` (more values for every draw, in draw order). */
  grow(purchases: number): void;
}

/** The shared spend draws of a Gamma-Gamma valuation, from the run's spend stream (drawn as first needed). */
function sharedSpendDraws(
  valuation: Extract<ValueSimulation['valuation'], { kind: 'gammaGamma' }>,
  D: number,
  seed: number,
): SharedSpendDraws {
  const random = spendStream(seed);
  const v = valuation.draws?.values;
  const p = Float64Array.from({ length: D }, (_, d) =>
    v === undefined ? valuation.params[0] : (v[3 * d] as number),
  );
  const q = Float64Array.from({ length: D }, (_, d) =>
    v === undefined ? valuation.params[1] : (v[3 * d + 1] as number),
  );
  const gammaDraws =
    v === undefined ? undefined : Float64Array.from({ length: D }, (_, d) => v[3 * d + 2] as number);
  const rates = new Map<number, Float64Array>();
  const draws: SharedSpendDraws = {
    gamma: valuation.params[2],
    gammaDraws,
    cumulative: new Float64Array(0),
    stride: 0,
    rateDraws(x) {
      let g = rates.get(x);
      if (g === undefined) {
        g = new Float64Array(D);
        for (let d = 0; d < D; d++) g[d] = random.gamma((q[d] as number) + (p[d] as number) * x, 1);
        rates.set(x, g);
      }
      return g;
    },
    grow(purchases) {
      const old = draws.stride;
      let stride = Math.max(old, 16);
      while (stride <= purchases) stride *= 2;
      const cumulative = new Float64Array(D * stride);
      for (let d = 0; d < D; d++) {
        const at = d * stride;
        cumulative.set(draws.cumulative.subarray(d * old, (d + 1) * old), at);
        for (let j = Math.max(old, 1); j < stride; j++)
          cumulative[at + j] = (cumulative[at + j - 1] as number) + random.gamma(p[d] as number, 1);
      }
      draws.cumulative = cumulative;
      draws.stride = stride;
    },
  };
  return draws;
}
