/**
 * The draws of every purchase history from the model's scaled paths (`ModelKernels.futurePurchaseScaledPaths`),
 * for the per-customer engine: histories with the same x share each draw's variates — the alive or lifetime
 * variate L_d and the purchase products P_d1 < P_d2 < … up to the drop-out — and a history only scales them:
 * purchase j at a P_dj − b, alive iff c L_d > e. So a history's draw costs a comparison and, per purchase in the
 * horizon, a multiplication, with no logarithm or power (those are spent once per draw and x, and per history
 * on its scales). Common random numbers across histories (Glasserman 2003, §4.2), as for the spend values: each
 * history's own D draws stay independent and exactly distributed as the path sampler's.
 *
 * The draw loop calls no closure made for the run, only class methods (the random source, the paths, the spend
 * values, `h`): optimized code that inlined a run's closure is thrown away once that closure is gone, so a
 * closure per run would have this loop compiled anew on every run (measured: 50–90 ms of compilation per call
 * for a million customers, docs/intervals.md).
 */
import type { GroupedCustomers } from '../models/data/groupCustomers.js';
import type { ModelParams, ModelSpec, PathScales, ScaledPurchasePaths } from '../models/model.js';
import { MAX_DRAWN_PURCHASES, tooManyPurchases } from '../models/simulate/countDraws.js';
import type { Random } from '../models/simulate/random.js';
import {
  type HistoryDraws,
  type HistorySummaries,
  restrided,
  type SharedSpendDraws,
} from './historyDraws.js';
import { type ParameterDraws, parameterRow } from './parameterDraws.js';

/** Histories whose scales are computed together (memory: parameter rows × this × 4 numbers). */
const SCALE_BLOCK = 1024;

/** What `scaledHistoryDraws` draws over. */
export interface ScaledHistoryRun {
  readonly spec: ModelSpec;
  readonly grouped: GroupedCustomers;
  readonly params: ModelParams;
  readonly parameterDraws: ParameterDraws | undefined;
  /** Consecutive draws that share one parameter row (row k · drawsPerRow serves draws k · drawsPerRow …). */
  readonly drawsPerRow: number;
  readonly draws: number;
  readonly step: number;
  readonly steps: number;
  /** Discount factor of each step. */
  readonly factors: Float64Array;
  readonly spend: SharedSpendDraws;
  readonly random: Random;
}

/**
 * Fills `h` with each history's D draws and calls `summaries.summarize(g)` for history g (every history once, grouped by x).
 * Draw d: L_d and P_d1 from `begin`, the rest of P_d· from `next` as far as some history of this x needs them;
 * the history's purchases are j = 1, 2, … while a P_dj − b ≤ min(end, c L_d − e) (the lifetime bound only with
 * `lifetime`), each valued with draw d's j-th standard purchase value z_dj and discounted by its step's factor:
 * R = Σ_j z_dj / G_d, W = Σ_j f_{k(j)} z_dj / G_d (G_d the spend rate draw of this x).
 *
 * @example scaledHistoryDraws(run, h, summarizer)
 */
