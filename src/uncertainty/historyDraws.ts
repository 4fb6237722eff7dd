/**
 * The draws of one purchase history (x, t_x, T) in the per-customer engine (`simulateCustomerValue`), and the
 * spend draws every history shares. Two producers fill them — the model's path sampler, or its scaled paths
 * (`scaledHistoryDraws.ts`) — and the engine turns each history's draws into its customers' summaries.
 */
import type { Random } from '../models/simulate/random.js';
import { histogramHolding } from './countHistogram.js';
import type { ValueSimulation } from './simulateValue.js';
import { spendStream } from './simulationParts.js';

/** One history's D draws: the purchase counts' histogram, and R⁽ᵈ⁾, W⁽ᵈ⁾ of the draws with a purchase. */
export class HistoryDraws {
  /** histogram[y]: draws with y purchases in the horizon. */
  histogram = new Float64Array(16);
  /** drawOf[j], R[j], W[j] for the j-th draw with a purchase (j < withPurchase). */
  readonly drawOf: Int32Array;
  readonly R: Float64Array;
  readonly W: Float64Array;
  withPurchase = 0;
  /** Σ of the purchases over the draws, and Σ R, Σ W. */
  bought = 0;
  sumR = 0;
  sumW = 0;

  /** `model`: the transaction model's id, named if a draw's count passes `MAX_DRAWN_PURCHASES`. */
  constructor(
    draws: number,
    private readonly model: string,
  ) {
    this.drawOf = new Int32Array(draws);
    this.R = new Float64Array(draws);
    this.W = new Float64Array(draws);
  }

  /** histogram[0, used) may be non-zero: a reset clears only that far (one heavy history's length is not paid again). */
  private used = 1;

  /** Starts the next history. */
  reset(): void {
    this.histogram.fill(0, 0, this.used);
    this.used = 1;
    this.withPurchase = 0;
    this.bought = 0;
    this.sumR = 0;
    this.sumW = 0;
  }

  /** `draws` draws without a purchase (one by default). */
  none(draws = 1): void {
    this.histogram[0] = (this.histogram[0] as number) + draws;
  }

  /** Draw d with `total` > 0 purchases, undiscounted value r and discounted value w (per unit of γ + x m̄). */
  add(d: number, total: number, r: number, w: number): void {
    this.histogram = histogramHolding(this.histogram, total, this.model);
    this.histogram[total] = (this.histogram[total] as number) + 1;
    if (total >= this.used) this.used = total + 1;
    const j = this.withPurchase++;
    this.drawOf[j] = d;
    this.R[j] = r;
    this.W[j] = w;
    this.bought += total;
    this.sumR += r;
    this.sumW += w;
  }
}

/**
 * What a producer of history draws hands each history to once its draws are in the `HistoryDraws`: the per-customer
 * engine's summaries (an object with a method, compiled once, rather than a closure made per run).
 */
export interface HistorySummaries {
  /** Summarizes history g from the draws just produced. */
  summarize(g: number): void;
}

/** The spend draws shared by every history: standard purchase values per draw, and G per draw and x. */
export interface SharedSpendDraws {
  /** γ of the fit (used without spend parameter draws). */
  readonly gamma: number;
  /** γ⁽ᵈ⁾ per draw, with spend parameter draws. */
  readonly gammaDraws: Float64Array | undefined;
  /** G⁽ᵈ⁾ ~ Gamma(q⁽ᵈ⁾ + p⁽ᵈ⁾ x, 1) for d = 0 … D−1, drawn on the first request for this x. */
  rateDraws(x: number): Float64Array;
  /**
   * Draw d's running sums of standard purchase values: cumulative[d · stride + j] = z_d1 + … + z_dj (0 at j = 0),
   * z ~ Gamma(p⁽ᵈ⁾, 1), valid for j ≤ the largest `purchases` asked of `cover(d, …)`. One flat array, so a draw's
   * lookups stay in one place; it and the stride change when a cover grows them.
   */
  cumulative: Float64Array;
  stride: number;
  /** Makes cumulative[d · stride + j] valid for j ≤ `purchases` (drawing draw d's next values as needed). */
  cover(d: number, purchases: number): void;
}

/**
 * A copy of `rows` rows of `from` values each (row r at r · from) laid out `to` apart (to ≥ from), the rest of
 * each row 0: the per-draw stores of the per-customer engine grow this way when a draw needs a longer row.
 *
 * @example restrided(Float64Array.of(1, 2, 3, 4), 2, 2, 3) // Float64Array [1, 2, 0, 3, 4, 0]
 */
export function restrided(values: Float64Array, rows: number, from: number, to: number): Float64Array {
  const out = new Float64Array(rows * to);
  for (let r = 0; r < rows && from > 0; r++) out.set(values.subarray(r * from, (r + 1) * from), r * to);
  return out;
}

/** The shared spend draws of a Gamma-Gamma valuation, from the run's spend stream (drawn as first needed). */
export function sharedSpendDraws(
  valuation: Extract<ValueSimulation['valuation'], { kind: 'gammaGamma' }>,
  D: number,
  seed: number,
): SharedSpendDraws {
  return new GammaGammaSpendDraws(valuation, D, seed);
}

/** `sharedSpendDraws`' store (a class: one set of compiled methods for every run). */
class GammaGammaSpendDraws implements SharedSpendDraws {
  readonly gamma: number;
  readonly gammaDraws: Float64Array | undefined;
  cumulative: Float64Array = new Float64Array(0);
  stride = 0;
  private readonly random: Random;
  /** p⁽ᵈ⁾ and q⁽ᵈ⁾ per draw. */
  private readonly p: Float64Array;
  private readonly q: Float64Array;
  private readonly rates = new Map<number, Float64Array>();
  /** The last j drawn of each draw's running sums. */
  private readonly filled: Int32Array;

  constructor(
    valuation: Extract<ValueSimulation['valuation'], { kind: 'gammaGamma' }>,
    private readonly D: number,
    seed: number,
  ) {
    this.random = spendStream(seed);
    const v = valuation.draws?.values;
    this.p = Float64Array.from({ length: D }, (_, d) =>
      v === undefined ? valuation.params[0] : (v[3 * d] as number),
    );
    this.q = Float64Array.from({ length: D }, (_, d) =>
      v === undefined ? valuation.params[1] : (v[3 * d + 1] as number),
    );
    this.gamma = valuation.params[2];
    this.gammaDraws =
      v === undefined ? undefined : Float64Array.from({ length: D }, (_, d) => v[3 * d + 2] as number);
    this.filled = new Int32Array(D);
  }

  rateDraws(x: number): Float64Array {
    let g = this.rates.get(x);
    if (g === undefined) {
      const { D, p, q, random } = this;
      g = new Float64Array(D);
      for (let d = 0; d < D; d++) g[d] = random.gamma((q[d] as number) + (p[d] as number) * x, 1);
      this.rates.set(x, g);
    }
    return g;
  }

  cover(d: number, purchases: number): void {
    let have = this.filled[d] as number;
    if (have >= purchases) return;
    if (purchases >= this.stride) {
      // A longer stride for every draw: their values drawn so far move, nothing is drawn for them.
      const old = this.stride;
      let stride = Math.max(old, 16);
      while (stride <= purchases) stride *= 2;
      this.cumulative = restrided(this.cumulative, this.D, old, stride);
      this.stride = stride;
    }
    const Z = this.cumulative;
    const at = d * this.stride;
    const shape = this.p[d] as number;
    const random = this.random;
    for (; have < purchases; have++) Z[at + have + 1] = (Z[at + have] as number) + random.gamma(shape, 1);
    this.filled[d] = have;
  }
}