export function scaledHistoryDraws(
  run: ScaledHistoryRun,
  h: HistoryDraws,
  summaries: HistorySummaries,
): void {
  const { grouped, parameterDraws, draws: D, step, steps, factors, spend, random } = run;
  const kernel = run.spec.kernels.futurePurchaseScaledPaths as NonNullable<
    ModelSpec['kernels']['futurePurchaseScaledPaths']
  >;
  const perRow = parameterDraws === undefined ? D : Math.max(1, Math.floor(run.drawsPerRow));
  const K = Math.ceil(D / perRow);
  const end = step * steps;
  const lastStep = steps - 1;
  const G = grouped.frequency.length;

  // Histories by x level (counting sort of the level codes).
  const { values: levelValues, code } = grouped.frequencyLevels;
  const levelStart = new Uint32Array(levelValues.length + 1);
  for (let g = 0; g < G; g++) {
    const next = (code[g] as number) + 1;
    levelStart[next] = (levelStart[next] as number) + 1;
  }
  for (let l = 0; l < levelValues.length; l++)
    levelStart[l + 1] = (levelStart[l + 1] as number) + (levelStart[l] as number);
  const order = new Uint32Array(G);
  const fill = levelStart.slice(0, levelValues.length);
  for (let g = 0; g < G; g++) {
    const l = code[g] as number;
    order[fill[l] as number] = g;
    fill[l] = (fill[l] as number) + 1;
  }

  const life = new Float64Array(D);
  const length = new Int32Array(D);
  const ended = new Uint8Array(D);
  let pStride = 8;
  let P: Float64Array = new Float64Array(D * pStride);
  const firstOut = new Float64Array(1);
  /** P_d1 of every draw, apart from the rest, so that a draw without a purchase reads two dense arrays only. */
  const firstP = new Float64Array(D);
  const rowScales: PathScales = {
    a: new Float64Array(SCALE_BLOCK),
    b: new Float64Array(SCALE_BLOCK),
    c: new Float64Array(SCALE_BLOCK),
    e: new Float64Array(SCALE_BLOCK),
  };
  const scales = new Float64Array(4 * K * SCALE_BLOCK);
  const frequency = new Float64Array(SCALE_BLOCK);
  const recency = new Float64Array(SCALE_BLOCK);
  const T = new Float64Array(SCALE_BLOCK);
  let families: ScaledPurchasePaths[] = [];

  // Draw d's standard purchase values: Z[d · zStride + j] = z_d1 + … + z_dj, for every j its products reach (read
  // again after every `spend.cover`, which may grow them).
  let Z = spend.cumulative;
  let zStride = spend.stride;

  for (let level = 0; level < levelValues.length; level++) {
    const x = levelValues[level] as number;
    families = Array.from({ length: K }, (_, k) =>
      kernel(parameterDraws === undefined ? run.params : parameterRow(parameterDraws, k * perRow), x),
    );
    const lifetime = (families[0] as ScaledPurchasePaths).lifetime;
    const rate = spend.rateDraws(x);
    for (let d = 0; d < D; d++) {
      life[d] = (families[(d / perRow) | 0] as ScaledPurchasePaths).begin(random, firstOut);
      firstP[d] = firstOut[0] as number;
      P[d * pStride] = firstOut[0] as number;
      length[d] = 1;
      ended[d] = 0;
      spend.cover(d, 1);
    }
    Z = spend.cumulative;
    zStride = spend.stride;
    for (let b0 = levelStart[level] as number; b0 < (levelStart[level + 1] as number); b0 += SCALE_BLOCK) {
      const m = Math.min(SCALE_BLOCK, (levelStart[level + 1] as number) - b0);
      for (let q = 0; q < m; q++) {
        const g = order[b0 + q] as number;
        frequency[q] = grouped.frequency[g] as number;
        recency[q] = grouped.recency[g] as number;
        T[q] = grouped.T[g] as number;
      }
      const columns = {
        frequency: frequency.subarray(0, m),
        recency: recency.subarray(0, m),
        T: T.subarray(0, m),
        weights: undefined,
      };
      // Each parameter row's scales of the block's histories, then laid out history by history (4 numbers per
      // row, the rows in order), so that a history's draws read its scales from one place.
      for (let k = 0; k < K; k++) {
        (families[k] as ScaledPurchasePaths).scales(columns, rowScales);
        const { a, b, c, e } = rowScales;
        for (let q = 0; q < m; q++) {
          const at = 4 * (q * K + k);
          scales[at] = a[q] as number;
          scales[at + 1] = b[q] as number;
          scales[at + 2] = c[q] as number;
          scales[at + 3] = e[q] as number;
        }
      }
      for (let q = 0; q < m; q++) {
        h.reset();
        let none = 0;
        for (let k = 0; k < K; k++) {
          const at = 4 * (q * K + k);
          const a = scales[at] as number;
          const b = scales[at + 1] as number;
          const c = scales[at + 2] as number;
          const e = scales[at + 3] as number;
          const dEnd = Math.min(D, (k + 1) * perRow);
          for (let d = k * perRow; d < dEnd; d++) {
            const remaining = c * (life[d] as number) - e;
            const until = lifetime && remaining < end ? remaining : end;
            // Dead at T, or no purchase in the horizon: decided from the draw's first variates alone.
            const first = a * (firstP[d] as number) - b;
            if (!(remaining > 0 && first <= until)) {
              none++;
              continue;
            }
            let zAt = d * zStride;
            let j = 0;
            let w = 0;
            let t = first;
            for (;;) {
              // The purchase's step: `stepIndex`'s rule, written out in this loop (the hottest of the engine).
              let k = Math.ceil(t / step) - 1;
              if (k > lastStep) k = lastStep;
              else if (k < 0) k = 0;
              if (++j > MAX_DRAWN_PURCHASES) throw tooManyPurchases(run.spec.model);
              w += ((Z[zAt + j] as number) - (Z[zAt + j - 1] as number)) * (factors[k] as number);
              if (j === length[d]) {
                // The draw's products end here: its next one (P_d(j+1)), or its drop-out after purchase j.
                if (ended[d] === 1) break;
                const next = (families[(d / perRow) | 0] as ScaledPurchasePaths).next(
                  random,
                  P[d * pStride + j - 1] as number,
                  j,
                );
                if (next === 0) {
                  ended[d] = 1;
                  break;
                }
                if (j === pStride) {
                  P = restrided(P, D, pStride, 2 * pStride);
                  pStride *= 2;
                }
                P[d * pStride + j] = next;
                length[d] = j + 1;
                spend.cover(d, j + 1);
                Z = spend.cumulative;
                zStride = spend.stride;
                zAt = d * zStride; // the extension may have moved the spend values
              }
              t = a * (P[d * pStride + j] as number) - b;
              if (!(t <= until)) break;
            }
            const g = rate[d] as number;
            h.add(d, j, (Z[zAt + j] as number) / g, w / g);
          }
        }
        h.none(none);
        summaries.summarize(order[b0 + q] as number);
      }
    }
  }
}
